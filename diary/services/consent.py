"""Writes of access applications and consents, revocation and destruction (A5).

What "the parent's personal data" means for the destruction, decided here:
- always, for the parent and the child of the revoked consent: the contacts and
  the scope on their applications, the signer's name on their consent sheets,
  the delivery logs and SMS outbox rows with their addresses, and the link to the
  child (already cut at revocation), each with its django-simple-history copies;
- when no other child of the school keeps the parent (no other link, no other
  valid consent): the parent's record in the school (phone, e-mail, address),
  the parent role, the "who has looked" rows and every history
  copy of these; and the account itself (names, e-mail, login) unless the person
  still works or studies or is a parent anywhere on the platform — then the
  account stays as the other school or role needs it.
The pupil's journal (marks, attendance, homework, comments) is not touched. The
events and login logs keep their entries (security records, 000 IT req. 7), but
an anonymised account's login, made of the person's name, is replaced there by
its placeholder. The destruction leaves one event with ids and counts only.
Messages the parent wrote to teachers stay with the conversation (they are the
school's correspondence) under the anonymised account.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import guards
from diary import events
from diary.models import (
    AccessApplication,
    Consent,
    DeliveryForm,
    DeliveryStatus,
    DiaryView,
    DigestDelivery,
    SmsCursor,
    SmsMessage,
)
from diary.permissions.consent import (
    ensure_can_register_consent,
    ensure_can_revoke_consent,
)
from diary.selectors.consent import PURGE_WORKING_DAYS, working_days_after
from school import history
from school.errors import ApplicationError
from school.models import (
    Event,
    Guardian,
    GuardianRelation,
    Membership,
    Role,
    StaffMember,
    Student,
    User,
)
from school.services.common import ensure_same_school, save_with_history

NOT_A_PARENT = _("This person is not recorded as a parent of the pupil.")
EMAIL_NEEDED = _("Give an e-mail address for the weekly e-mail digest.")
PHONE_NEEDED = _("Give a phone number for SMS about new marks.")
FUTURE_DATE = _("The date cannot be in the future.")
ALREADY_REVOKED = _("This consent is no longer valid.")
NOTHING_CHOSEN = _("Tick at least one data category and one action.")


def _relation(guardian: Guardian, student: Student) -> GuardianRelation:
    ensure_same_school(student.school, guardian)
    relation = GuardianRelation.objects.filter(
        guardian=guardian, student=student
    ).first()
    if relation is None:
        raise ValidationError(NOT_A_PARENT)
    return relation


def _not_future(school, day: datetime.date, field: str) -> None:
    if day > school.local_today():
        raise ValidationError({field: FUTURE_DATE})


@transaction.atomic
def application_register(
    *,
    actor: User,
    student: Student,
    guardian: Guardian,
    submitted_on: datetime.date,
    delivery: str = DeliveryForm.WEB,
    access_parent: bool = True,
    access_student: bool = False,
    sms_marks: bool = False,
    email: str = "",
    phone: str = "",
    scope: str = "",
) -> AccessApplication:
    """Register a parent's signed application; it supersedes their previous one."""
    ensure_can_register_consent(actor, student)
    _relation(guardian, student)
    _not_future(student.school, submitted_on, "submitted_on")
    email, phone = email.strip(), phone.strip()
    if delivery == DeliveryForm.EMAIL and not email:
        raise ValidationError({"email": EMAIL_NEEDED})
    if sms_marks and not phone:
        raise ValidationError({"phone": PHONE_NEEDED})
    now = timezone.now()
    for old in AccessApplication.objects.select_for_update().filter(
        guardian=guardian, student=student, superseded_at__isnull=True
    ):
        old.superseded_at = now
        save_with_history(old, actor, ["superseded_at"])
    application = AccessApplication(
        school=student.school,
        guardian=guardian,
        student=student,
        access_parent=access_parent,
        access_student=access_student,
        delivery=delivery,
        sms_marks=sms_marks,
        email=email,
        phone=phone,
        scope=scope.strip(),
        submitted_on=submitted_on,
        registered_at=now,
        registered_by=actor,
    )
    save_with_history(application, actor)
    return application


