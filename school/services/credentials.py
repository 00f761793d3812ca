"""Logins and one-time passwords issued in bulk and printed as slips (A3).

Plain passwords exist only in the returned IssuedCredential objects: they are
never stored, logged or put in an event.
"""

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import events, permissions
from ..history import attribute
from ..models import Membership, Role, School, SchoolClass, User
from ..selectors.credentials import (
    AUDIENCES,
    Recipient,
    credentials_recipients_for_class,
    credentials_recipients_for_staff,
    has_credentials,
)

AUDIENCE_STAFF = "staff"

UNKNOWN_AUDIENCE = _("Choose whom to issue credentials to: pupils, parents or both.")
STUDENT_LABEL = _("student of class %(class)s")
PARENT_LABEL = _("parent: %(children)s (%(class)s)")

# Passport transliteration, Order of the Russian MVD No. 889 (2013) = ICAO Doc 9303.
TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Letters of other peoples of Russia and of neighbours, as ICAO does.
    "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ә": "a", "ө": "o", "ү": "u",
    "ң": "n", "һ": "h", "җ": "zh", "ў": "u",
}  # fmt: skip
SURNAME_MAX_LENGTH = 60
FALLBACK_SURNAME = "user"

# No look-alikes: 0/O/o and 1/l/I are left out.
PASSWORD_LETTERS = "".join(c for c in string.ascii_letters if c not in "OoIl")
PASSWORD_DIGITS = "23456789"
PASSWORD_ALPHABET = PASSWORD_LETTERS + PASSWORD_DIGITS
PASSWORD_LENGTH = 10


def transliterate(text: str) -> str:
    """Lower-case Latin spelling of a name: Cyrillic by the passport rules."""
    out = []
    for char in text.lower():
        if char in TRANSLIT:
            out.append(TRANSLIT[char])
            continue
        # Latin with diacritics (é, ü) keeps its base letter.
        out.append(
            unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        )
    return "".join(out)


def _surname_part(last_name: str) -> str:
    latin = transliterate(last_name)
    latin = re.sub(r"[\s_]+", "-", latin)
    latin = re.sub(r"[^a-z0-9-]", "", latin)
    latin = re.sub(r"-{2,}", "-", latin).strip("-")
    return latin[:SURNAME_MAX_LENGTH].strip("-") or FALLBACK_SURNAME


def _initial(name: str) -> str:
    latin = re.sub(r"[^a-z]", "", transliterate(name))
    return latin[:1]


def login_for(last_name: str, first_name: str, patronymic: str, taken: set[str]) -> str:
    """surname.initials in passport Latin (ivanova.mp); 2, 3, … added until free."""
    initials = _initial(first_name) + _initial(patronymic)
    base = _surname_part(last_name) + (f".{initials}" if initials else "")
    taken_lower = {t.lower() for t in taken}
    if base not in taken_lower:
        return base
    number = 2
    while f"{base}{number}" in taken_lower:
        number += 1
    return f"{base}{number}"


def login_base(user: User) -> str:
    """The login with nothing taken; numbered logins share it as their prefix."""
    return login_for(user.last_name, user.first_name, user.patronymic, set())


def password_generate() -> str:
    """Ten random characters without look-alikes, at least one digit and one letter."""
    while True:
        password = "".join(
            secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH)
        )
        if any(c in PASSWORD_DIGITS for c in password) and any(
            c in PASSWORD_LETTERS for c in password
        ):
            return password


@dataclass(frozen=True)
class IssuedCredential:
    """What one slip says; the password is kept out of repr so it is never logged."""

    user: User = field(repr=False, compare=False)
    full_name: str
    role_label: str
    login: str
    password: str = field(repr=False)


class IssuedBatch(list):
    """The slips of one issue, and how many people already had credentials."""

    def __init__(self, items=(), *, skipped: int = 0) -> None:
        super().__init__(items)
        self.skipped = skipped


def _role_label(recipient: Recipient, class_name: str) -> str:
    if recipient.role == Role.STUDENT:
        return gettext(STUDENT_LABEL) % {"class": class_name}
    if recipient.role == Role.PARENT:
        return gettext(PARENT_LABEL) % {
            "children": ", ".join(recipient.children),
            "class": class_name,
        }
    return ", ".join(recipient.positions)


def _new_login(user: User, batch_logins: set[str]) -> str:
    base = login_base(user)
    taken = set(
        User.objects.filter(username__istartswith=base)
        .exclude(pk=user.pk)
        .values_list("username", flat=True)
    )
    return login_for(
        user.last_name, user.first_name, user.patronymic, taken | batch_logins
    )


def _ensure_membership(*, actor: User, user: User, school: School, role: str) -> None:
    # Created here, not by membership_grant: a class teacher may not grant roles
    # in general, only the pupil and parent roles that come with credentials.
    membership = Membership.objects.filter(user=user, school=school, role=role).first()
    if membership is None:
        membership = Membership(
            user=user, school=school, municipality=school.municipality, role=role
        )
    elif membership.is_active:
        return
    membership.is_active = True
    membership.ended_at = None
    membership.full_clean()
    attribute(membership, actor)
    membership.save()


