import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from journal.permissions import can_keep_journal
from school import events
from school.models import (
    Bell,
    BellSchedule,
    ChangeKind,
    Event,
    GroupKind,
    Holiday,
    Role,
    TimetableChange,
    TimetableEntry,
)
from school.services import timetable
from school.tests.factories import (
    GroupMembershipFactory,
    RoomFactory,
    StudentFactory,
    StudyGroupFactory,
    SubjectFactory,
    member,
)

MONDAY = datetime.date(2026, 9, 7)
T = datetime.time


@pytest.fixture
def class_group(year):
    return StudyGroupFactory(year=year)


def add(deputy, group, **overrides):
    fields = {
        "actor": deputy,
        "school": group.school,
        "year": group.year,
        "weekday": 1,
        "lesson_number": 2,
        "group": group,
        "subject": overrides.pop("subject", None)
        or SubjectFactory(school=group.school),
        "teacher": overrides.pop("teacher", None) or member(Role.TEACHER, group.school),
        "starts_on": datetime.date(2026, 9, 1),
    }
    fields.update(overrides)
    return timetable.timetable_entry_create(**fields)


def refused(message_part, call):
    entries = TimetableEntry.objects.count()
    history = TimetableEntry.history.count()
    with pytest.raises(ValidationError) as error:
        call()
    assert message_part in " ".join(error.value.messages)
    assert TimetableEntry.objects.count() == entries
    assert TimetableEntry.history.count() == history


def test_deputy_adds_a_weekly_lesson_with_history(deputy, class_group):
    # when
    entry = add(deputy, class_group)
    # then
    assert entry.pk and entry.weekday == 1 and entry.lesson_number == 2
    assert entry.history.get().history_user == deputy


def test_teacher_twice_in_one_slot_is_refused_naming_the_lesson(deputy, year):
    # given
    teacher = member(Role.TEACHER, year.school, last_name="Смирнова")
    first = add(deputy, StudyGroupFactory(year=year), teacher=teacher)
    # when / then
    refused(
        f"{first.group.name}, {first.subject.name}, Смирнова",
        lambda: add(deputy, StudyGroupFactory(year=year), teacher=teacher),
    )


def test_teacher_in_the_same_slot_after_the_other_lesson_ended_is_allowed(deputy, year):
    # given
    teacher = member(Role.TEACHER, year.school)
    add(
        deputy,
        StudyGroupFactory(year=year),
        teacher=teacher,
        ends_on=datetime.date(2026, 10, 31),
    )
    # when
    entry = add(
        deputy,
        StudyGroupFactory(year=year),
        teacher=teacher,
        starts_on=datetime.date(2026, 11, 1),
    )
    # then
    assert entry.pk


def test_room_twice_in_one_slot_is_refused(deputy, year):
    # given
    room = RoomFactory(school=year.school)
    add(deputy, StudyGroupFactory(year=year), room=room)
    # when / then
    refused(
        "Кабинет уже занят",
        lambda: add(deputy, StudyGroupFactory(year=year), room=room),
    )


def test_whole_class_and_its_subgroup_clash(deputy, class_group):
    # given
    subgroup = StudyGroupFactory(
        year=class_group.year,
        school_class=class_group.school_class,
        kind=GroupKind.SUBGROUP,
        name="5 гр. 1",
    )
    add(deputy, class_group)
    # when / then
    refused("уже есть урок", lambda: add(deputy, subgroup))


def test_two_subgroups_of_a_split_class_share_a_slot(deputy, class_group):
    # given
    one, two = (
        StudyGroupFactory(
            year=class_group.year,
            school_class=class_group.school_class,
            kind=GroupKind.SUBGROUP,
            name=f"англ. {n}",
        )
        for n in (1, 2)
    )
    GroupMembershipFactory(group=one)
    GroupMembershipFactory(group=two)
    add(deputy, one)
    # when
    entry = add(deputy, two)
    # then
    assert entry.group == two


def test_pupil_in_two_groups_at_once_is_refused(deputy, year):
    # given
    student = StudentFactory(school=year.school)
    stream = StudyGroupFactory(
        year=year, kind=GroupKind.STREAM, school_class=None, name="Поток"
    )
    club = StudyGroupFactory(
        year=year, kind=GroupKind.CLUB, school_class=None, name="Кружок"
    )
    GroupMembershipFactory(group=stream, student=student)
    GroupMembershipFactory(group=club, student=student)
    add(deputy, stream)
    # when / then
    refused("У учеников этой группы", lambda: add(deputy, club))


def test_pupil_who_left_one_group_before_joining_another_does_not_clash(deputy, year):
    # given
    student = StudentFactory(school=year.school)
    stream = StudyGroupFactory(
        year=year, kind=GroupKind.STREAM, school_class=None, name="Поток"
    )
    club = StudyGroupFactory(
        year=year, kind=GroupKind.CLUB, school_class=None, name="Кружок"
    )
    GroupMembershipFactory(
        group=stream, student=student, ends_on=datetime.date(2026, 9, 30)
    )
    GroupMembershipFactory(
        group=club, student=student, starts_on=datetime.date(2026, 10, 1)
    )
    add(deputy, stream)
    # when
    entry = add(deputy, club)
    # then
    assert entry.pk


