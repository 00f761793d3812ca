"""Events of the second login step (TOTP and recovery codes)."""

from __future__ import annotations

from .events import record
from .models import Event, School, User

ENROLLED = "accounts.two_factor.enrolled"
SUCCEEDED = "accounts.two_factor.succeeded"
FAILED = "accounts.two_factor.failed"
LOCKED = "accounts.two_factor.locked"
RECOVERY_USED = "accounts.two_factor.recovery_used"
RESET = "accounts.two_factor.reset"


def _school(user: User) -> School | None:
    membership = user.memberships.active().filter(school__isnull=False).first()
    return membership.school if membership else None


def enrolled(*, user: User, ip: str | None) -> Event:
    return record(ENROLLED, actor=user, school=_school(user), ip=ip)


def succeeded(*, user: User, ip: str | None) -> Event:
    return record(SUCCEEDED, actor=user, school=_school(user), ip=ip)


def failed(*, user: User, ip: str | None) -> Event:
    return record(FAILED, actor=user, school=_school(user), ip=ip)


def locked(*, user: User, ip: str | None) -> Event:
    return record(LOCKED, actor=user, school=_school(user), ip=ip)


def recovery_used(*, user: User, ip: str | None, left: int) -> Event:
    return record(RECOVERY_USED, actor=user, school=_school(user), ip=ip, left=left)


def reset(*, actor: User, school: School, user: User, ip: str | None) -> Event:
    return record(
        RESET,
        actor=actor,
        school=school,
        ip=ip,
        user=user.pk,
        username=user.get_username(),
    )
