"""Reads for issuing credentials: who gets a slip, which classes a user serves."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..models import (
    Enrollment,
    GuardianRelation,
    Membership,
    Role,
    School,
    SchoolClass,
    StaffMember,
    User,
)
from .accounts import academic_year_current

AUDIENCE_STUDENTS = "students"
AUDIENCE_GUARDIANS = "guardians"
AUDIENCE_BOTH = "both"
AUDIENCES = (AUDIENCE_STUDENTS, AUDIENCE_GUARDIANS, AUDIENCE_BOTH)


def without_credentials(prefix: str = "") -> Q:
    """Accounts that cannot log in yet: no password, or an unusable one."""
    field = f"{prefix}password"
    return Q(**{field: ""}) | Q(**{f"{field}__startswith": UNUSABLE_PASSWORD_PREFIX})


def has_credentials(user: User) -> bool:
    """A login was issued: the account has a password it can log in with."""
    return bool(user.password) and user.has_usable_password()


@dataclass(frozen=True)
class Recipient:
    """One person a slip may be printed for, with the role the slip names."""

    user: User
    role: str  # Role.STUDENT, Role.PARENT, or "" for staff (they keep theirs)
    children: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()


def _not_ended(day: datetime.date) -> Q:
    # Includes enrollments starting later: logins are handed out before 1 September.
    return Q(ends_on__isnull=True) | Q(ends_on__gte=day)


def _enrollments(school_class: SchoolClass) -> QuerySet[Enrollment]:
    day = school_class.school.local_today()
    return Enrollment.objects.for_school(school_class.school).filter(
        _not_ended(day), school_class=school_class
    )


def credentials_recipients_for_class(
    school_class: SchoolClass, audience: str
) -> list[Recipient]:
    """Pupils of the class (not yet left) and/or their parents, pupil by pupil."""
    students = [
        e.student
        for e in _enrollments(school_class)
        .select_related("student__user")
        .order_by(
            "student__user__last_name",
            "student__user__first_name",
            "student__user__patronymic",
            "pk",
        )
    ]
    relations = (
        GuardianRelation.objects.for_school(school_class.school)
        .filter(student__in=students)
        .select_related("guardian__user", "student__user")
        .order_by("guardian__user__last_name", "guardian__user__first_name", "pk")
        if audience != AUDIENCE_STUDENTS
        else []
    )
    guardians: dict[int, list] = {}
    for relation in relations:
        guardians.setdefault(relation.student_id, []).append(relation.guardian.user)
    # A parent's children are named in the class list's order.
    children: dict[int, list[str]] = {}
    for student in students:
        child = f"{student.user.last_name} {student.user.first_name}".strip()
        for user in guardians.get(student.pk, []):
            children.setdefault(user.pk, []).append(child)
    result: list[Recipient] = []
    seen: set[int] = set()
    for student in students:
        if audience != AUDIENCE_GUARDIANS and student.user_id not in seen:
            seen.add(student.user_id)
            result.append(Recipient(user=student.user, role=Role.STUDENT))
        for user in guardians.get(student.pk, []):
            if user.pk not in seen:
                seen.add(user.pk)
                names = tuple(dict.fromkeys(children[user.pk]))
                result.append(Recipient(user=user, role=Role.PARENT, children=names))
    return result


def _staff(school: School) -> QuerySet[StaffMember]:
    day = school.local_today()
    return StaffMember.objects.for_school(school).filter(
        Q(dismissed_on__isnull=True) | Q(dismissed_on__gte=day)
    )


def credentials_recipients_for_staff(school: School) -> list[Recipient]:
    """Staff not dismissed, one slip per person whatever the number of positions."""
    rows = (
        _staff(school)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__patronymic", "pk")
    )
    positions: dict[int, list[str]] = {}
    users: dict[int, User] = {}
    for row in rows:
        users.setdefault(row.user_id, row.user)
        positions.setdefault(row.user_id, []).append(str(row.get_position_display()))
    return [
        Recipient(user=user, role="", positions=tuple(dict.fromkeys(positions[pk])))
        for pk, user in users.items()
    ]


def credentials_class_list_for_issue(
    user: User, membership: Membership | None
) -> QuerySet[SchoolClass]:
    """The sysadmin's: every class of the year; a class teacher's: their own classes."""
    if membership is None or membership.school is None or membership.user_id != user.pk:
        return SchoolClass.objects.none()
    school = membership.school
    classes = SchoolClass.objects.for_school(school).select_related("school", "year")
    year = academic_year_current(school)
    if year is not None:
        classes = classes.filter(year=year)
    if membership.role == Role.SYSADMIN:
        return classes
    if membership.role == Role.CLASS_TEACHER:
        return classes.filter(class_teacher=user)
    return SchoolClass.objects.none()


def credentials_class_get_for_issue(
    user: User, membership: Membership | None, class_id: int
) -> SchoolClass:
    """One class the user may issue credentials for; any other is a 404."""
    school_class = (
        credentials_class_list_for_issue(user, membership).filter(pk=class_id).first()
    )
    if school_class is None:
        raise Http404
    return school_class


def credentials_class_counts(classes) -> dict[int, dict[str, int]]:
    """Per class: pupils and parents in all, and how many still lack credentials."""
    classes = list(classes)
    if not classes:
        return {}
    school = classes[0].school
    day = school.local_today()
    counts = {
        c.pk: {"students": 0, "students_new": 0, "guardians": 0, "guardians_new": 0}
        for c in classes
    }
    pupils = (
        Enrollment.objects.for_school(school)
        .filter(_not_ended(day), school_class__in=classes)
        .values("school_class")
        .annotate(
            total=Count("student__user", distinct=True),
            new=Count(
                "student__user",
                distinct=True,
                filter=without_credentials("student__user__"),
            ),
        )
    )
    for row in pupils:
        counts[row["school_class"]].update(
            students=row["total"], students_new=row["new"]
        )
    parents = (
        GuardianRelation.objects.for_school(school)
        .filter(
            Q(student__enrollments__ends_on__isnull=True)
            | Q(student__enrollments__ends_on__gte=day),
            student__enrollments__school_class__in=classes,
        )
        .values("student__enrollments__school_class")
        .annotate(
            total=Count("guardian__user", distinct=True),
            new=Count(
                "guardian__user",
                distinct=True,
                filter=without_credentials("guardian__user__"),
            ),
        )
    )
    for row in parents:
        counts[row["student__enrollments__school_class"]].update(
            guardians=row["total"], guardians_new=row["new"]
        )
    return counts


def credentials_staff_counts(school: School) -> dict[str, int]:
    """Staff in all, and how many still lack credentials."""
    return _staff(school).aggregate(
        total=Count("user", distinct=True),
        new=Count("user", distinct=True, filter=without_credentials("user__")),
    )
