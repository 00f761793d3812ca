"""Writes of the tenancy and accounts layer: each checks, records, commits once."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events, permissions
from ..history import attribute
from ..models import AcademicYear, Membership, Municipality, School, User

SCHOOL_SETTINGS_FIELDS = (
    "name",
    "short_name",
    "address",
    "time_zone",
    "edit_window_days",
    "homework_deadline_hours",
    "default_grading_scale",
    "default_work_kind",
    "diary_requires_consent",
    "two_factor_required",
)

OTHER_SCHOOL = _("This school belongs to another education department.")


@transaction.atomic
def municipality_create(
    *, actor: User, name: str, code: str, time_zone: str
) -> Municipality:
    """The platform administrator opens an education department."""
    permissions.ensure_is_platform_admin(actor)
    municipality = Municipality(name=name, code=code, time_zone=time_zone)
    municipality.full_clean()
    attribute(municipality, actor)
    municipality.save()
    return municipality


@transaction.atomic
def school_create(
    *,
    actor: User,
    municipality: Municipality,
    code: str,
    name: str,
    short_name: str,
    time_zone: str | None = None,
    **settings: Any,
) -> School:
    """The platform administrator adds a school to an education department."""
    permissions.ensure_is_platform_admin(actor)
    school = School(
        municipality=municipality,
        code=code,
        name=name,
        short_name=short_name,
        time_zone=time_zone or municipality.time_zone,
        **settings,
    )
    school.full_clean()
    attribute(school, actor)
    school.save()
    return school


@transaction.atomic
def school_settings_update(
    *, actor: User, school: School, data: dict[str, Any]
) -> School:
    """The director or sysadmin changes the school's names, zone, windows and scale."""
    permissions.ensure_can_change_school_settings(actor, school)
    changed: dict[str, list[str]] = {}
    for field in SCHOOL_SETTINGS_FIELDS:
        if field in data and getattr(school, field) != data[field]:
            changed[field] = [str(getattr(school, field)), str(data[field])]
            setattr(school, field, data[field])
    if not changed:
        return school
    school.full_clean()
    attribute(school, actor)
    school.save(update_fields=list(changed))
    events.school_settings_updated(actor=actor, school=school, changed=changed)
    return school


@transaction.atomic
def academic_year_create(
    *,
    actor: User,
    school: School,
    starts_on: datetime.date,
    ends_on: datetime.date,
    name: str = "",
    is_current: bool = False,
) -> AcademicYear:
    """The administration opens a year; a new current year unmarks the old one."""
    permissions.ensure_can_open_year(actor, school)
    year = AcademicYear(
        school=school,
        name=name or f"{starts_on.year}/{ends_on.year}",
        starts_on=starts_on,
        ends_on=ends_on,
        is_current=is_current,
    )
    year.full_clean(validate_constraints=False)
    if is_current:
        for old in AcademicYear.objects.for_school(school).filter(is_current=True):
            old.is_current = False
            attribute(old, actor)
            old.save(update_fields=["is_current"])
    attribute(year, actor)
    year.save()
    return year


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
    password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account; without a password it cannot log in until one is issued."""
    permissions.ensure_can_create_account(actor)
    user = User(
        username=username,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        email=email,
        must_change_password=must_change_password,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    attribute(user, actor)
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    actor: User,
    user: User,
    role: str,
    school: School | None = None,
    municipality: Municipality | None = None,
) -> Membership:
    """Give a user a role in a school (or an inspector's role in a department)."""
    municipality = school.municipality if school is not None else municipality
    if municipality is None:
        raise ValidationError(_("An inspector's role needs an education department."))
    permissions.ensure_can_grant_membership(actor, school, municipality)
    membership = Membership.objects.filter(
        user=user, school=school, municipality=municipality, role=role
    ).first()
    if membership is None:
        membership = Membership(
            user=user, school=school, municipality=municipality, role=role
        )
    elif membership.is_active:
        return membership
    membership.is_active = True
    membership.ended_at = None
    membership.full_clean()
    attribute(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    """End a role at once: the person loses access but keeps authorship of history."""
    permissions.ensure_can_grant_membership(
        actor, membership.school, membership.municipality
    )
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.ended_at = timezone.now()
    attribute(membership, actor)
    membership.save(update_fields=["is_active", "ended_at"])
    return membership


def membership_switch(
    *, actor: User, membership: Membership, ip: str | None
) -> Membership:
    """The user picks which of their own roles the pages act in."""
    permissions.ensure_can_use_membership(actor, membership)
    events.role_switched(user=actor, membership=membership, ip=ip)
    return membership


@transaction.atomic
def user_password_change(
    *, actor: User, user: User, new_password: str, ip: str | None
) -> User:
    """A user sets their own password; a forced change is then satisfied."""
    permissions.ensure_can_change_password(actor, user)
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    attribute(user, actor)
    user.save(update_fields=["password", "must_change_password"])
    membership = user.memberships.active().filter(school__isnull=False).first()
    events.password_changed(
        user=user, school=membership.school if membership else None, ip=ip
    )
    return user


def session_started(*, user: User, school: School | None, ip: str | None) -> None:
    """A successful login, for the events log."""
    events.login_succeeded(user=user, school=school, ip=ip)


def session_refused(*, username: str, ip: str | None, locked: bool) -> None:
    """A failed or locked-out login, for the events log."""
    events.login_failed(username=username, ip=ip, locked=locked)


def session_ended(*, user: User, school: School | None, ip: str | None) -> None:
    events.logged_out(user=user, school=school, ip=ip)
