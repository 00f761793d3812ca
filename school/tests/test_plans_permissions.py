"""Who may change a topic plan (КТП): the subject's teacher there, or the office."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from school.models import AcademicYear, LessonPlanItem, Role
from school.permissions import can_edit_plan
from school.services import plans as services
from school.tests.factories import (
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)

TODAY = datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def load(school, teacher):
    year = AcademicYear.objects.get(school=school)
    subject = SubjectFactory(school=school, name="Математика")
    group = StudyGroupFactory(year=year)
    return TeachingAssignmentFactory(group=group, subject=subject, teacher=teacher)


def _nothing_written():
    assert LessonPlanItem.objects.count() == 0
    assert LessonPlanItem.history.count() == 0


def _plan(load, count):
    for n in range(1, count + 1):
        services.plan_item_create(
            actor=load.teacher, group=load.group, subject=load.subject, topic=f"Т{n}"
        )


def test_teacher_of_the_assignment_adds_a_lesson(load, teacher):
    # when
    item = services.plan_item_create(
        actor=teacher, group=load.group, subject=load.subject, topic="Дроби"
    )
    # then
    assert item.number == 1
    assert item.year == load.group.year
    assert item.history.get().history_user == teacher


def test_another_teacher_of_the_school_is_refused(load, school):
    # given
    stranger = member(Role.TEACHER, school)
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_item_create(
            actor=stranger, group=load.group, subject=load.subject, topic="Дроби"
        )
    _nothing_written()


def test_teacher_of_another_subject_in_the_group_is_refused(load, school):
    # given
    other = TeachingAssignmentFactory(
        group=load.group, teacher=member(Role.TEACHER, school)
    )
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_item_create(
            actor=other.teacher, group=load.group, subject=load.subject, topic="Т"
        )
    _nothing_written()


def test_ended_assignment_gives_no_right(load, teacher):
    # given
    load.ends_on = datetime.date(2026, 11, 1)
    load.save()
    # then
    assert not can_edit_plan(teacher, load.group, load.subject)
    with pytest.raises(PermissionDenied):
        services.plan_items_replace(
            actor=teacher,
            group=load.group,
            subject=load.subject,
            items=[{"number": 1, "topic": "Т"}],
        )
    _nothing_written()


def test_deputy_of_another_school_is_refused(load, other_school):
    # given
    deputy = member(Role.DEPUTY, other_school)
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_item_create(
            actor=deputy, group=load.group, subject=load.subject, topic="Т"
        )
    with pytest.raises(PermissionDenied):
        services.plan_items_replace(
            actor=deputy,
            group=load.group,
            subject=load.subject,
            items=[{"number": 1, "topic": "Т"}],
        )
    _nothing_written()


def test_deputy_of_the_school_edits_any_plan(load, school):
    # given
    deputy = member(Role.DEPUTY, school)
    # when
    services.plan_item_create(
        actor=deputy, group=load.group, subject=load.subject, topic="Т"
    )
    # then
    assert LessonPlanItem.objects.get().history.get().history_user == deputy


def test_subject_of_another_school_is_refused(load, school, other_school):
    # given
    deputy = member(Role.DEPUTY, school)
    foreign = SubjectFactory(school=other_school)
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_item_create(
            actor=deputy, group=load.group, subject=foreign, topic="Т"
        )
    _nothing_written()


def test_deleting_a_lesson_renumbers_the_rest_with_history(load, teacher):
    # given
    _plan(load, 4)
    second = LessonPlanItem.objects.get(number=2)
    before = LessonPlanItem.history.count()
    # when
    services.plan_item_delete(actor=teacher, item=second)
    # then
    rows = list(
        LessonPlanItem.objects.order_by("number").values_list("number", "topic")
    )
    assert rows == [(1, "Т1"), (2, "Т3"), (3, "Т4")]
    new = LessonPlanItem.history.order_by("history_id")[before:]
    assert [h.history_type for h in new] == ["-", "~", "~"]
    assert {h.history_user for h in new} == {teacher}


def test_another_teacher_cannot_delete(load, school):
    # given
    _plan(load, 2)
    before = LessonPlanItem.history.count()
    stranger = member(Role.TEACHER, school)
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_item_delete(actor=stranger, item=LessonPlanItem.objects.first())
    assert LessonPlanItem.objects.count() == 2
    assert LessonPlanItem.history.count() == before


def test_inserting_at_a_number_moves_the_rest_down(load, teacher):
    # given
    _plan(load, 3)
    # when
    services.plan_item_create(
        actor=teacher, group=load.group, subject=load.subject, topic="Новый", number=2
    )
    # then
    rows = list(
        LessonPlanItem.objects.order_by("number").values_list("number", "topic")
    )
    assert rows == [(1, "Т1"), (2, "Новый"), (3, "Т2"), (4, "Т3")]


def test_update_to_a_taken_number_is_refused(load, teacher):
    # given
    _plan(load, 2)
    first = LessonPlanItem.objects.get(number=1)
    # when / then
    with pytest.raises(ValidationError):
        services.plan_item_update(actor=teacher, item=first, number=2, topic="Т1")
    first.refresh_from_db()
    assert first.number == 1


def test_update_without_changes_writes_no_history(load, teacher):
    # given
    _plan(load, 1)
    item = LessonPlanItem.objects.get()
    # when
    services.plan_item_update(actor=teacher, item=item, number=1, topic="Т1")
    services.plan_item_update(actor=teacher, item=item, number=1, topic="Т1 и Т2")
    # then
    assert item.history.count() == 2


def test_planned_date_outside_the_year_is_refused(load, teacher):
    # when / then
    with pytest.raises(ValidationError):
        services.plan_item_create(
            actor=teacher,
            group=load.group,
            subject=load.subject,
            topic="Т",
            planned_on=datetime.date(2027, 9, 1),
        )
    _nothing_written()
