"""Who reads which pupil's diary (A4) and who sees who has looked at it (D3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from school import permissions as school_permissions
from school.models import GuardianRelation, Role, SchoolClass, Student, User

LOOKED_READERS = (Role.DEPUTY, Role.DIRECTOR)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_diary(user: User, student: Student, role: str) -> bool:
    """A parent reads their own child's diary, a pupil only their own (A4)."""
    if not _active(user) or role not in (Role.PARENT, Role.STUDENT):
        return False
    if not school_permissions.has_school_role(user, student.school, role):
        return False
    if role == Role.STUDENT:
        return student.user_id == user.pk
    return GuardianRelation.objects.filter(
        school=student.school, student=student, guardian__user=user
    ).exists()


def ensure_can_view_diary(user: User, student: Student, role: str) -> None:
    if not can_view_diary(user, student, role):
        raise PermissionDenied


def can_see_who_looked(user: User, school_class: SchoolClass) -> bool:
    """The class's own class teacher and the deputy (or director) (D3, 001 §15)."""
    if not _active(user):
        return False
    return school_permissions.is_class_teacher_of(
        user, school_class
    ) or school_permissions.has_school_role(user, school_class.school, *LOOKED_READERS)


def can_see_who_looked_in_school(user, school) -> bool:
    """The deputy's and director's school-wide list of classes (D3)."""
    return _active(user) and school_permissions.has_school_role(
        user, school, *LOOKED_READERS
    )
