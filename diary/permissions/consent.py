"""Who registers applications and consents, who reads and revokes them (A5, D4)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied

from diary.models import Consent
from school import permissions as school_permissions
from school.models import Enrollment, Role, SchoolClass, Student, User

# The administration registers papers for any class of its school.
REGISTRARS = (Role.DEPUTY, Role.DIRECTOR)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def class_of_pupil(student: Student, day: datetime.date) -> SchoolClass | None:
    """The class the pupil is enrolled in on the day, if any."""
    enrollment = (
        Enrollment.objects.for_school(student.school)
        .filter(student=student)
        .on(day)
        .select_related("school_class__school")
        .first()
    )
    return enrollment.school_class if enrollment else None


def can_manage_class_consents(user: User, school_class: SchoolClass) -> bool:
    """The class's own class teacher, the deputy and the director (002 §5.1)."""
    if not _active(user):
        return False
    return school_permissions.is_class_teacher_of(
        user, school_class
    ) or school_permissions.has_school_role(user, school_class.school, *REGISTRARS)


def can_manage_school_consents(user: User, school) -> bool:
    """The deputy and the director see every class's applications and consents."""
    return _active(user) and school_permissions.has_school_role(
        user, school, *REGISTRARS
    )


def can_register_consent(user: User, student: Student) -> bool:
    """Papers of a pupil's parent: the pupil's class teacher or the administration."""
    if not _active(user):
        return False
    if school_permissions.has_school_role(user, student.school, *REGISTRARS):
        return True
    school_class = class_of_pupil(student, student.school.local_today())
    return school_class is not None and school_permissions.is_class_teacher_of(
        user, school_class
    )


def ensure_can_register_consent(user: User, student: Student) -> None:
    if not can_register_consent(user, student):
        raise PermissionDenied


def is_own_consent(user: User, consent: Consent) -> bool:
    """The parent who signed it, while a parent of that school."""
    return (
        _active(user)
        and consent.guardian is not None
        and consent.guardian.user_id == user.pk
        and school_permissions.has_school_role(user, consent.school, Role.PARENT)
    )


def can_view_consent(user: User, consent: Consent) -> bool:
    """The parent sees their own sheet; registrars see the sheets of their pupils."""
    return is_own_consent(user, consent) or can_register_consent(user, consent.student)


def can_revoke_consent(user: User, consent: Consent) -> bool:
    """A valid consent is revoked by its parent or registered revoked by staff."""
    return consent.is_valid and can_view_consent(user, consent)


def ensure_can_revoke_consent(user: User, consent: Consent) -> None:
    if not can_revoke_consent(user, consent):
        raise PermissionDenied


def can_print_extracts(user: User, school_class: SchoolClass) -> bool:
    """The class teacher prints the weekly paper extracts (D4); the deputy too."""
    return can_manage_class_consents(user, school_class)


def ensure_can_print_extracts(user: User, school_class: SchoolClass) -> None:
    if not can_print_extracts(user, school_class):
        raise PermissionDenied
