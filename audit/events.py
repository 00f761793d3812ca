"""One function per fact of the audit app in the events log: compromise reports and
their review (A6)."""

from __future__ import annotations

from school.events import record
from school.models import Event, User

REPORTED = "accounts.compromise.reported"
ITEM_REVERTED = "accounts.compromise.reverted"
ITEM_CONFIRMED = "accounts.compromise.confirmed"


def compromise_reported(*, actor: User, report, sessions: int) -> Event:
    return record(
        REPORTED,
        actor=actor,
        school=report.school,
        report=report.pk,
        user=report.user_id,
        since=report.since.isoformat(),
        sessions=sessions,
    )


def _item(item) -> dict:
    return {
        "school": item.report.school,
        "report": item.report_id,
        "source": item.source,
        "row": item.row_id,
    }


def compromise_item_reverted(*, actor: User, item) -> Event:
    return record(ITEM_REVERTED, actor=actor, **_item(item))


def compromise_item_confirmed(*, actor: User, item) -> Event:
    return record(ITEM_CONFIRMED, actor=actor, **_item(item))


# Every code the audit app writes, with the function that writes it. The weekly
# check's event is school.events.audit_chain_verified: the sysadmin's page reads it.
CODES = {
    REPORTED: compromise_reported,
    ITEM_REVERTED: compromise_item_reverted,
    ITEM_CONFIRMED: compromise_item_confirmed,
}
