"""The schedule of internal control works (ВШК): one a day for a class."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from school.errors import ApplicationError
from school.models import ControlWork, GroupKind, Role
from school.selectors.plans import (
    control_work_list_for_group,
    control_work_list_for_school,
)
from school.services import control_works as services
from school.tests.factories import (
    AcademicYearFactory,
    SchoolClassFactory,
    StudyGroupFactory,
    SubjectFactory,
    WorkKindFactory,
    member,
)

DAY = datetime.date(2026, 11, 26)


@pytest.fixture
def class_5a(year):
    return SchoolClassFactory(year=year, grade=5, letter="А")


@pytest.fixture
def group(year, class_5a):
    return StudyGroupFactory(year=year, school_class=class_5a)


@pytest.fixture
def maths(school):
    return SubjectFactory(school=school, name="Математика")


@pytest.fixture
def russian(school):
    return SubjectFactory(school=school, name="Русский язык")


def _create(actor, group, subject, day=DAY, title="Контрольная работа № 1"):
    return services.control_work_create(
        actor=actor, group=group, subject=subject, date=day, title=title
    )


def test_deputy_schedules_a_control_work(deputy, group, maths, school):
    # given
    kind = WorkKindFactory(school=school, name="Контрольная работа", is_control=True)
    # when
    work = services.control_work_create(
        actor=deputy,
        group=group,
        subject=maths,
        date=DAY,
        title="Входная контрольная",
        lesson_number=2,
        work_kind=kind,
    )
    # then
    assert (work.year, work.created_by, work.work_kind) == (group.year, deputy, kind)
    assert work.history.get().history_user == deputy


def test_second_work_the_same_day_is_refused_in_russian(deputy, group, maths, russian):
    # given
    _create(deputy, group, maths)
    # when / then
    with pytest.raises(ApplicationError) as caught:
        _create(deputy, group, russian, title="Диктант")
    assert str(caught.value.message).startswith(
        "В этот день у 5А уже есть контрольная работа: "
        "Математика — Контрольная работа № 1."
    )
    assert ControlWork.objects.count() == 1


def test_subgroup_of_the_same_class_clashes_on_another_subject(
    deputy, year, class_5a, group, maths, school
):
    # given
    english = SubjectFactory(school=school, name="Английский язык")
    sub1, sub2 = (
        StudyGroupFactory(
            year=year,
            school_class=class_5a,
            kind=GroupKind.SUBGROUP,
            subject=english,
            name=f"5А англ. {n}",
        )
        for n in (1, 2)
    )
    _create(deputy, sub1, english, title="Тест")
    # when: the other subgroup writes the same work the same day
    _create(deputy, sub2, english, title="Тест")
    # then: the whole class cannot get another subject that day
    with pytest.raises(ApplicationError):
        _create(deputy, group, maths)
    assert ControlWork.objects.count() == 2


def test_other_classes_may_write_the_same_day(deputy, year, group, maths):
    # given
    _create(deputy, group, maths)
    other = StudyGroupFactory(year=year, school_class__letter="Б")
    # when
    _create(deputy, other, maths)
    # then
    assert ControlWork.objects.count() == 2


def test_date_outside_the_year_is_refused(deputy, group, maths):
    # when / then
    with pytest.raises(ValidationError) as caught:
        _create(deputy, group, maths, day=datetime.date(2027, 9, 2))
    assert "2026/2027" in caught.value.message_dict["date"][0]
    assert ControlWork.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CLASS_TEACHER, Role.HR])
def test_staff_outside_the_administration_cannot_schedule(school, group, maths, role):
    # when / then
    with pytest.raises(PermissionDenied):
        _create(member(role, school), group, maths)
    assert ControlWork.objects.count() == 0
    assert ControlWork.history.count() == 0


def test_deputy_of_another_school_cannot_schedule(other_school, group, maths):
    # when / then
    with pytest.raises(PermissionDenied):
        _create(member(Role.DEPUTY, other_school), group, maths)
    assert ControlWork.history.count() == 0


def test_subject_of_another_school_is_refused(deputy, group, other_school):
    # when / then
    with pytest.raises(ValidationError):
        _create(deputy, group, SubjectFactory(school=other_school))
    assert ControlWork.objects.count() == 0


def test_update_onto_a_busy_day_is_refused_and_delete_works(
    deputy, group, maths, russian
):
    # given
    first = _create(deputy, group, maths)
    second = _create(deputy, group, russian, day=DAY + datetime.timedelta(days=1))
    # when / then
    with pytest.raises(ApplicationError):
        services.control_work_update(
            actor=deputy,
            work=second,
            group=group,
            subject=russian,
            date=DAY,
            title="Диктант",
        )
    second.refresh_from_db()
    assert second.date == DAY + datetime.timedelta(days=1)
    # when
    services.control_work_update(
        actor=deputy,
        work=first,
        group=group,
        subject=maths,
        date=DAY,
        title="Контрольная работа № 1 «Дроби»",
    )
    services.control_work_delete(actor=deputy, work=second)
    # then
    first.refresh_from_db()
    assert first.title == "Контрольная работа № 1 «Дроби»"
    assert list(ControlWork.objects.all()) == [first]
    assert ControlWork.history.filter(history_type="-").get().history_user == deputy


def test_list_for_school_by_month(school, deputy, year, group, maths, teacher):
    # given
    november = _create(deputy, group, maths, day=datetime.date(2026, 11, 30))
    _create(deputy, group, maths, day=datetime.date(2026, 12, 1))
    start, end = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    parent = member(Role.PARENT, school)
    # then
    assert list(control_work_list_for_school(teacher, school, start, end)) == [november]
    assert list(control_work_list_for_school(parent, school, start, end)) == []
    outsider = member(Role.DEPUTY, AcademicYearFactory().school)
    assert list(control_work_list_for_school(outsider, school, start, end)) == []


def test_list_for_groups(deputy, year, group, maths):
    # given
    mine = _create(deputy, group, maths)
    other = StudyGroupFactory(year=year)
    _create(deputy, other, maths)
    # when
    works = control_work_list_for_group([group.pk], DAY, DAY)
    # then
    assert list(works) == [mine]
