"""Who keeps which journal (C1), who reads it (C11), who decides corrections (C7)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value

from school import permissions as school_permissions
from school.models import (
    ChangeKind,
    Membership,
    Role,
    School,
    StudyGroup,
    Subject,
    TeachingAssignment,
    TimetableChange,
    User,
)

CORRECTION_DECIDERS = (Role.DEPUTY, Role.DIRECTOR, Role.SYSADMIN)
KEEPER_ROLES = (Role.TEACHER, Role.CLASS_TEACHER, Role.TUTOR)
JOURNAL_READERS = (Role.DEPUTY, Role.DIRECTOR)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def teaches(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date
) -> bool:
    """A teaching assignment in force on the day: the journal is theirs (C1)."""
    if not _active(user) or not school_permissions.has_school_role(
        user, group.school, *KEEPER_ROLES
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


def keeper_days(
    user: User, group: StudyGroup, subject: Subject, scheduled: Iterable
) -> tuple[Callable[[datetime.date], bool], bool]:
    """can_keep_journal for every day of a grid at once, in two queries at most:
    (keeps(day), whether the user substitutes on any of the scheduled lessons)."""
    active = _active(user)
    assignments = []
    if active and school_permissions.has_school_role(user, group.school, *KEEPER_ROLES):
        assignments = list(
            TeachingAssignment.objects.filter(
                teacher=user, group=group, subject=subject
            ).only("starts_on", "ends_on")
        )
    substitute_days = {
        s.date for s in scheduled if active and s.is_substituted and s.teacher == user
    }

    def keeps(day: datetime.date) -> bool:
        return day in substitute_days or any(
            a.starts_on <= day and (a.ends_on is None or a.ends_on >= day)
            for a in assignments
        )

    return keeps, bool(substitute_days)


def keeps_journal_expression(
    user: User, *, subject_id: int, day: datetime.date
) -> ExpressionWrapper | Value:
    """can_keep_journal as one SQL expression over a StudyGroup queryset, so the
    grid cell's save checks it inside the query that loads the cell."""
    if not _active(user):
        return Value(False)
    role = Exists(
        Membership.objects.filter(
            user=user,
            is_active=True,
            school=OuterRef("school_id"),
            role__in=KEEPER_ROLES,
        )
    )
    teaches_then = Exists(
        TeachingAssignment.objects.filter(
            teacher=user, group=OuterRef("pk"), subject_id=subject_id
        )
        .filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    )
    stands_in = Exists(
        TimetableChange.objects.filter(
            school=OuterRef("school_id"),
            date=day,
            kind=ChangeKind.SUBSTITUTION,
            new_teacher=user,
            entry__group=OuterRef("pk"),
            entry__subject_id=subject_id,
        )
    )
    return ExpressionWrapper(
        (Q(role) & Q(teaches_then)) | Q(stands_in), output_field=BooleanField()
    )


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
        return school_permissions.has_school_role(user, group.school, *KEEPER_ROLES)
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
