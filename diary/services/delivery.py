"""Delivery of the diary as the parent chose (D4): the weekly e-mail digest, SMS of
new marks and the printed weekly extract.

Nothing goes out without a valid consent that ticks progress (4.3) and the way
of sending (6.9 electronic, 6.10 paper); the selectors enforce it.
"""

from __future__ import annotations

import datetime
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from diary import events, sms
from diary.models import DeliveryStatus, DigestDelivery, SmsCursor, SmsMessage
from diary.permissions.consent import ensure_can_print_extracts
from diary.selectors import delivery as selectors_delivery
from diary.selectors.week import diary_weeks, monday_of
from journal.models import Mark
from school.models import School, SchoolClass, User

SMS_MAX_LENGTH = 335  # five Cyrillic segments of 67 characters
SMS_ATTEMPTS = 3


# --- Weekly e-mail digest ---------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    recipients: int
    sent: int
    failed: int
    last_id: int


def digest_week_due(school: School, now: datetime.datetime | None = None):
    """The Monday of the week whose digest is due on the school's clock, or None:
    from DIARY_DIGEST_WEEKDAY at DIARY_DIGEST_HOUR until the week ends."""
    local = (now or timezone.now()).astimezone(school.tzinfo)
    weekday, hour = settings.DIARY_DIGEST_WEEKDAY, settings.DIARY_DIGEST_HOUR
    if local.weekday() > weekday or (local.weekday() == weekday and local.hour >= hour):
        return monday_of(local.date())
    return None


def _week_url(student, monday: datetime.date) -> str:
    path = reverse("diary:week", args=(student.pk,))
    return f"{settings.SERVICE_URL.rstrip('/')}{path}?week={monday:%Y-%m-%d}"


def _digest_message(application, week, monday) -> EmailMultiAlternatives:
    student = application.student
    context = {
        "application": application,
        "parent": application.guardian.user,
        "student": student,
        "school": student.school,
        "week": week,
        "url": _week_url(student, monday),
    }
    subject = gettext("Diary of %(pupil)s for %(start)s–%(end)s") % {
        "pupil": student.user.get_full_name(),
        "start": f"{monday:%d.%m}",
        "end": f"{week.saturday:%d.%m.%Y}",
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/diary_digest.txt", context),
        to=[application.email],
    )
    message.attach_alternative(
        render_to_string("email/diary_digest.html", context), "text/html"
    )
    return message


def digest_batch_send(
    *,
    school: School,
    monday: datetime.date,
    after_id: int = 0,
    limit: int | None = None,
    connection=None,
) -> BatchResult:
    """Send the next batch of the week's digests over one SMTP connection.

    Each digest is claimed (a unique row per parent, child and week) before it
    is sent, so another run skips it; what was not sent is released for the
    next run. The query count does not depend on the batch size.
    """
    limit = limit or settings.DIARY_DIGEST_BATCH
    applications = selectors_delivery.digest_recipients(
        school, monday, after_id=after_id, limit=limit
    )
    if not applications:
        return BatchResult(0, 0, 0, after_id)
    token = uuid.uuid4().hex
    DigestDelivery.objects.bulk_create(
        [
            DigestDelivery(
                school=school,
                guardian_id=a.guardian_id,
                student_id=a.student_id,
                week=monday,
                recipient=a.email,
                claim=token,
            )
            for a in applications
        ],
        ignore_conflicts=True,
    )
    claimed = {
        (row.guardian_id, row.student_id): row.pk
        for row in DigestDelivery.objects.filter(
            school=school, week=monday, claim=token
        )
    }
    mine = [a for a in applications if (a.guardian_id, a.student_id) in claimed]
    sent: list[int] = []
    try:
        with translation.override(settings.LANGUAGE_CODE):
            weeks = diary_weeks({a.student for a in mine}, monday)
            messages = [
                (
                    claimed[(a.guardian_id, a.student_id)],
                    _digest_message(a, weeks[a.student_id], monday),
                )
                for a in mine
            ]
        connection = connection or get_connection()
        if messages:
            connection.open()
        try:
            for pk, message in messages:
                message.connection = connection
                try:
                    message.send()
                except (smtplib.SMTPException, OSError):
                    continue
                sent.append(pk)
        finally:
            connection.close()
    finally:
        DigestDelivery.objects.filter(pk__in=sent).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), claim=""
        )
        DigestDelivery.objects.filter(pk__in=set(claimed.values()) - set(sent)).delete()
    return BatchResult(
        recipients=len(applications),
        sent=len(sent),
        failed=len(mine) - len(sent),
        last_id=applications[-1].pk,
    )


def digests_send(*, school: School, monday: datetime.date) -> tuple[int, int]:
    """All of the school's due digests of the week, batch after batch."""
    after_id, sent, failed = 0, 0, 0
    while True:
        batch = digest_batch_send(school=school, monday=monday, after_id=after_id)
        if not batch.recipients:
            break
        after_id, sent, failed = batch.last_id, sent + batch.sent, failed + batch.failed
    if sent or failed:
        events.digests_sent(school=school, week=monday, sent=sent, failed=failed)
    return sent, failed


# --- SMS of new marks -----------------------------------------------------------------


