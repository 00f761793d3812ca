"""One function per fact of the journal in the events log; codes are dotted and
stable (the event log's labels and the admin guide read them)."""

from __future__ import annotations

from school.events import record
from school.models import Event, School, User

SUBSTITUTION_RECORDED = "journal.substitution.recorded"
PERIOD_CLOSED = "journal.period.closed"
CORRECTION_FILED = "journal.correction.filed"
CORRECTION_APPROVED = "journal.correction.approved"
CORRECTION_REJECTED = "journal.correction.rejected"


def substitution_recorded(
    *, actor: User | None, school: School, lesson_id: int, planned_teacher_id: int
) -> Event:
    """A substitute opened the lesson under their own name (C5)."""
    return record(
        SUBSTITUTION_RECORDED,
        actor=actor,
        school=school,
        lesson=lesson_id,
        planned_teacher=planned_teacher_id,
    )


def period_closed(*, actor: User, period) -> Event:
    return record(PERIOD_CLOSED, actor=actor, school=period.school, period=period.pk)


def correction_filed(*, actor: User, request) -> Event:
    return record(
        CORRECTION_FILED, actor=actor, school=request.school, request=request.pk
    )


def correction_decided(*, actor: User, request, approved: bool) -> Event:
    return record(
        CORRECTION_APPROVED if approved else CORRECTION_REJECTED,
        actor=actor,
        school=request.school,
        request=request.pk,
    )


# Every code the journal writes, with the function that writes it.
CODES = {
    SUBSTITUTION_RECORDED: substitution_recorded,
    PERIOD_CLOSED: period_closed,
    CORRECTION_FILED: correction_filed,
    CORRECTION_APPROVED: correction_decided,
    CORRECTION_REJECTED: correction_decided,
}
