"""Writes of the timetable: bell schedules, weekly lessons and their one-off changes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..history import attribute
from ..models import (
    AcademicYear,
    Bell,
    BellSchedule,
    Room,
    School,
    StudyGroup,
    Subject,
    TimetableEntry,
    User,
    Weekday,
)
from .timetable_changes import timetable_change_create, timetable_change_update
from .timetable_rules import (
    FAR_FUTURE,
    PUPILS_BUSY,
    ROOM_BUSY,
    TEACHER_BUSY,
    describe_entry,
    ensure_same_school,
    ensure_teaches_at,
    nested,
    pupils_shared,
)

__all__ = [
    "bell_schedule_create",
    "bell_schedule_update",
    "timetable_change_create",
    "timetable_change_update",
    "timetable_entry_create",
    "timetable_entry_end",
    "timetable_entry_update",
]

BellRow = tuple[int, datetime.time, datetime.time]

NO_BELLS = _("Enter the time of at least one lesson.")
BELL_NUMBER_REPEATS = _("Lesson %(number)s is entered twice.")
BELL_ENDS_BEFORE_START = _("Lesson %(number)s must end after it starts.")
BELL_OVERLAPS = _("Lesson %(number)s must start after lesson %(previous)s ends.")
NOT_A_SCHOOL_DAY = _("Lessons are held from Monday to Saturday.")
GROUP_OF_OTHER_YEAR = _("The group belongs to another academic year.")
OUTSIDE_YEAR = _("The dates must lie within the academic year.")
ENDS_BEFORE_START = _("The end date must not be earlier than the start date.")
GROUP_BUSY = _("The group already has a lesson at this time: %(lesson)s.")

ENTRY_FIELDS = (
    "weekday",
    "lesson_number",
    "group",
    "subject",
    "teacher",
    "room",
    "starts_on",
    "ends_on",
)


# --- Bell schedules --------------------------------------------------------------


def _clean_bells(bells: Sequence[BellRow]) -> list[BellRow]:
    """Bells sorted by number, each ending after it starts and after the previous."""
    if not bells:
        raise ValidationError(NO_BELLS)
    rows = sorted(bells, key=lambda row: row[0])
    previous: BellRow | None = None
    for row in rows:
        number, starts_at, ends_at = row
        if previous is not None and previous[0] == number:
            raise ValidationError(BELL_NUMBER_REPEATS % {"number": number})
        if ends_at <= starts_at:
            raise ValidationError(BELL_ENDS_BEFORE_START % {"number": number})
        if previous is not None and starts_at < previous[2]:
            raise ValidationError(
                BELL_OVERLAPS % {"number": number, "previous": previous[0]}
            )
        previous = row
    return rows


def _make_only_default(actor: User, schedule: BellSchedule) -> None:
    others = BellSchedule.objects.for_school(schedule.school).filter(is_default=True)
    for other in others.exclude(pk=schedule.pk):
        other.is_default = False
        attribute(other, actor)
        other.save(update_fields=["is_default"])


def _write_bells(actor: User, schedule: BellSchedule, rows: list[BellRow]) -> None:
    existing = {bell.number: bell for bell in schedule.bells.all()}
    for number, starts_at, ends_at in rows:
        bell = existing.pop(number, None) or Bell(schedule=schedule, number=number)
        if bell.pk and (bell.starts_at, bell.ends_at) == (starts_at, ends_at):
            continue
        bell.starts_at, bell.ends_at = starts_at, ends_at
        bell.full_clean()
        attribute(bell, actor)
        bell.save()
    for bell in existing.values():
        attribute(bell, actor)
        bell.delete()


@transaction.atomic
def bell_schedule_create(
    *,
    actor: User,
    school: School,
    name: str,
    bells: Sequence[BellRow],
    is_default: bool,
) -> BellSchedule:
    """The deputy enters a bell schedule; at most one is the school's default."""
    permissions.ensure_can_manage_timetable(actor, school)
    rows = _clean_bells(bells)
    schedule = BellSchedule(school=school, name=name, is_default=is_default)
    schedule.full_clean()
    attribute(schedule, actor)
    schedule.save()
    if is_default:
        _make_only_default(actor, schedule)
    _write_bells(actor, schedule, rows)
    return schedule