@transaction.atomic
def consent_register(
    *,
    actor: User,
    student: Student,
    guardian: Guardian,
    signer_name: str,
    signed_on: datetime.date,
    categories: list[str],
    actions: list[str],
    number: str = "",
) -> Consent:
    """Register a signed consent sheet (002 App. 2); it replaces a previous one."""
    ensure_can_register_consent(actor, student)
    relation = _relation(guardian, student)
    _not_future(student.school, signed_on, "signed_on")
    if not categories or not actions:
        raise ValidationError(NOTHING_CHOSEN)
    now = timezone.now()
    for old in Consent.objects.select_for_update().filter(
        guardian=guardian,
        student=student,
        superseded_at__isnull=True,
        revoked_at__isnull=True,
    ):
        old.superseded_at = now
        save_with_history(old, actor, ["superseded_at"])
    consent = Consent(
        school=student.school,
        guardian=guardian,
        student=student,
        number=number.strip(),
        signer_name=signer_name.strip(),
        relation=relation.relation,
        categories=sorted(set(categories), key=_code_key),
        actions=sorted(set(actions), key=_code_key),
        signed_on=signed_on,
        registered_at=now,
        registered_by=actor,
    )
    save_with_history(consent, actor)
    return consent


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


@transaction.atomic
def consent_revoke(
    *, actor: User, consent: Consent, received_on: datetime.date | None = None
) -> Consent:
    """Revocation stops every delivery and the diary link at once and schedules
    the destruction for the tenth working day after it was received."""
    ensure_can_revoke_consent(actor, consent)
    consent = (
        Consent.objects.select_for_update().select_related("school").get(pk=consent.pk)
    )
    if not consent.is_valid:
        raise ApplicationError(ALREADY_REVOKED)
    school = consent.school
    received_on = received_on or school.local_today()
    _not_future(school, received_on, "revocation_received_on")
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.revocation_received_on = received_on
    consent.purge_due_on = working_days_after(school, received_on, PURGE_WORKING_DAYS)
    save_with_history(
        consent,
        actor,
        ["revoked_at", "revoked_by", "revocation_received_on", "purge_due_on"],
    )
    pair = {"guardian_id": consent.guardian_id, "student_id": consent.student_id}
    # Nothing more leaves for this parent about this child, whatever is queued.
    SmsMessage.objects.filter(**pair, status=DeliveryStatus.PENDING).delete()
    for relation in GuardianRelation.objects.filter(**pair).select_related(
        "guardian__user", "student"
    ):
        history.attribute(relation, actor)
        relation.delete()
    events.consent_revoked(
        actor=actor,
        consent=consent,
        received_on=received_on,
        due_on=consent.purge_due_on,
    )
    return consent


# --- Destruction ------------------------------------------------------------------


def _history(model):
    return model.history.model


def _scrub_papers(consents, applications, now, destroyed: Counter) -> None:
    """Blank the personal fields of the papers and of every history copy of them."""
    consent_ids = list(consents.values_list("pk", flat=True))
    application_ids = list(applications.values_list("pk", flat=True))
    destroyed["consent sheets"] += Consent.objects.filter(pk__in=consent_ids).update(
        signer_name="", purged_at=now
    )
    copies = _history(Consent).objects.filter(id__in=consent_ids)
    guards.touched(copies.model, copies.values_list("pk", flat=True))
    destroyed["consent history rows"] += copies.update(signer_name="")
    destroyed["applications"] += AccessApplication.objects.filter(
        pk__in=application_ids
    ).update(email="", phone="", scope="", purged_at=now)
    copies = _history(AccessApplication).objects.filter(id__in=application_ids)
    guards.touched(copies.model, copies.values_list("pk", flat=True))
    destroyed["application history rows"] += copies.update(email="", phone="", scope="")


def _delete_delivery(rows: dict, destroyed: Counter) -> None:
    for label, model in (
        ("digest log rows", DigestDelivery),
        ("SMS messages", SmsMessage),
        ("SMS cursors", SmsCursor),
    ):
        destroyed[label] += model.objects.filter(**rows).delete()[0]


def _account_used_elsewhere(user: User) -> bool:
    return (
        Membership.objects.filter(user=user).exists()
        or Guardian.objects.filter(user=user).exists()
        or Student.objects.filter(user=user).exists()
        or StaffMember.objects.filter(user=user).exists()
    )