def test_objects_of_another_school_are_refused(deputy, class_group, other_school):
    # when / then
    refused(
        "другой школы",
        lambda: add(deputy, class_group, subject=SubjectFactory(school=other_school)),
    )
    refused(
        "другой школы",
        lambda: add(deputy, class_group, room=RoomFactory(school=other_school)),
    )
    refused(
        "не работает в этой школе",
        lambda: add(deputy, class_group, teacher=member(Role.TEACHER, other_school)),
    )


def test_pupil_or_parent_cannot_be_the_teacher(deputy, class_group):
    refused(
        "не работает в этой школе",
        lambda: add(
            deputy, class_group, teacher=member(Role.PARENT, class_group.school)
        ),
    )


def test_sunday_is_not_a_school_day(deputy, class_group):
    refused("с понедельника по субботу", lambda: add(deputy, class_group, weekday=7))


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SYSADMIN, Role.PARENT])
def test_only_the_deputy_or_director_builds_the_timetable(role, class_group):
    # given
    outsider = member(role, class_group.school)
    # when
    with pytest.raises(PermissionDenied):
        add(outsider, class_group)
    # then
    assert not TimetableEntry.objects.exists()
    assert not TimetableEntry.history.exists()


def test_ending_an_entry_keeps_it(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    # when
    timetable.timetable_entry_end(
        actor=deputy, entry=entry, ends_on=datetime.date(2026, 12, 31)
    )
    # then
    entry.refresh_from_db()
    assert entry.ends_on == datetime.date(2026, 12, 31)
    assert entry.history.count() == 2


def test_update_checks_clashes_too(deputy, year):
    # given
    teacher = member(Role.TEACHER, year.school)
    add(deputy, StudyGroupFactory(year=year), teacher=teacher, lesson_number=1)
    entry = add(deputy, StudyGroupFactory(year=year), teacher=teacher)
    # when / then
    with pytest.raises(ValidationError):
        timetable.timetable_entry_update(
            actor=deputy, entry=entry, data={"lesson_number": 1}
        )
    assert TimetableEntry.objects.get(pk=entry.pk).lesson_number == 2


# --- Bells -----------------------------------------------------------------------


def test_bell_schedule_is_created_and_becomes_the_only_default(deputy, school):
    # given
    old = timetable.bell_schedule_create(
        actor=deputy,
        school=school,
        name="Старое",
        bells=[(1, T(8, 0), T(8, 45))],
        is_default=True,
    )
    # when
    new = timetable.bell_schedule_create(
        actor=deputy,
        school=school,
        name="Основное",
        bells=[(2, T(9, 0), T(9, 45)), (1, T(8, 0), T(8, 45))],
        is_default=True,
    )
    # then
    old.refresh_from_db()
    assert not old.is_default and new.is_default
    assert [b.number for b in new.bells.all()] == [1, 2]


@pytest.mark.parametrize(
    ("bells", "message"),
    [
        ([(1, T(9, 0), T(8, 45))], "Урок 1 должен заканчиваться"),
        ([(1, T(8, 0), T(8, 45)), (2, T(8, 40), T(9, 25))], "Урок 2 должен начинаться"),
        ([(1, T(8, 0), T(8, 45)), (1, T(9, 0), T(9, 45))], "Урок 1 указан дважды"),
    ],
)
def test_bad_bells_are_refused_in_russian(deputy, school, bells, message):
    with pytest.raises(ValidationError) as error:
        timetable.bell_schedule_create(
            actor=deputy, school=school, name="Х", bells=bells, is_default=True
        )
    assert message in error.value.messages[0]
    assert not BellSchedule.objects.exists() and not Bell.objects.exists()


def test_bell_schedule_update_replaces_bells(deputy, school):
    # given
    schedule = timetable.bell_schedule_create(
        actor=deputy,
        school=school,
        name="Основное",
        bells=[(1, T(8, 0), T(8, 45)), (2, T(9, 0), T(9, 45))],
        is_default=True,
    )
    # when
    timetable.bell_schedule_update(
        actor=deputy,
        schedule=schedule,
        name="Сокращённое",
        bells=[(1, T(8, 0), T(8, 30))],
        is_default=True,
    )
    # then
    assert [(b.number, b.ends_at) for b in schedule.bells.all()] == [(1, T(8, 30))]


def test_teacher_cannot_edit_bells(school):
    with pytest.raises(PermissionDenied):
        timetable.bell_schedule_create(
            actor=member(Role.TEACHER, school),
            school=school,
            name="Х",
            bells=[(1, T(8, 0), T(8, 45))],
            is_default=True,
        )
    assert not BellSchedule.history.exists()


# --- Changes ---------------------------------------------------------------------


def change(deputy, entry, **fields):
    fields.setdefault("date", MONDAY)
    return timetable.timetable_change_create(actor=deputy, entry=entry, **fields)


def change_refused(message_part, call):
    count, history = TimetableChange.objects.count(), TimetableChange.history.count()
    with pytest.raises(ValidationError) as error:
        call()
    assert message_part in " ".join(error.value.messages)
    assert TimetableChange.objects.count() == count
    assert TimetableChange.history.count() == history
    assert not Event.objects.filter(code=events.TIMETABLE_CHANGED).exists()


def test_substitution_is_recorded_with_an_event(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    substitute = member(Role.TEACHER, class_group.school)
    # when
    result = change(deputy, entry, kind=ChangeKind.SUBSTITUTION, new_teacher=substitute)
    # then
    assert result.new_teacher == substitute and result.created_by == deputy
    event = Event.objects.get(code=events.TIMETABLE_CHANGED)
    assert event.params["kind"] == "substitution"
    assert event.params["new_teacher"] == substitute.pk
    assert event.params["date"] == "2026-09-07"


def test_substitute_keeps_the_journal_on_that_day_only(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    substitute = member(Role.TEACHER, class_group.school)
    group, subject = entry.group, entry.subject
    # when
    change(deputy, entry, kind=ChangeKind.SUBSTITUTION, new_teacher=substitute)
    # then
    assert can_keep_journal(substitute, group, subject, MONDAY)
    assert not can_keep_journal(
        substitute, group, subject, MONDAY + datetime.timedelta(days=7)
    )
    assert not can_keep_journal(
        substitute, group, subject, MONDAY - datetime.timedelta(days=7)
    )


def test_substitute_busy_at_that_time_is_refused(deputy, year):
    # given
    busy = member(Role.TEACHER, year.school, last_name="Занятова")
    add(deputy, StudyGroupFactory(year=year), teacher=busy)
    entry = add(deputy, StudyGroupFactory(year=year))
    # when / then
    change_refused(
        "Занятова",
        lambda: change(deputy, entry, kind=ChangeKind.SUBSTITUTION, new_teacher=busy),
    )


def test_substitute_freed_by_a_cancellation_may_take_the_lesson(deputy, year):
    # given
    busy = member(Role.TEACHER, year.school)
    own = add(deputy, StudyGroupFactory(year=year), teacher=busy)
    change(deputy, own, kind=ChangeKind.CANCELLATION)
    entry = add(deputy, StudyGroupFactory(year=year))
    # when
    result = change(deputy, entry, kind=ChangeKind.SUBSTITUTION, new_teacher=busy)
    # then
    assert result.pk


def test_change_on_a_date_the_lesson_is_not_held_is_refused(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    Holiday.objects.create(
        school=class_group.school,
        year=class_group.year,
        kind="autumn",
        name="Осенние",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 11, 8),
    )
    # when / then
    for day in (datetime.date(2026, 9, 8), datetime.date(2026, 11, 2)):
        change_refused(
            "не проводится",
            lambda day=day: change(
                deputy, entry, date=day, kind=ChangeKind.CANCELLATION
            ),
        )


def test_one_change_per_lesson_and_date_then_update(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    first = change(deputy, entry, kind=ChangeKind.CANCELLATION)
    # when / then
    with pytest.raises(ValidationError):
        change(deputy, entry, kind=ChangeKind.CANCELLATION)
    room = RoomFactory(school=class_group.school)
    timetable.timetable_change_update(
        actor=deputy, change=first, kind=ChangeKind.ROOM, new_room=room
    )
    first.refresh_from_db()
    assert first.kind == ChangeKind.ROOM and first.new_room == room
    assert TimetableChange.objects.count() == 1


def test_room_change_to_a_taken_room_is_refused(deputy, year):
    # given
    room = RoomFactory(school=year.school, name="214")
    add(deputy, StudyGroupFactory(year=year), room=room)
    entry = add(deputy, StudyGroupFactory(year=year))
    # when / then
    change_refused(
        "Кабинет уже занят",
        lambda: change(deputy, entry, kind=ChangeKind.ROOM, new_room=room),
    )


def test_transfer_needs_a_free_slot_for_the_pupils(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    add(deputy, class_group, lesson_number=5)
    # when / then
    change_refused(
        "уже есть урок",
        lambda: change(
            deputy,
            entry,
            kind=ChangeKind.TRANSFER,
            new_date=MONDAY,
            new_lesson_number=5,
        ),
    )
    moved = change(
        deputy, entry, kind=ChangeKind.TRANSFER, new_date=MONDAY, new_lesson_number=6
    )
    assert moved.new_lesson_number == 6


def test_substitute_of_another_school_is_refused(deputy, class_group, other_school):
    entry = add(deputy, class_group)
    change_refused(
        "не работает в этой школе",
        lambda: change(
            deputy,
            entry,
            kind=ChangeKind.SUBSTITUTION,
            new_teacher=member(Role.TEACHER, other_school),
        ),
    )


def test_teacher_cannot_record_a_change(deputy, class_group):
    # given
    entry = add(deputy, class_group)
    teacher = member(Role.TEACHER, class_group.school)
    # when
    with pytest.raises(PermissionDenied):
        change(teacher, entry, kind=ChangeKind.CANCELLATION)
    # then
    assert not TimetableChange.objects.exists()
    assert not TimetableChange.history.exists()
    assert not Event.objects.filter(code=events.TIMETABLE_CHANGED).exists()
