"""Checks shared by the timetable services: one school, staff teachers, clashes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    GroupKind,
    GroupMembership,
    Membership,
    School,
    StudyGroup,
    TimetableEntry,
    User,
)
from ..models.accounts import STAFF_ROLES

OTHER_SCHOOL = _("The lesson mixes objects of another school.")
NOT_STAFF = _("The teacher does not work at this school.")
LESSON_DESCRIPTION = _("%(group)s, %(subject)s, %(teacher)s")
TEACHER_BUSY = _("The teacher already has a lesson at this time: %(lesson)s.")
ROOM_BUSY = _("The room is already taken at this time: %(lesson)s.")
PUPILS_BUSY = _("Pupils of this group already have a lesson at this time: %(lesson)s.")

FAR_FUTURE = datetime.date(9999, 12, 31)


def ensure_same_school(school: School, *objects) -> None:
    """Every given object (skipping None) belongs to the school."""
    for obj in objects:
        if obj is not None and obj.school_id != school.pk:
            raise ValidationError(OTHER_SCHOOL)


def ensure_teaches_at(school: School, teacher: User) -> None:
    """The teacher holds an active staff role in the school."""
    works = (
        Membership.objects.for_school(school)
        .active()
        .with_role(*STAFF_ROLES)
        .filter(user=teacher)
        .exists()
    )
    if not works or not teacher.is_active:
        raise ValidationError(NOT_STAFF)


def describe(*, group, subject, teacher) -> str:
    """How a clashing lesson is named in a message: class, subject, teacher."""
    return str(
        LESSON_DESCRIPTION
        % {
            "group": group.name,
            "subject": subject.name,
            "teacher": teacher.get_short_name(),
        }
    )


def describe_entry(entry: TimetableEntry) -> str:
    return describe(group=entry.group, subject=entry.subject, teacher=entry.teacher)


def nested(one: StudyGroup, other: StudyGroup) -> bool:
    """The same group, or a whole class and a group carved from that class."""
    if one.pk == other.pk:
        return True
    if one.school_class_id is None or one.school_class_id != other.school_class_id:
        return False
    return GroupKind.CLASS in (one.kind, other.kind)


def _overlap(a_start, a_end, b_start, b_end) -> tuple | None:
    start = max(a_start, b_start)
    end = min(a_end or FAR_FUTURE, b_end or FAR_FUTURE)
    return (start, end) if start <= end else None


def pupils_shared(
    group: StudyGroup,
    others: Iterable[StudyGroup],
    start: datetime.date,
    end: datetime.date | None,
) -> set[int]:
    """Ids of the other groups having a pupil of `group` at once within [start, end]."""
    others = [g for g in others if g.pk != group.pk]
    if not others:
        return set()
    rows = GroupMembership.objects.filter(
        group_id__in=[group.pk, *(g.pk for g in others)]
    ).within_dates(start, end or FAR_FUTURE)
    mine: dict[int, list] = {}
    theirs: list = []
    for row in rows:
        if row.group_id == group.pk:
            mine.setdefault(row.student_id, []).append(row)
        else:
            theirs.append(row)
    clashing = set()
    for row in theirs:
        for own in mine.get(row.student_id, ()):
            both = _overlap(own.starts_on, own.ends_on, row.starts_on, row.ends_on)
            if both and _overlap(*both, start, end):
                clashing.add(row.group_id)
    return clashing
