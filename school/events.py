"""One function per fact in the events log; codes are dotted and stable."""

from __future__ import annotations

from typing import Any

from .models import Event, School, User

LOGIN_SUCCEEDED = "accounts.login.succeeded"
LOGIN_FAILED = "accounts.login.failed"
LOGIN_LOCKED = "accounts.login.locked"
LOGGED_OUT = "accounts.logout"
SESSION_EXPIRED = "accounts.session.expired"
ROLE_SWITCHED = "accounts.role.switched"
PASSWORD_CHANGED = "accounts.password.changed"
SCHOOL_SETTINGS_UPDATED = "school.settings.updated"
ADMIN_ACTION = "admin.action"
DEMO_SEEDED = "school.demo.seeded"


def record(
    code: str,
    *,
    actor: User | None = None,
    actor_username: str = "",
    school: School | None = None,
    ip: str | None = None,
    **params: Any,
) -> Event:
    """Append one event; the actor's login is copied so it outlives the account."""
    if actor is not None and not actor_username:
        actor_username = actor.get_username()
    return Event.objects.create(
        code=code,
        actor=actor,
        actor_username=_storable(actor_username)[:150],
        school=school,
        ip=ip or None,
        params=params,
    )


def login_succeeded(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(LOGIN_SUCCEEDED, actor=user, school=school, ip=ip)


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL: show it as U+FFFD rather than fail the write."""
    return text.replace("\x00", "\ufffd")


def login_failed(*, username: str, ip: str | None, locked: bool) -> Event:
    code = LOGIN_LOCKED if locked else LOGIN_FAILED
    # No account has a NUL in its login; asking PostgreSQL would raise.
    user = (
        None if "\x00" in username else User.objects.filter(username=username).first()
    )
    school = None
    if user is not None:
        membership = user.memberships.active().filter(school__isnull=False).first()
        school = membership.school if membership else None
    return record(code, actor=user, actor_username=username, school=school, ip=ip)


def logged_out(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(LOGGED_OUT, actor=user, school=school, ip=ip)


def session_expired(*, user: User, school: School | None, reason: str) -> Event:
    return record(SESSION_EXPIRED, actor=user, school=school, reason=reason)


def role_switched(*, user: User, membership, ip: str | None) -> Event:
    return record(
        ROLE_SWITCHED,
        actor=user,
        school=membership.school,
        ip=ip,
        membership=membership.pk,
        role=membership.role,
    )


def password_changed(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(PASSWORD_CHANGED, actor=user, school=school, ip=ip)


def school_settings_updated(*, actor: User, school: School, changed: dict) -> Event:
    return record(SCHOOL_SETTINGS_UPDATED, actor=actor, school=school, changed=changed)


def admin_action(
    *, actor: User, school: School | None, action: str, model: str, pk: Any, text: str
) -> Event:
    return record(
        ADMIN_ACTION,
        actor=actor,
        school=school,
        action=action,
        model=model,
        object_id=str(pk),
        text=text,
    )