def _destroy_parent(guardian: Guardian, now, destroyed: Counter) -> None:
    """The parent's record in the school, their role and, if unused
    anywhere else, their account; with every history copy."""
    school, user = guardian.school, guardian.user
    _scrub_papers(
        Consent.objects.filter(guardian=guardian),
        AccessApplication.objects.filter(guardian=guardian),
        now,
        destroyed,
    )
    _delete_delivery({"guardian": guardian}, destroyed)
    destroyed["diary views"] += DiaryView.objects.filter(
        school=school, viewer=user
    ).delete()[0]
    memberships = list(
        Membership.objects.filter(user=user, school=school, role=Role.PARENT)
    )
    ids = [m.pk for m in memberships]
    Membership.objects.filter(pk__in=ids).delete()
    destroyed["parent roles"] += len(ids)
    destroyed["history rows"] += (
        _history(Membership).objects.filter(id__in=ids).delete()[0]
    )
    relation_history = _history(GuardianRelation).objects.filter(
        guardian_id=guardian.pk
    )
    destroyed["history rows"] += relation_history.delete()[0]
    guardian_id = guardian.pk
    guardian.skip_history_when_saving = True
    guardian.delete()
    destroyed["parent records"] += 1
    destroyed["history rows"] += (
        _history(Guardian).objects.filter(id=guardian_id).delete()[0]
    )
    if not _account_used_elsewhere(user):
        login = f"deleted-{user.pk}"
        blank = {"first_name": "", "last_name": "", "patronymic": "", "email": ""}
        User.objects.filter(pk=user.pk).update(
            username=login, is_active=False, password=make_password(None), **blank
        )
        destroyed["accounts"] += 1
        copies = _history(User).objects.filter(id=user.pk)
        guards.touched(copies.model, copies.values_list("pk", flat=True))
        destroyed["account history rows"] += copies.update(username=login, **blank)
        _pseudonymise_logs(user, login, destroyed)


def _pseudonymise_logs(user: User, login: str, destroyed: Counter) -> None:
    """Logins are made of names (A3): the security logs keep the facts under
    the account's new placeholder login instead."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    old = user.username
    logged = Event.objects.filter(Q(actor=user) | Q(actor_username=old))
    guards.touched(Event, logged.values_list("pk", flat=True))
    destroyed["event log logins"] += logged.update(actor_username=login)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        destroyed["login log rows"] += model.objects.filter(username=old).update(
            username=login
        )


@transaction.atomic
def consent_purge(*, consent_id: int) -> Event | None:
    """On the due day, destroy the revoking parent's personal data (A5); a second
    run, or a run before the day, does nothing."""
    # The one lawful change of sealed history: every row touched is resealed.
    with guards.destruction_allowed(reason="diary.consent.purge"):
        return _consent_purge(consent_id)


def _consent_purge(consent_id: int) -> Event | None:
    consent = (
        Consent.objects.select_for_update()
        .select_related("school")
        .filter(pk=consent_id, revoked_at__isnull=False, purged_at__isnull=True)
        .first()
    )
    if consent is None or consent.purge_due_on > consent.school.local_today():
        return None
    now, destroyed = timezone.now(), Counter()
    guardian = (
        Guardian.objects.select_related("user", "school")
        .filter(pk=consent.guardian_id)
        .first()
    )
    pair = {"guardian_id": consent.guardian_id, "student_id": consent.student_id}
    renewed = Consent.objects.filter(
        **pair, revoked_at__isnull=True, superseded_at__isnull=True
    ).exists()
    if renewed:
        # The parent signed a new sheet since: only the revoked one goes.
        scope = "sheet"
        _scrub_papers(
            Consent.objects.filter(pk=consent.pk),
            AccessApplication.objects.none(),
            now,
            destroyed,
        )
    else:
        scope = "child"
        _scrub_papers(
            Consent.objects.filter(**pair),
            AccessApplication.objects.filter(**pair),
            now,
            destroyed,
        )
        _delete_delivery(pair, destroyed)
        for relation in GuardianRelation.objects.filter(**pair).select_related(
            "guardian__user", "student"
        ):
            relation.skip_history_when_saving = True
            relation.delete()
        destroyed["history rows"] += (
            _history(GuardianRelation).objects.filter(**pair).delete()[0]
        )
        keeps_parent = guardian is not None and (
            GuardianRelation.objects.filter(guardian=guardian).exists()
            or Consent.objects.filter(
                guardian=guardian, revoked_at__isnull=True, superseded_at__isnull=True
            ).exists()
        )
        if guardian is not None and not keeps_parent:
            scope = "parent"
            _destroy_parent(guardian, now, destroyed)
    Consent.objects.filter(pk=consent.pk).update(purged_at=now)
    return events.personal_data_destroyed(
        school=consent.school,
        consent=consent,
        scope=scope,
        destroyed={k: v for k, v in sorted(destroyed.items()) if v},
    )


def consents_purge_due(*, school) -> int:
    """Destroy the data of every revocation of the school whose day has come."""
    due = Consent.objects.for_school(school).filter(
        revoked_at__isnull=False,
        purged_at__isnull=True,
        purge_due_on__lte=school.local_today(),
    )
    done = 0
    for consent_id in due.values_list("pk", flat=True):
        if consent_purge(consent_id=consent_id) is not None:
            done += 1
    return done
