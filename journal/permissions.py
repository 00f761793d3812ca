"""Who keeps which journal (C1), who reads it (C11), who decides corrections (C7)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from school import permissions as school_permissions
from school.models import (
    ChangeKind,
    Role,
    School,
    StudyGroup,
    Subject,
    TeachingAssignment,
    TimetableChange,
    User,
)

CORRECTION_DECIDERS = (Role.DEPUTY, Role.DIRECTOR, Role.SYSADMIN)
JOURNAL_READERS = (Role.DEPUTY, Role.DIRECTOR)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def teaches(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date
) -> bool:
    """A teaching assignment in force on the day: the journal is theirs (C1)."""
    if not _active(user) or not school_permissions.has_school_role(
        user, group.school, Role.TEACHER, Role.CLASS_TEACHER, Role.TUTOR
    ):
        return False
    return (
        TeachingAssignment.objects.filter(teacher=user, group=group, subject=subject)
        .filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .exists()
    )


def substitutes(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date
) -> bool:
    """Stands in for this group and subject on that day (C1, C5)."""
    if not _active(user):
        return False
    return TimetableChange.objects.filter(
        school=group.school,
        date=day,
        kind=ChangeKind.SUBSTITUTION,
        new_teacher=user,
        entry__group=group,
        entry__subject=subject,
    ).exists()


def can_keep_journal(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date
) -> bool:
    return teaches(user, group, subject, day) or substitutes(user, group, subject, day)


def ensure_can_keep_journal(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date
) -> None:
    if not can_keep_journal(user, group, subject, day):
        raise PermissionDenied


def can_read_journal(user: User, group: StudyGroup, subject: Subject) -> bool:
    """Its teachers, the class teacher of the class (read-only), the administration."""
    if not _active(user):
        return False
    if TeachingAssignment.objects.filter(
        teacher=user, group=group, subject=subject
    ).exists():
        return school_permissions.has_school_role(
            user, group.school, Role.TEACHER, Role.CLASS_TEACHER, Role.TUTOR
        )
    if group.school_class_id is not None and school_permissions.is_class_teacher_of(
        user, group.school_class
    ):
        return True
    return school_permissions.has_school_role(user, group.school, *JOURNAL_READERS)


def can_decide_corrections(user: User, school: School) -> bool:
    return _active(user) and school_permissions.has_school_role(
        user, school, *CORRECTION_DECIDERS
    )


def ensure_can_decide_corrections(user: User, school: School) -> None:
    if not can_decide_corrections(user, school):
        raise PermissionDenied


def can_close_periods(user: User, school: School) -> bool:
    """The deputy closes the period (C8)."""
    return _active(user) and school_permissions.has_school_role(
        user, school, Role.DEPUTY, Role.DIRECTOR
    )


def ensure_can_close_periods(user: User, school: School) -> None:
    if not can_close_periods(user, school):
        raise PermissionDenied
