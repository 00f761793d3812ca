"""Copying a topic plan from a parallel class or from last year's group."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from school import events
from school.errors import ApplicationError
from school.models import Event, LessonPlanItem, Role
from school.selectors.plans import plan_copy_sources
from school.services import plans as services
from school.tests.factories import (
    AcademicYearFactory,
    SchoolClassFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)


@pytest.fixture
def maths(school):
    return SubjectFactory(school=school, name="Математика")


@pytest.fixture
def target(year, maths, teacher):
    group = StudyGroupFactory(year=year, school_class__letter="Б")
    return TeachingAssignmentFactory(group=group, subject=maths, teacher=teacher)


@pytest.fixture
def last_year(school):
    return AcademicYearFactory(
        school=school,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 8, 31),
        is_current=False,
        name="2025/2026",
    )


def _fill(group, subject, dates):
    for number, day in enumerate(dates, start=1):
        LessonPlanItem.objects.create(
            school=group.school,
            year=group.year,
            group=group,
            subject=subject,
            number=number,
            topic=f"Тема {number}",
            section="Натуральные числа",
            hours=1,
            planned_on=day,
        )


def _topics(group, subject):
    return list(
        LessonPlanItem.objects.filter(group=group, subject=subject)
        .order_by("number")
        .values_list("number", "topic", "planned_on")
    )


def test_copy_from_a_parallel_class_without_dates(year, maths, target, teacher):
    # given
    parallel = StudyGroupFactory(year=year, school_class__letter="А")
    _fill(parallel, maths, [datetime.date(2026, 9, 1), datetime.date(2026, 9, 3)])
    # when
    services.plan_copy(
        actor=teacher,
        source_group=parallel,
        source_subject=maths,
        target_group=target.group,
        target_subject=maths,
    )
    # then
    assert _topics(target.group, maths) == [(1, "Тема 1", None), (2, "Тема 2", None)]
    copied = LessonPlanItem.objects.filter(group=target.group)
    assert {i.year_id for i in copied} == {year.pk}
    assert {
        h.history_user for h in LessonPlanItem.history.filter(group=target.group)
    } == {teacher}
    event = Event.objects.get(code=events.PLAN_COPIED)
    assert event.params["source_group"] == parallel.pk
    assert event.params["lessons"] == 2


def test_copy_from_last_year_moves_dates_by_whole_weeks(
    school, last_year, maths, target, teacher
):
    # given: last year's 5А began on Monday 1 September 2025
    old = StudyGroupFactory(year=last_year, school_class__letter="А")
    _fill(old, maths, [datetime.date(2025, 9, 1), datetime.date(2025, 9, 3), None])
    # when: this year starts on Tuesday 1 September 2026
    services.plan_copy(
        actor=teacher,
        source_group=old,
        source_subject=maths,
        target_group=target.group,
        target_subject=maths,
        shift_dates_to=datetime.date(2026, 9, 1),
    )
    # then: the first Monday on or after it, and weekdays kept
    assert _topics(target.group, maths) == [
        (1, "Тема 1", datetime.date(2026, 9, 7)),
        (2, "Тема 2", datetime.date(2026, 9, 9)),
        (3, "Тема 3", None),
    ]
    assert Event.objects.get(code=events.PLAN_COPIED).params["weeks"] == 53


def test_dates_leaving_the_target_year_are_cleared(year, maths, target, teacher):
    # given
    parallel = StudyGroupFactory(year=year, school_class__letter="В")
    _fill(parallel, maths, [datetime.date(2026, 9, 1), datetime.date(2027, 8, 20)])
    # when
    services.plan_copy(
        actor=teacher,
        source_group=parallel,
        source_subject=maths,
        target_group=target.group,
        target_subject=maths,
        shift_dates_to=datetime.date(2026, 9, 15),
    )
    # then
    assert [d for _n, _t, d in _topics(target.group, maths)] == [
        datetime.date(2026, 9, 15),
        None,
    ]


def test_nonempty_target_needs_an_explicit_replace(year, maths, target, teacher):
    # given
    parallel = StudyGroupFactory(year=year, school_class__letter="Г")
    _fill(parallel, maths, [None, None, None])
    LessonPlanItem.objects.create(
        school=year.school,
        year=year,
        group=target.group,
        subject=maths,
        number=1,
        topic="Своя тема",
    )
    history = LessonPlanItem.history.count()
    kwargs = {
        "actor": teacher,
        "source_group": parallel,
        "source_subject": maths,
        "target_group": target.group,
        "target_subject": maths,
    }
    # when / then
    with pytest.raises(ApplicationError):
        services.plan_copy(**kwargs)
    assert _topics(target.group, maths) == [(1, "Своя тема", None)]
    assert LessonPlanItem.history.count() == history
    # when
    services.plan_copy(**kwargs, replace=True)
    # then
    assert [t for _n, t, _d in _topics(target.group, maths)] == [
        "Тема 1",
        "Тема 2",
        "Тема 3",
    ]


def test_empty_source_is_refused(year, maths, target, teacher):
    # given
    parallel = StudyGroupFactory(year=year)
    # when / then
    with pytest.raises(ApplicationError):
        services.plan_copy(
            actor=teacher,
            source_group=parallel,
            source_subject=maths,
            target_group=target.group,
            target_subject=maths,
        )


def test_copy_from_another_school_is_refused(other_school, maths, target, teacher):
    # given
    foreign = StudyGroupFactory(year=AcademicYearFactory(school=other_school))
    foreign_maths = SubjectFactory(school=other_school)
    _fill(foreign, foreign_maths, [None])
    # when / then
    with pytest.raises(ValidationError):
        services.plan_copy(
            actor=teacher,
            source_group=foreign,
            source_subject=foreign_maths,
            target_group=target.group,
            target_subject=maths,
        )
    assert not LessonPlanItem.objects.filter(group=target.group).exists()
    assert not Event.objects.filter(code=events.PLAN_COPIED).exists()


def test_copy_into_a_plan_of_another_teacher_is_refused(school, year, maths, target):
    # given
    parallel = StudyGroupFactory(year=year)
    _fill(parallel, maths, [None])
    stranger = member(Role.TEACHER, school)
    history = LessonPlanItem.history.count()
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_copy(
            actor=stranger,
            source_group=parallel,
            source_subject=maths,
            target_group=target.group,
            target_subject=maths,
        )
    assert not LessonPlanItem.objects.filter(group=target.group).exists()
    assert LessonPlanItem.history.count() == history


def test_sources_are_parallel_classes_and_last_year(year, last_year, maths, target):
    # given
    parallel = StudyGroupFactory(year=year, school_class__letter="Д")
    _fill(parallel, maths, [None, None])
    empty_parallel = StudyGroupFactory(year=year)
    other_grade = StudyGroupFactory(
        year=year, school_class=SchoolClassFactory(year=year, grade=6)
    )
    _fill(other_grade, maths, [None])
    old = StudyGroupFactory(year=last_year, school_class__letter="Е")
    _fill(old, maths, [None])
    older_year = AcademicYearFactory(
        school=year.school,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2025, 8, 31),
        is_current=False,
        name="2024/2025",
    )
    _fill(StudyGroupFactory(year=older_year), maths, [None])
    _fill(target.group, maths, [None])
    # when
    sources = plan_copy_sources(target.group, maths)
    # then
    assert [(s.group, s.count, s.previous_year) for s in sources] == [
        (parallel, 2, False),
        (old, 1, True),
    ]
    assert empty_parallel not in [s.group for s in sources]
