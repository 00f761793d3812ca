import datetime

import pytest

from school.models import ChangeKind, GroupKind, Holiday, Role
from school.selectors.timetable import lessons_between, lessons_on
from school.tests.factories import (
    BellScheduleFactory,
    GroupMembershipFactory,
    RoomFactory,
    SchoolClassFactory,
    StudentFactory,
    StudyGroupFactory,
    TimetableChangeFactory,
    TimetableEntryFactory,
    member,
)

MONDAY = datetime.date(2026, 9, 7)
SATURDAY = datetime.date(2026, 9, 12)


@pytest.fixture
def group(year):
    return StudyGroupFactory(year=year)


def test_weekly_lessons_come_with_bell_times(school, group):
    # given
    BellScheduleFactory(school=school)
    entry = TimetableEntryFactory(group=group, weekday=3, lesson_number=2)
    # when
    lessons = lessons_between(
        school=school, start=MONDAY, end=MONDAY + datetime.timedelta(days=13)
    )
    # then
    assert [x.date for x in lessons] == [
        datetime.date(2026, 9, 9),
        datetime.date(2026, 9, 16),
    ]
    first = lessons[0]
    assert first.entry_id == entry.pk and first.lesson_number == 2
    assert first.starts_at == datetime.time(9, 25)
    assert first.teacher == entry.teacher == first.planned_teacher
    assert first.change is None and first.takes_place


def test_lessons_outside_the_entry_dates_are_not_listed(school, group):
    # given
    TimetableEntryFactory(
        group=group, starts_on=MONDAY, ends_on=MONDAY + datetime.timedelta(days=6)
    )
    # when
    lessons = lessons_between(
        school=school, start=MONDAY, end=MONDAY + datetime.timedelta(days=20)
    )
    # then
    assert [x.date for x in lessons] == [MONDAY]


def test_substitution_gives_the_actual_teacher(school, group):
    # given
    entry = TimetableEntryFactory(group=group)
    substitute = member(Role.TEACHER, school)
    TimetableChangeFactory(
        entry=entry, date=MONDAY, kind=ChangeKind.SUBSTITUTION, new_teacher=substitute
    )
    # when
    [lesson] = lessons_on(school=school, day=MONDAY)
    for_substitute = lessons_between(
        school=school, start=MONDAY, end=SATURDAY, teacher=substitute
    )
    for_planned = lessons_between(
        school=school,
        start=MONDAY,
        end=MONDAY + datetime.timedelta(days=7),
        teacher=entry.teacher,
    )
    # then
    assert lesson.teacher == substitute and lesson.planned_teacher == entry.teacher
    assert lesson.is_substituted
    assert [x.date for x in for_substitute] == [MONDAY]
    assert [x.date for x in for_planned] == [MONDAY + datetime.timedelta(days=7)]


def test_room_change_gives_the_new_room(school, group):
    # given
    entry = TimetableEntryFactory(group=group, room=RoomFactory(school=school))
    new_room = RoomFactory(school=school)
    TimetableChangeFactory(
        entry=entry, date=MONDAY, kind=ChangeKind.ROOM, new_room=new_room
    )
    # when
    [lesson] = lessons_on(school=school, day=MONDAY)
    # then
    assert lesson.room == new_room and lesson.change == ChangeKind.ROOM


def test_cancelled_lesson_is_listed_as_cancelled(school, group):
    # given
    entry = TimetableEntryFactory(group=group)
    TimetableChangeFactory(entry=entry, date=MONDAY, kind=ChangeKind.CANCELLATION)
    # when
    [lesson] = lessons_on(school=school, day=MONDAY)
    # then
    assert lesson.is_cancelled and not lesson.takes_place


def test_transfer_shows_at_the_new_slot_and_as_moved_at_the_old(school, group):
    # given
    entry = TimetableEntryFactory(group=group, lesson_number=1)
    wednesday = MONDAY + datetime.timedelta(days=2)
    TimetableChangeFactory(
        entry=entry,
        date=MONDAY,
        kind=ChangeKind.TRANSFER,
        new_date=wednesday,
        new_lesson_number=6,
    )
    # when
    old, new = lessons_between(school=school, start=MONDAY, end=SATURDAY)
    only_wednesday = lessons_on(school=school, day=wednesday)
    # then
    assert (old.date, old.moved_to, old.takes_place) == (MONDAY, (wednesday, 6), False)
    assert (new.date, new.lesson_number, new.moved_from) == (wednesday, 6, (MONDAY, 1))
    assert new.takes_place and new.original_date == MONDAY
    assert only_wednesday == [new]