def _sms_text(student, marks: list[Mark]) -> str:
    parts = [
        f"{m.lesson.subject.short_name or m.lesson.subject.name} {m.value}"
        for m in marks
    ]
    text = gettext("New marks, %(pupil)s: %(marks)s") % {
        "pupil": student.user.get_short_name(),
        "marks": ", ".join(parts),
    }
    if len(text) > SMS_MAX_LENGTH:
        text = text[: SMS_MAX_LENGTH - 1] + "…"
    return text


@transaction.atomic
def sms_compose(*, school: School, now: datetime.datetime | None = None) -> int:
    """Queue one SMS per subscribed parent and child with the marks entered since
    the last one; marks younger than DIARY_SMS_DELAY_SECONDS wait for the next run."""
    subscriptions = selectors_delivery.sms_subscriptions(school)
    if not subscriptions:
        return 0
    cursors = selectors_delivery.sms_cursors(school, subscriptions)
    until = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.DIARY_SMS_DELAY_SECONDS
    )
    starts = {}
    for item in subscriptions:
        cursor = cursors.get((item.guardian_id, item.student_id))
        key = (item.guardian_id, item.student_id)
        starts[key] = (
            (cursor.created_at, cursor.mark_id) if cursor else (item.registered_at, 0)
        )
    earliest = min(start for start, _id in starts.values())
    marks_of = defaultdict(list)
    for mark in (
        Mark.objects.for_school(school)
        .filter(
            student_id__in={s.student_id for s in subscriptions},
            created_at__gte=earliest,
            created_at__lte=until,
        )
        .select_related("lesson__subject")
        .order_by("created_at", "pk")
    ):
        marks_of[mark.student_id].append(mark)
    outbox, moved = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for item in subscriptions:
            key = (item.guardian_id, item.student_id)
            new = [
                m
                for m in marks_of[item.student_id]
                if (m.created_at, m.pk) > starts[key]
            ]
            if not new:
                continue
            outbox.append(
                SmsMessage(
                    school=school,
                    guardian_id=item.guardian_id,
                    student_id=item.student_id,
                    phone=item.phone,
                    text=_sms_text(item.student, new),
                )
            )
            moved.append(
                SmsCursor(
                    school=school,
                    guardian_id=item.guardian_id,
                    student_id=item.student_id,
                    created_at=new[-1].created_at,
                    mark_id=new[-1].pk,
                )
            )
    SmsMessage.objects.bulk_create(outbox)
    SmsCursor.objects.bulk_create(
        moved,
        update_conflicts=True,
        unique_fields=["guardian", "student"],
        update_fields=["created_at", "mark_id"],
    )
    return len(outbox)


def sms_hours(school: School, now: datetime.datetime | None = None) -> bool:
    """Whether texts may go out now on the school's clock."""
    hour = (now or timezone.now()).astimezone(school.tzinfo).hour
    return settings.DIARY_SMS_FIRST_HOUR <= hour < settings.DIARY_SMS_LAST_HOUR


@transaction.atomic
def sms_outbox_send(*, school: School, limit: int = 100) -> tuple[int, int]:
    """Send the school's queued SMS through the configured backend; a refusal is
    retried on later runs, up to SMS_ATTEMPTS times. Rows locked by another run
    are skipped, so no text goes out twice."""
    backend = sms.get_backend()
    rows = list(
        SmsMessage.objects.select_for_update(skip_locked=True)
        .filter(school=school, status=DeliveryStatus.PENDING)
        .order_by("pk")[:limit]
    )
    sent = failed = 0
    for row in rows:
        try:
            row.provider_id = backend.send(row.phone, row.text)[:64]
        except sms.SmsError as error:
            row.attempts += 1
            row.error = str(error)[:300]
            if row.attempts >= SMS_ATTEMPTS:
                row.status = DeliveryStatus.FAILED
                failed += 1
            row.save(update_fields=["attempts", "error", "status"])
            continue
        row.attempts += 1
        row.status, row.sent_at, row.error = DeliveryStatus.SENT, timezone.now(), ""
        row.save(
            update_fields=["attempts", "status", "sent_at", "error", "provider_id"]
        )
        sent += 1
    return sent, failed


# --- Printed weekly extract ----------------------------------------------------------


def extract_render(
    *, actor: User, school_class: SchoolClass, monday: datetime.date
) -> bytes | None:
    """The week's paper extracts (выписка) of the class's pupils whose parents
    chose paper, one pupil a page, as a PDF; None when nobody chose it."""
    ensure_can_print_extracts(actor, school_class)
    from weasyprint import HTML

    monday = monday_of(monday)
    pupils = selectors_delivery.extract_pupils(school_class, monday)
    if not pupils:
        return None
    weeks = diary_weeks([student for student, _papers in pupils], monday)
    html = render_to_string(
        "print/diary_extract.html",
        {
            "school": school_class.school,
            "school_class": school_class,
            "monday": monday,
            "pages": [
                (weeks[student.pk], applications) for student, applications in pupils
            ],
            "printed_on": school_class.school.local_today(),
            "printed_by": actor,
        },
    )
    pdf = HTML(string=html, base_url=None).write_pdf()
    events.extracts_printed(
        actor=actor, school_class=school_class, week=monday, pupils=len(pupils)
    )
    return pdf