def _issue(
    *,
    actor: User,
    school: School,
    recipients: list[Recipient],
    class_name: str,
    reissue: bool,
    prepared: dict[int, tuple[str, str]] | None = None,
) -> IssuedBatch:
    ids = [r.user.pk for r in recipients if r.user.pk != actor.pk]
    # Locked so two people issuing at once cannot hand out two passwords.
    users = {u.pk: u for u in User.objects.select_for_update().filter(pk__in=ids)}
    issued: list[IssuedCredential] = []
    skipped = 0
    batch_logins: set[str] = set()
    for recipient in recipients:
        user = users.get(recipient.user.pk)
        if user is None:
            continue
        already = has_credentials(user)
        if already and not reissue:
            skipped += 1
            continue
        if not already:
            user.username = _new_login(user, batch_logins)
        batch_logins.add(user.username.lower())
        # A background issue hashes its passwords before the transaction.
        password, encoded = (prepared or {}).get(user.pk, ("", ""))
        if password:
            user.password = encoded
        else:
            password = password_generate()
            user.set_password(password)
        user.must_change_password = True
        user.full_clean(exclude=["password"])
        attribute(user, actor)
        user.save(update_fields=["username", "password", "must_change_password"])
        if recipient.role:
            _ensure_membership(
                actor=actor, user=user, school=school, role=recipient.role
            )
        issued.append(
            IssuedCredential(
                user=user,
                full_name=user.get_full_name() or user.username,
                role_label=_role_label(recipient, class_name),
                login=user.username,
                password=password,
            )
        )
    return IssuedBatch(issued, skipped=skipped)


@transaction.atomic
def credentials_issue_for_class(
    *,
    actor: User,
    school_class: SchoolClass,
    audience: str,
    reissue: bool = False,
    prepared: dict[int, tuple[str, str]] | None = None,
) -> IssuedBatch:
    """The class teacher (or sysadmin) issues logins to pupils and/or their parents."""
    permissions.ensure_can_issue_class_credentials(actor, school_class)
    if audience not in AUDIENCES:
        raise ValidationError(UNKNOWN_AUDIENCE)
    school = school_class.school
    recipients = credentials_recipients_for_class(school_class, audience)
    batch = _issue(
        actor=actor,
        school=school,
        recipients=recipients,
        class_name=school_class.name,
        reissue=reissue,
        prepared=prepared,
    )
    if batch:
        events.credentials_issued(
            actor=actor,
            school=school,
            count=len(batch),
            skipped=batch.skipped,
            class_name=school_class.name,
            class_id=school_class.pk,
            audience=audience,
            reissue=reissue,
        )
    return batch


@transaction.atomic
def credentials_issue_for_staff(
    *, actor: User, school: School, reissue: bool = False
) -> IssuedBatch:
    """The sysadmin issues logins to the school's staff; their own is left alone."""
    permissions.ensure_can_issue_staff_credentials(actor, school)
    recipients = credentials_recipients_for_staff(school)
    batch = _issue(
        actor=actor,
        school=school,
        recipients=recipients,
        class_name="",
        reissue=reissue,
    )
    if batch:
        events.credentials_issued(
            actor=actor,
            school=school,
            count=len(batch),
            skipped=batch.skipped,
            class_name=None,
            class_id=None,
            audience=AUDIENCE_STAFF,
            reissue=reissue,
        )
    return batch


@transaction.atomic
def credentials_issue_for_person(
    *, actor: User, school: School, user: User
) -> IssuedBatch:
    """The sysadmin issues a new password to one member of the school (A3, A6)."""
    permissions.ensure_can_issue_staff_credentials(actor, school)
    if user.pk == actor.pk or not user.memberships.filter(school=school).exists():
        raise PermissionDenied
    batch = _issue(
        actor=actor,
        school=school,
        recipients=[Recipient(user=user, role="")],
        class_name="",
        reissue=True,
    )
    if batch:
        events.credentials_issued(
            actor=actor,
            school=school,
            count=len(batch),
            skipped=batch.skipped,
            class_name=None,
            class_id=None,
            audience="person",
            reissue=True,
        )
    return batch


SLIPS_PER_PAGE = 8
SLIPS_PER_ROW = 2


def render_slips_pdf(issued: list[IssuedCredential], *, school: School) -> bytes:
    """A4 pages of 2×4 slips with cut lines, fonts from the system, no network."""
    from weasyprint import HTML

    slips: list[IssuedCredential | None] = list(issued)
    if len(slips) % SLIPS_PER_ROW:
        slips.append(None)
    rows = [slips[i : i + SLIPS_PER_ROW] for i in range(0, len(slips), SLIPS_PER_ROW)]
    per_page = SLIPS_PER_PAGE // SLIPS_PER_ROW
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)]
    html = render_to_string(
        "print/credential_slips.html",
        {
            "pages": pages,
            "school": school,
            "service_url": settings.SERVICE_URL,
            "issued_on": school.local_today(),
        },
    )
    return HTML(string=html, base_url=None).write_pdf()


def slips_filename(*, school: School, school_class: SchoolClass | None) -> str:
    """logins-5A-2026-11-24.pdf, or logins-staff-… for the staff."""
    if school_class is None:
        part = AUDIENCE_STAFF
    else:
        part = re.sub(r"[^A-Za-z0-9-]", "", transliterate(school_class.name).upper())
    return f"logins-{part}-{school.local_today():%Y-%m-%d}.pdf"
