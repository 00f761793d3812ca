"""Who enrols a second factor, who must, and who may reset someone's."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, Role, School, User
from .models.accounts import STAFF_ROLES
from .permissions import has_school_role

# 001 §4.4: the accounts that can change the school's rules and its accounts.
REQUIRED_ROLES = (Role.SYSADMIN, Role.DIRECTOR)
ENROLLING_ROLES = (*STAFF_ROLES, Role.INSPECTOR)
RESETTERS = (Role.SYSADMIN,)


def _active(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def can_enrol_two_factor(user: User) -> bool:
    """Staff, inspectors and the platform superuser may add an authenticator."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _active(user).filter(role__in=ENROLLING_ROLES).exists()


def two_factor_required(user: User) -> bool:
    """A director or sysadmin of a school that turned the second factor on."""
    if not user.is_authenticated:
        return False
    return (
        _active(user)
        .filter(role__in=REQUIRED_ROLES, school__two_factor_required=True)
        .exists()
    )


def two_factor_required_by(memberships) -> bool:
    """The same rule over memberships already loaded (the request's)."""
    return any(
        m.role in REQUIRED_ROLES
        and m.school is not None
        and m.school.two_factor_required
        for m in memberships
    )


def can_reset_two_factor(actor: User, school: School) -> bool:
    """The school's sysadmin (or the platform superuser) resets a lost factor."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.is_superuser or has_school_role(actor, school, *RESETTERS)


def staff_of_school(school: School) -> QuerySet[User]:
    """The people whose second factor the school's sysadmin looks after."""
    return User.objects.filter(
        memberships__school=school,
        memberships__is_active=True,
        memberships__role__in=STAFF_ROLES,
    ).distinct()
