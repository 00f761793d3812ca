"""What beat runs: the daily copy, the weekly restore test, the period-end copy.

Each job checks the clock of the municipality and the copies on disk, so running
it every hour (or twice) makes one copy a day and one drill a week.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from school.models import Municipality, StudyPeriod

from .. import selectors
from ..copies import Kind
from . import backups, restore, retention


def municipality_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """The service's clock: the municipality's time zone (one per installation)."""
    zone = (
        Municipality.objects.order_by("pk").values_list("time_zone", flat=True).first()
        or settings.TIME_ZONE
    )
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone))


def backup_daily(*, now: datetime.datetime | None = None) -> str | None:
    """At BACKUP_HOUR, one daily copy per local day; then retention."""
    local = municipality_now(now)
    if local.hour < settings.BACKUP_HOUR:
        return None
    for copy in selectors.backup_list():
        made = copy.made_at
        if (
            copy.kind == Kind.DAILY
            and made
            and made.astimezone(local.tzinfo).date() == local.date()
        ):
            return None
    copy = backups.backup_create(kind=Kind.DAILY)
    if copy.verified:
        retention.backups_prune(now=now)
    return copy.name


def restore_test_weekly(*, now: datetime.datetime | None = None) -> str | None:
    """On BACKUP_RESTORE_TEST_WEEKDAY after the daily copy, a full restore drill."""
    local = municipality_now(now)
    if local.weekday() != settings.BACKUP_RESTORE_TEST_WEEKDAY:
        return None
    if local.hour <= settings.BACKUP_HOUR:
        return None
    found = selectors.backup_list()
    if not found:
        return None
    newest = found[0]
    week = datetime.timedelta(days=6)
    for check in newest.status.get("verifications", []):
        at = datetime.datetime.fromisoformat(check["at"])
        if check.get("restore_test") and (now or timezone.now()) - at < week:
            return None
    restore.backup_verify(newest.path, restore_test=True)
    return newest.name


def backup_period_end(*, period_id: int) -> str | None:
    """A copy when the deputy closes a period (003 §5.5), once per period."""
    period = StudyPeriod.objects.filter(pk=period_id).first()
    if period is None or not period.is_closed:
        return None
    for copy in selectors.backup_list():
        if (copy.manifest or {}).get("reason") == {"period": period_id}:
            return None
    copy = backups.backup_create(kind=Kind.PERIOD_END, reason={"period": period_id})
    return copy.name