@transaction.atomic
def bell_schedule_update(
    *,
    actor: User,
    schedule: BellSchedule,
    name: str,
    bells: Sequence[BellRow],
    is_default: bool,
) -> BellSchedule:
    """Rename a bell schedule and replace its bells; lessons left out are dropped."""
    permissions.ensure_can_manage_timetable(actor, schedule.school)
    rows = _clean_bells(bells)
    schedule.name, schedule.is_default = name, is_default
    schedule.full_clean()
    attribute(schedule, actor)
    schedule.save(update_fields=["name", "is_default"])
    if is_default:
        _make_only_default(actor, schedule)
    _write_bells(actor, schedule, rows)
    return schedule


# --- Weekly lessons --------------------------------------------------------------


def _check_entry(entry: TimetableEntry) -> None:
    """One school, a staff teacher, a school day, the year's dates, no clashes."""
    school = entry.school
    ensure_same_school(school, entry.year, entry.group, entry.subject, entry.room)
    ensure_teaches_at(school, entry.teacher)
    if entry.weekday not in Weekday.values:
        raise ValidationError(NOT_A_SCHOOL_DAY)
    if entry.group.year_id != entry.year_id:
        raise ValidationError(GROUP_OF_OTHER_YEAR)
    if entry.ends_on and entry.ends_on < entry.starts_on:
        raise ValidationError(ENDS_BEFORE_START)
    year = entry.year
    if not year.contains(entry.starts_on) or (
        entry.ends_on and not year.contains(entry.ends_on)
    ):
        raise ValidationError(OUTSIDE_YEAR)
    entry.full_clean()
    _check_clashes(entry)


def _check_clashes(entry: TimetableEntry) -> None:
    """Refuse a teacher, room or pupil booked twice in the same slot."""
    others = list(
        TimetableEntry.objects.for_school(entry.school)
        .filter(weekday=entry.weekday, lesson_number=entry.lesson_number)
        .within_dates(entry.starts_on, entry.ends_on or FAR_FUTURE)
        .exclude(pk=entry.pk)
        .select_related("group", "subject", "teacher")
    )
    for other in others:
        if other.teacher_id == entry.teacher_id:
            raise ValidationError(TEACHER_BUSY % {"lesson": describe_entry(other)})
        if entry.room_id and other.room_id == entry.room_id:
            raise ValidationError(ROOM_BUSY % {"lesson": describe_entry(other)})
        if nested(entry.group, other.group):
            raise ValidationError(GROUP_BUSY % {"lesson": describe_entry(other)})
    for other in others:
        starts_on = max(entry.starts_on, other.starts_on)
        ends_on = min(entry.ends_on or FAR_FUTURE, other.ends_on or FAR_FUTURE)
        if pupils_shared(entry.group, [other.group], starts_on, ends_on):
            raise ValidationError(PUPILS_BUSY % {"lesson": describe_entry(other)})


@transaction.atomic
def timetable_entry_create(
    *,
    actor: User,
    school: School,
    year: AcademicYear,
    weekday: int,
    lesson_number: int,
    group: StudyGroup,
    subject: Subject,
    teacher: User,
    room: Room | None = None,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> TimetableEntry:
    """The deputy puts a weekly lesson in the timetable unless it clashes."""
    permissions.ensure_can_manage_timetable(actor, school)
    entry = TimetableEntry(
        school=school,
        year=year,
        weekday=weekday,
        lesson_number=lesson_number,
        group=group,
        subject=subject,
        teacher=teacher,
        room=room,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _check_entry(entry)
    attribute(entry, actor)
    entry.save()
    return entry


@transaction.atomic
def timetable_entry_update(
    *, actor: User, entry: TimetableEntry, data: dict[str, Any]
) -> TimetableEntry:
    """Change a weekly lesson in place (a correction); end it to keep the past."""
    permissions.ensure_can_manage_timetable(actor, entry.school)
    changed = [name for name in ENTRY_FIELDS if name in data]
    for name in changed:
        setattr(entry, name, data[name])
    _check_entry(entry)
    attribute(entry, actor)
    entry.save(update_fields=changed)
    return entry


@transaction.atomic
def timetable_entry_end(
    *, actor: User, entry: TimetableEntry, ends_on: datetime.date
) -> TimetableEntry:
    """Take a weekly lesson off the timetable after a date; its past stays."""
    permissions.ensure_can_manage_timetable(actor, entry.school)
    if ends_on < entry.starts_on:
        raise ValidationError(ENDS_BEFORE_START)
    entry.ends_on = ends_on
    entry.full_clean()
    attribute(entry, actor)
    entry.save(update_fields=["ends_on"])
    return entry
