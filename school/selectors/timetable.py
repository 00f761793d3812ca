"""Reads of the timetable: the lessons that actually take place on given dates.

`lessons_between` is what the journal and the diary read, so it costs a constant
number of queries for any date range and any number of classes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from .. import permissions
from ..models import (
    Bell,
    ChangeKind,
    GroupMembership,
    Holiday,
    Membership,
    Room,
    School,
    SchoolClass,
    Student,
    StudyGroup,
    Subject,
    TimetableChange,
    TimetableEntry,
    User,
)
from ..models.accounts import STAFF_ROLES

ONE_DAY = datetime.timedelta(days=1)
SUNDAY = 7


@dataclass(frozen=True)
class ScheduledLesson:
    """One lesson on one date, after the day's changes are applied."""

    date: datetime.date
    lesson_number: int
    starts_at: datetime.time | None
    ends_at: datetime.time | None
    group: StudyGroup
    subject: Subject
    teacher: User
    planned_teacher: User
    room: Room | None
    entry_id: int
    change: str | None = None
    is_cancelled: bool = False
    moved_from: tuple[datetime.date, int] | None = None
    moved_to: tuple[datetime.date, int] | None = None

    @property
    def takes_place(self) -> bool:
        """Neither cancelled nor moved away from this slot."""
        return not self.is_cancelled and self.moved_to is None

    @property
    def is_substituted(self) -> bool:
        return self.change == ChangeKind.SUBSTITUTION

    @property
    def original_date(self) -> datetime.date:
        """The date of the timetable occurrence this lesson comes from."""
        return self.moved_from[0] if self.moved_from else self.date