def test_holiday_of_the_grade_gives_no_lessons(school, year):
    # given
    first_grade = StudyGroupFactory(
        year=year, school_class=SchoolClassFactory(year=year, grade=1)
    )
    fifth_grade = StudyGroupFactory(year=year)
    TimetableEntryFactory(group=first_grade)
    TimetableEntryFactory(group=fifth_grade)
    Holiday.objects.create(
        school=school,
        year=year,
        kind="extra",
        name="Дополнительные каникулы 1 класса",
        starts_on=MONDAY,
        ends_on=MONDAY,
        grade_from=1,
        grade_to=1,
    )
    # when
    lessons = lessons_on(school=school, day=MONDAY)
    # then
    assert [x.group for x in lessons] == [fifth_grade]


def test_pupil_who_joined_mid_term_has_lessons_only_after_joining(school, year):
    # given
    group = StudyGroupFactory(year=year, kind=GroupKind.CLUB, school_class=None)
    other = StudyGroupFactory(year=year)
    TimetableEntryFactory(group=group)
    TimetableEntryFactory(group=other, lesson_number=2)
    joined = MONDAY + datetime.timedelta(days=7)
    student = StudentFactory(school=school)
    GroupMembershipFactory(group=group, student=student, starts_on=joined)
    # when
    lessons = lessons_between(
        school=school,
        start=MONDAY,
        end=MONDAY + datetime.timedelta(days=20),
        student=student,
    )
    # then
    assert [x.date for x in lessons] == [joined, joined + datetime.timedelta(days=7)]
    assert {x.group for x in lessons} == {group}


def test_group_filter(school, year):
    # given
    one, two = StudyGroupFactory(year=year), StudyGroupFactory(year=year)
    TimetableEntryFactory(group=one)
    TimetableEntryFactory(group=two)
    # when
    lessons = lessons_on(school=school, day=MONDAY, group_ids=[two.pk])
    # then
    assert [x.group for x in lessons] == [two]


def test_another_schools_lessons_are_not_listed(school, other_school):
    # given
    TimetableEntryFactory(group=StudyGroupFactory(year__school=other_school))
    # when / then
    assert lessons_on(school=school, day=MONDAY) == []


def _school_week(year, classes: int) -> list:
    """`classes` classes with a pupil each, six lessons a day and some changes."""
    groups = []
    for _ in range(classes):
        group = StudyGroupFactory(year=year)
        student = StudentFactory(school=year.school)
        GroupMembershipFactory(group=group, student=student)
        teacher = member(Role.TEACHER, year.school)
        room = RoomFactory(school=year.school)
        for weekday in range(1, 6):
            for number in range(1, 4):
                entry = TimetableEntryFactory(
                    group=group,
                    weekday=weekday,
                    lesson_number=number,
                    teacher=teacher,
                    room=room,
                )
        TimetableChangeFactory(entry=entry, date=MONDAY + datetime.timedelta(days=4))
        groups.append((group, student, teacher))
    return groups


@pytest.mark.parametrize("classes", [1, 5])
def test_query_count_does_not_grow_with_the_school(
    school, year, classes, django_assert_num_queries
):
    # given
    BellScheduleFactory(school=school)
    group, student, teacher = _school_week(year, classes)[0]
    end = MONDAY + datetime.timedelta(days=27)
    # when / then
    with django_assert_num_queries(4):
        lessons = lessons_between(school=school, start=MONDAY, end=end)
    assert len(lessons) == classes * 15 * 4
    with django_assert_num_queries(4):
        lessons_between(school=school, start=MONDAY, end=end, teacher=teacher)
    with django_assert_num_queries(4):
        lessons_between(school=school, start=MONDAY, end=end, group_ids=[group.pk])
    with django_assert_num_queries(5):
        mine = lessons_between(school=school, start=MONDAY, end=end, student=student)
    assert len(mine) == 15 * 4
    assert mine[0].group.name and mine[0].subject.name and mine[0].teacher.last_name
