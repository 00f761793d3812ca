"""One-off changes of a lesson on a date: substitution, room, transfer, cancellation.

The substitutions recorded here are the log the journal reads (C5).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import events, permissions
from ..history import attribute
from ..models import (
    ChangeKind,
    Holiday,
    Room,
    School,
    StudyGroup,
    TimetableChange,
    TimetableEntry,
    User,
)
from ..selectors.timetable import SUNDAY, holiday_for, lessons_on
from .timetable_rules import (
    PUPILS_BUSY,
    ROOM_BUSY,
    TEACHER_BUSY,
    describe,
    ensure_same_school,
    ensure_teaches_at,
    nested,
    pupils_shared,
)

NOT_A_LESSON_DATE = _(
    "This lesson is not held on that date: check the weekday, the dates the lesson "
    "is in force and the holidays."
)
ALREADY_CHANGED = _(
    "This lesson already has a change on that date; edit that change instead."
)
UNKNOWN_KIND = _("Choose what changes.")
NEEDS_TEACHER = _("Choose the substitute teacher.")
SAME_TEACHER = _("The substitute must be another teacher.")
NEEDS_ROOM = _("Choose the new room.")
SAME_ROOM = _("The lesson is already in this room.")
NEEDS_SLOT = _("Enter the new date and lesson number.")
SAME_SLOT = _("The new date and lesson number are the same as before.")
NEW_DATE_OFF = _(
    "There are no lessons for this group on the new date (a day off or holidays)."
)

CHANGE_FIELDS = ("kind", "new_teacher", "new_room", "new_date", "new_lesson_number")
# What each kind of change keeps; the other fields are cleared.
KEPT = {
    ChangeKind.SUBSTITUTION: {"new_teacher"},
    ChangeKind.ROOM: {"new_room"},
    ChangeKind.TRANSFER: {"new_teacher", "new_room", "new_date", "new_lesson_number"},
    ChangeKind.CANCELLATION: set(),
}


def _school_day(school: School, day: datetime.date, grade: int) -> bool:
    """Not a Sunday and not a holiday of the grade."""
    if day.isoweekday() == SUNDAY:
        return False
    holidays = Holiday.objects.for_school(school).on(day)
    return holiday_for(holidays, day, grade) is None


def _ensure_occurs(entry: TimetableEntry, day: datetime.date) -> None:
    in_force = entry.starts_on <= day and (
        entry.ends_on is None or day <= entry.ends_on
    )
    if (
        day.isoweekday() != entry.weekday
        or not in_force
        or not _school_day(entry.school, day, entry.group.grade)
    ):
        raise ValidationError(NOT_A_LESSON_DATE)


def _ensure_free(
    *,
    school: School,
    day: datetime.date,
    number: int,
    occurrence: tuple[int, datetime.date],
    teacher: User | None = None,
    room: Room | None = None,
    group: StudyGroup | None = None,
) -> None:
    """Nobody else holds the teacher, the room or the pupils in that slot that day."""
    others = [
        lesson
        for lesson in lessons_on(school=school, day=day)
        if lesson.lesson_number == number
        and lesson.takes_place
        and (lesson.entry_id, lesson.original_date) != occurrence
    ]

    def name(lesson) -> dict:
        return {
            "lesson": describe(
                group=lesson.group, subject=lesson.subject, teacher=lesson.teacher
            )
        }

    for lesson in others:
        if teacher is not None and lesson.teacher.pk == teacher.pk:
            raise ValidationError(TEACHER_BUSY % name(lesson))
        if room is not None and lesson.room and lesson.room.pk == room.pk:
            raise ValidationError(ROOM_BUSY % name(lesson))
        if group is not None and nested(group, lesson.group):
            raise ValidationError(PUPILS_BUSY % name(lesson))
    if group is not None and others:
        shared = pupils_shared(group, [lesson.group for lesson in others], day, day)
        for lesson in others:
            if lesson.group.pk in shared:
                raise ValidationError(PUPILS_BUSY % name(lesson))


def _check_change(change: TimetableChange) -> None:
    entry, kind = change.entry, change.kind
    school = entry.school
    if kind not in KEPT:
        raise ValidationError(UNKNOWN_KIND)
    for field in set(CHANGE_FIELDS[1:]) - KEPT[kind]:
        setattr(change, field, None)
    ensure_same_school(school, change.new_room)
    if change.new_teacher is not None:
        ensure_teaches_at(school, change.new_teacher)
    _ensure_occurs(entry, change.date)
    occurrence = (entry.pk, change.date)
    if kind == ChangeKind.SUBSTITUTION:
        if change.new_teacher is None:
            raise ValidationError(NEEDS_TEACHER)
        if change.new_teacher.pk == entry.teacher_id:
            raise ValidationError(SAME_TEACHER)
        _ensure_free(
            school=school,
            day=change.date,
            number=entry.lesson_number,
            occurrence=occurrence,
            teacher=change.new_teacher,
        )
    elif kind == ChangeKind.ROOM:
        if change.new_room is None:
            raise ValidationError(NEEDS_ROOM)
        if change.new_room.pk == entry.room_id:
            raise ValidationError(SAME_ROOM)
        _ensure_free(
            school=school,
            day=change.date,
            number=entry.lesson_number,
            occurrence=occurrence,
            room=change.new_room,
        )
    elif kind == ChangeKind.TRANSFER:
        if change.new_date is None or change.new_lesson_number is None:
            raise ValidationError(NEEDS_SLOT)
        if (change.new_date, change.new_lesson_number) == (
            change.date,
            entry.lesson_number,
        ):
            raise ValidationError(SAME_SLOT)
        if not _school_day(school, change.new_date, entry.group.grade):
            raise ValidationError(NEW_DATE_OFF)
        _ensure_free(
            school=school,
            day=change.new_date,
            number=change.new_lesson_number,
            occurrence=occurrence,
            teacher=change.new_teacher or entry.teacher,
            room=change.new_room or entry.room,
            group=entry.group,
        )
    change.full_clean()


@transaction.atomic
def timetable_change_create(
    *,
    actor: User,
    entry: TimetableEntry,
    date: datetime.date,
    kind: str,
    new_teacher: User | None = None,
    new_room: Room | None = None,
    new_date: datetime.date | None = None,
    new_lesson_number: int | None = None,
    reason: str = "",
) -> TimetableChange:
    """The deputy changes one lesson on one date; the teacher, room, pupils are free."""
    permissions.ensure_can_manage_timetable(actor, entry.school)
    if TimetableChange.objects.filter(entry=entry, date=date).exists():
        raise ValidationError(ALREADY_CHANGED)
    change = TimetableChange(
        school=entry.school,
        entry=entry,
        date=date,
        kind=kind,
        new_teacher=new_teacher,
        new_room=new_room,
        new_date=new_date,
        new_lesson_number=new_lesson_number,
        reason=reason,
        created_by=actor,
    )
    _check_change(change)
    attribute(change, actor)
    change.save()
    events.timetable_changed(actor=actor, change=change, created=True)
    return change


@transaction.atomic
def timetable_change_update(
    *,
    actor: User,
    change: TimetableChange,
    kind: str,
    new_teacher: User | None = None,
    new_room: Room | None = None,
    new_date: datetime.date | None = None,
    new_lesson_number: int | None = None,
    reason: str = "",
) -> TimetableChange:
    """Edit the change of a lesson on its date, under the same checks."""
    permissions.ensure_can_manage_timetable(actor, change.school)
    change.kind = kind
    change.new_teacher = new_teacher
    change.new_room = new_room
    change.new_date = new_date
    change.new_lesson_number = new_lesson_number
    change.reason = reason
    _check_change(change)
    attribute(change, actor)
    change.save(update_fields=[*CHANGE_FIELDS, "reason"])
    events.timetable_changed(actor=actor, change=change, created=False)
    return change