def _dates(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    while day <= end:
        if day.isoweekday() != SUNDAY:
            yield day
        day += ONE_DAY


def _in_force(row, day: datetime.date) -> bool:
    return row.starts_on <= day and (row.ends_on is None or row.ends_on >= day)


def holidays_between(
    *, school: School, start: datetime.date, end: datetime.date
) -> list[Holiday]:
    """Holidays and days off of the school touching [start, end]."""
    return list(Holiday.objects.for_school(school).within_dates(start, end))


def holiday_for(
    holidays: Iterable[Holiday], day: datetime.date, grade: int
) -> Holiday | None:
    """The holiday covering the day for the grade, if any."""
    for holiday in holidays:
        if (
            holiday.starts_on <= day <= holiday.ends_on
            and holiday.grade_from <= grade <= holiday.grade_to
        ):
            return holiday
    return None


def default_bells(school: School) -> dict[int, Bell]:
    """Lesson number → bell of the school's default bell schedule."""
    bells = Bell.objects.filter(schedule__school=school, schedule__is_default=True)
    return {bell.number: bell for bell in bells.order_by("schedule_id", "number")}


def lessons_between(
    *,
    school: School,
    start: datetime.date,
    end: datetime.date,
    group_ids: Iterable[int] | None = None,
    teacher: User | None = None,
    student: Student | None = None,
) -> list[ScheduledLesson]:
    """Lessons of the school on each date of [start, end], changes applied.

    Cancelled lessons stay in the list (is_cancelled); a transferred lesson shows
    at its new slot (moved_from) and at its old one (moved_to). Holidays of the
    group's grade give no lessons. `student` narrows to the pupil's groups on each
    date, `teacher` to the lessons the teacher actually teaches.
    """
    memberships: dict[int, list[GroupMembership]] = defaultdict(list)
    if student is not None:
        rows = GroupMembership.objects.for_school(school).filter(student=student)
        for row in rows.within_dates(start, end):
            memberships[row.group_id].append(row)
        wanted = set(memberships)
        if group_ids is not None:
            wanted &= set(group_ids)
        group_ids = wanted
    elif group_ids is not None:
        group_ids = set(group_ids)

    related = ("group", "subject", "teacher", "room")
    changes_qs = (
        TimetableChange.objects.for_school(school)
        .filter(Q(date__range=(start, end)) | Q(new_date__range=(start, end)))
        .select_related(
            "new_teacher", "new_room", *(f"entry__{name}" for name in related)
        )
    )
    entries_qs = (
        TimetableEntry.objects.for_school(school)
        .within_dates(start, end)
        .select_related(*related)
    )
    if group_ids is not None:
        changes_qs = changes_qs.filter(entry__group_id__in=group_ids)
        entries_qs = entries_qs.filter(group_id__in=group_ids)
    if teacher is not None:
        changes_qs = changes_qs.filter(
            Q(entry__teacher=teacher) | Q(new_teacher=teacher)
        )
    changes = list(changes_qs)
    if teacher is not None:
        substituted = {c.entry_id for c in changes if c.new_teacher_id == teacher.pk}
        entries_qs = entries_qs.filter(Q(teacher=teacher) | Q(pk__in=substituted))
    entries = list(entries_qs)
    holidays = holidays_between(school=school, start=start, end=end)
    bells = default_bells(school)

    by_slot = {(c.entry_id, c.date): c for c in changes}
    by_weekday: dict[int, list[TimetableEntry]] = defaultdict(list)
    for entry in entries:
        by_weekday[entry.weekday].append(entry)

    def attends(group_id: int, day: datetime.date) -> bool:
        if student is None:
            return True
        return any(_in_force(m, day) for m in memberships.get(group_id, ()))

    def lesson(entry, day, number, **kwargs) -> ScheduledLesson:
        bell = bells.get(number)
        kwargs.setdefault("teacher", entry.teacher)
        kwargs.setdefault("room", entry.room)
        return ScheduledLesson(
            date=day,
            lesson_number=number,
            starts_at=bell.starts_at if bell else None,
            ends_at=bell.ends_at if bell else None,
            group=entry.group,
            subject=entry.subject,
            planned_teacher=entry.teacher,
            entry_id=entry.pk,
            **kwargs,
        )

    result: list[ScheduledLesson] = []
    for day in _dates(start, end):
        for entry in by_weekday.get(day.isoweekday(), ()):
            if not _in_force(entry, day) or not attends(entry.group_id, day):
                continue
            if holiday_for(holidays, day, entry.group.grade):
                continue
            change = by_slot.get((entry.pk, day))
            result.append(lesson(entry, day, entry.lesson_number, **_applied(change)))
    for change in changes:
        if change.kind != ChangeKind.TRANSFER or not change.new_date:
            continue
        day, entry = change.new_date, change.entry
        if not start <= day <= end or not attends(entry.group_id, day):
            continue
        if holiday_for(holidays, day, entry.group.grade):
            continue
        result.append(
            lesson(
                entry,
                day,
                change.new_lesson_number,
                teacher=change.new_teacher or entry.teacher,
                room=change.new_room or entry.room,
                change=ChangeKind.TRANSFER,
                moved_from=(change.date, entry.lesson_number),
            )
        )
    if teacher is not None:
        result = [item for item in result if item.teacher.pk == teacher.pk]
    result.sort(key=lambda x: (x.date, x.lesson_number, x.group.name, x.entry_id))
    return result


def _applied(change: TimetableChange | None) -> dict:
    """The fields a change sets on the lesson at its original slot."""
    if change is None:
        return {}
    kind = change.kind
    fields: dict = {"change": kind}
    if kind == ChangeKind.SUBSTITUTION and change.new_teacher:
        fields["teacher"] = change.new_teacher
    elif kind == ChangeKind.ROOM and change.new_room:
        fields["room"] = change.new_room
    elif kind == ChangeKind.CANCELLATION:
        fields["is_cancelled"] = True
    elif kind == ChangeKind.TRANSFER:
        fields["moved_to"] = (change.new_date, change.new_lesson_number)
    return fields


def lessons_on(
    *, school: School, day: datetime.date, **filters
) -> list[ScheduledLesson]:
    """The lessons of one day; see lessons_between."""
    return lessons_between(school=school, start=day, end=day, **filters)


# --- Pages -----------------------------------------------------------------------


def school_for_timetable(user: User, school: School | None) -> School:
    """The active school, if the user may see its timetable; else 404."""
    if school is None or not permissions.can_view_structure(user, school):
        raise Http404
    return school


def school_class_get_for_timetable(
    user: User, school: School | None, class_id: int
) -> SchoolClass:
    school = school_for_timetable(user, school)
    school_class = SchoolClass.objects.for_school(school).filter(pk=class_id).first()
    if school_class is None:
        raise Http404
    return school_class


def staff_list(school: School):
    """Users holding an active staff role in the school: who may teach there."""
    ids = (
        Membership.objects.for_school(school)
        .active()
        .with_role(*STAFF_ROLES)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by(
        "last_name", "first_name", "patronymic"
    )


def teacher_get_for_timetable(user: User, school: School | None, user_id: int) -> User:
    school = school_for_timetable(user, school)
    teacher = staff_list(school).filter(pk=user_id).first()
    if teacher is None:
        raise Http404
    return teacher


def timetable_change_list_for_day(school: School, day: datetime.date):
    """The day's changes with everything a list shows."""
    return (
        TimetableChange.objects.for_school(school)
        .filter(Q(date=day) | Q(new_date=day))
        .select_related(
            "entry__group",
            "entry__subject",
            "entry__teacher",
            "entry__room",
            "new_teacher",
            "new_room",
            "created_by",
        )
        .order_by("entry__lesson_number", "entry__group__name")
    )
