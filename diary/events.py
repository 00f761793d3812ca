"""One function per fact of the diary in the events log (consents and delivery, A5,
D4); parameters carry ids, never names."""

from __future__ import annotations

import datetime

from school.events import record
from school.models import Event, School, User

CONSENT_REVOKED = "diary.consent.revoked"
PERSONAL_DATA_DESTROYED = "diary.personal_data.destroyed"
DIGESTS_SENT = "diary.digest.sent"
EXTRACTS_PRINTED = "diary.extract.printed"


def consent_revoked(
    *, actor: User, consent, received_on: datetime.date, due_on: datetime.date
) -> Event:
    return record(
        CONSENT_REVOKED,
        actor=actor,
        school=consent.school,
        consent=consent.pk,
        student=consent.student_id,
        received_on=received_on.isoformat(),
        purge_due_on=due_on.isoformat(),
    )


def personal_data_destroyed(
    *, school: School, consent, scope: str, destroyed: dict[str, int]
) -> Event:
    """Proof of destruction: what kind of rows and how many, by the system."""
    return record(
        PERSONAL_DATA_DESTROYED,
        actor_username="system",
        school=school,
        consent=consent.pk,
        student=consent.student_id,
        received_on=consent.revocation_received_on.isoformat(),
        purge_due_on=consent.purge_due_on.isoformat(),
        scope=scope,
        destroyed=destroyed,
    )


def digests_sent(
    *, school: School, week: datetime.date, sent: int, failed: int
) -> Event:
    return record(
        DIGESTS_SENT,
        actor_username="system",
        school=school,
        week=week.isoformat(),
        sent=sent,
        failed=failed,
    )


def extracts_printed(
    *, actor: User, school_class, week: datetime.date, pupils: int
) -> Event:
    return record(
        EXTRACTS_PRINTED,
        actor=actor,
        school=school_class.school,
        school_class=school_class.pk,
        week=week.isoformat(),
        pupils=pupils,
    )


# Every code the diary writes, with the function that writes it.
CODES = {
    CONSENT_REVOKED: consent_revoked,
    PERSONAL_DATA_DESTROYED: personal_data_destroyed,
    DIGESTS_SENT: digests_sent,
    EXTRACTS_PRINTED: extracts_printed,
}
