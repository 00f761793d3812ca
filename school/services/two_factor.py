"""The second login step: enrolling an authenticator, checking codes, resets.

django-otp keeps the devices: a TOTP device for the authenticator app and a
static device whose tokens are the one-time recovery codes. Wrong codes are
counted from the events log, so the lock survives a new password login.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .. import events
from .. import permissions_two_factor as permissions
from ..errors import ApplicationError
from ..models import Event, School, User

WRONG_CODE = _("The code is wrong or has expired. Enter the current code.")
LOCKED = _("Too many wrong codes. The second step is locked for a while.")
NOT_STAFF_MEMBER = _("This person does not work in this school.")

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
TOTP_DIGITS = 6


def new_key() -> str:
    """A fresh secret for an authenticator being enrolled (kept in the session)."""
    return random_hex(20)


def unsaved_device(user: User, key: str) -> TOTPDevice:
    """The device an enrolment would create, for its QR code and secret."""
    return TOTPDevice(user=user, key=key, name=TOTP_NAME, digits=TOTP_DIGITS)


def _code(token: str) -> str:
    return "".join(str(token).split()).lower()


def has_device(user: User) -> bool:
    """The user has a confirmed authenticator (recovery codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


VERIFY = "verify"
ENROL = "enrol"
# Whether the session's user has an authenticator is looked up once per session
# (most users have none, and their pages should not pay a query for it); the
# requirement is read from the memberships the request already carries.
DEVICE_SESSION_KEY = "two_factor_has_device"


def second_step(request) -> str | None:
    """What a password-only session still owes: VERIFY a code, ENROL, or nothing."""
    owes = request.session.get(DEVICE_SESSION_KEY)
    if owes is None:
        owes = has_device(request.user)
        request.session[DEVICE_SESSION_KEY] = owes
    if owes:
        return VERIFY
    if permissions.two_factor_required_by(getattr(request, "memberships", [])):
        return ENROL
    return None


def note_device_at_login(sender, request, user, **kwargs) -> None:
    """At login (also a test's force_login) the session notes the authenticator."""
    session = getattr(request, "session", None)
    if session is not None:
        session[DEVICE_SESSION_KEY] = has_device(user)


def forget_device(request) -> None:
    """The session asks again (after an enrolment, or when the device is gone)."""
    request.session.pop(DEVICE_SESSION_KEY, None)


def is_locked(user: User) -> bool:
    """N wrong codes in a row since the last success lock for the cool-off time."""
    limit = settings.TWO_FACTOR_FAILURE_LIMIT
    recent = (
        Event.objects.filter(
            actor=user,
            code__in=[
                events.TWO_FACTOR_FAILED,
                events.TWO_FACTOR_SUCCEEDED,
                events.TWO_FACTOR_RECOVERY_USED,
                events.TWO_FACTOR_ENROLLED,
            ],
        )
        .order_by("-created_at", "-pk")
        .values_list("code", "created_at")[:limit]
    )
    failures = []
    for code, created_at in recent:
        if code != events.TWO_FACTOR_FAILED:
            break
        failures.append(created_at)
    if len(failures) < limit:
        return False
    return failures[0] > timezone.now() - settings.AXES_COOLOFF_TIME


@transaction.atomic
def two_factor_enrol(*, actor: User, key: str, token: str, ip: str | None) -> list:
    """A staff member confirms a new authenticator by its first code.

    Replaces any earlier authenticator and recovery codes; returns the new
    recovery codes, which are shown once.
    """
    if not permissions.can_enrol_two_factor(actor):
        raise PermissionDenied
    device = unsaved_device(actor, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    code = _code(token)
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        raise ValidationError(WRONG_CODE)
    if not totp.verify(int(code), device.tolerance):
        raise ValidationError(WRONG_CODE)
    device.last_t = totp.t()
    device.confirmed = True
    device.full_clean()
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    device.save()
    recovery = StaticDevice.objects.create(user=actor, name=RECOVERY_NAME)
    codes = [
        StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    events.two_factor_enrolled(user=actor, ip=ip)
    return codes


def two_factor_verify(*, user: User, token: str, ip: str | None):
    """The second step: a current code or an unused recovery code; returns the device.

    A wrong code is recorded and counts toward the lock; a locked user's codes
    are not even checked.
    """
    if is_locked(user):
        events.two_factor_locked(user=user, ip=ip)
        raise ApplicationError(LOCKED)
    code = _code(token)[:64]
    device = None
    if code:
        with transaction.atomic():
            for candidate in devices_for_user(user, for_verify=True):
                if candidate.verify_token(code):
                    device = candidate
                    break
    if device is None:
        events.two_factor_failed(user=user, ip=ip)
        if is_locked(user):
            events.two_factor_locked(user=user, ip=ip)
            raise ApplicationError(LOCKED)
        raise ValidationError(WRONG_CODE)
    if isinstance(device, StaticDevice):
        events.two_factor_recovery_used(user=user, ip=ip, left=device.token_set.count())
    else:
        events.two_factor_succeeded(user=user, ip=ip)
    return device


@transaction.atomic
def two_factor_reset(
    *, actor: User, school: School, user: User, ip: str | None
) -> None:
    """The sysadmin removes a lost authenticator; the user enrols again."""
    if not permissions.can_reset_two_factor(actor, school):
        raise PermissionDenied
    if not permissions.staff_of_school(school).filter(pk=user.pk).exists():
        raise ValidationError(NOT_STAFF_MEMBER)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    events.two_factor_reset(actor=actor, school=school, user=user, ip=ip)


def authenticator_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def staff_list_with_devices(school: School) -> list[tuple[User, bool]]:
    """Each staff member of the school and whether an authenticator is enrolled."""
    people = permissions.staff_of_school(school).order_by(
        "last_name", "first_name", "pk"
    )
    enrolled = set(
        TOTPDevice.objects.filter(user__in=people, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [(person, person.pk in enrolled) for person in people]
