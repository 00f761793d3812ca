"""Who may do what in a school; ensure_* raise PermissionDenied, can_* answer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Membership, Role, School, User

SETTINGS_EDITORS = (Role.DIRECTOR, Role.SYSADMIN)
EVENT_READERS = (Role.SYSADMIN,)


def _memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def schools_visible_to(user: User) -> QuerySet[School]:
    """Schools the user works or studies in, or oversees as an inspector."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    memberships = _memberships(user)
    return School.objects.filter(
        Q(pk__in=memberships.filter(school__isnull=False).values("school"))
        | Q(
            municipality__in=memberships.filter(role=Role.INSPECTOR).values(
                "municipality"
            )
        )
    ).distinct()


def has_school_role(user: User, school: School, *roles: str) -> bool:
    """An active membership with one of the roles in exactly this school."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _memberships(user).filter(school=school, role__in=roles).exists()


def can_view_school(user: User, school: School) -> bool:
    """Any member of the school, its inspectors and the platform superuser."""
    return schools_visible_to(user).filter(pk=school.pk).exists()


def can_change_school_settings(user: User, school: School) -> bool:
    """The director and the sysadmin of the school set its edit windows and scale."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return has_school_role(user, school, *SETTINGS_EDITORS)


def ensure_can_change_school_settings(user: User, school: School) -> None:
    if not can_change_school_settings(user, school):
        raise PermissionDenied


def can_view_events(user: User, school: School) -> bool:
    """The events log of a school is for its sysadmin (and the platform superuser)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return has_school_role(user, school, *EVENT_READERS)


def ensure_can_view_events(user: User, school: School) -> None:
    if not can_view_events(user, school):
        raise PermissionDenied


def can_use_membership(user: User, membership: Membership) -> bool:
    """A user acts only in their own active memberships."""
    return (
        user.is_authenticated
        and user.is_active
        and membership.user_id == user.pk
        and membership.is_active
    )


def ensure_can_use_membership(user: User, membership: Membership) -> None:
    if not can_use_membership(user, membership):
        raise PermissionDenied
