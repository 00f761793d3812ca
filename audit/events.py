"""One function per fact of the audit app in the events log: compromise reports and
their review (A6), the weekly integrity check of the log (A7)."""

from __future__ import annotations

from school.events import AUDIT_VERIFIED, record
from school.models import Event, School, User

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


def _item_decided(code: str, actor: User, item) -> Event:
    return record(
        code,
        actor=actor,
        school=item.report.school,
        report=item.report_id,
        source=item.source,
        row=item.row_id,
    )


def compromise_item_reverted(*, actor: User, item) -> Event:
    return _item_decided(ITEM_REVERTED, actor, item)


def compromise_item_confirmed(*, actor: User, item) -> Event:
    return _item_decided(ITEM_CONFIRMED, actor, item)


def chain_verified(*, school: School | None, problems: list) -> Event:
    """The weekly walk of the school's chain: its result and the first break."""
    return record(
        AUDIT_VERIFIED,
        school=school,
        ok=not problems,
        first=str(problems[0]) if problems else "",
        problems=len(problems),
    )


# Every code the audit app writes, with the function that writes it. The check's
# code is defined in school.events, whose sysadmin page reads it.
CODES = {
    REPORTED: compromise_reported,
    ITEM_REVERTED: compromise_item_reverted,
    ITEM_CONFIRMED: compromise_item_confirmed,
    AUDIT_VERIFIED: chain_verified,
}
