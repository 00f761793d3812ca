"""Retention (G1, 003 §5.5): 30 days of copies and every period end of five years.

Nothing is pruned until the newest copy has verified, the newest verified copy
is never pruned, and each deletion is an event.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .. import copies, events
from ..copies import Copy, Kind


def copies_to_prune(found: list[Copy], now: datetime.datetime) -> list[Copy]:
    """The copies past retention, or none while the newest has not verified."""
    if not found or not found[0].verified:
        return []
    last_good = next(c for c in found if c.verified)
    daily = datetime.timedelta(days=settings.BACKUP_KEEP_DAILY)
    period_end = datetime.timedelta(days=366 * settings.BACKUP_KEEP_PERIOD_END_YEARS)
    doomed = []
    for copy in found[1:]:
        if copy is last_good or copy.made_at is None:
            continue
        age = now - copy.made_at
        if age <= daily or (copy.kind == Kind.PERIOD_END and age <= period_end):
            continue
        doomed.append(copy)
    return doomed


def _locations() -> list[tuple[str, Path]]:
    places = [("primary", Path(settings.BACKUP_DIR))]
    if settings.BACKUP_MIRROR_DIR and Path(settings.BACKUP_MIRROR_DIR).is_dir():
        places.append(("mirror", Path(settings.BACKUP_MIRROR_DIR)))
    return places


def backups_prune(*, now: datetime.datetime | None = None) -> list[str]:
    """Delete what retention no longer keeps, in BACKUP_DIR and in the mirror."""
    now = now or timezone.now()
    removed = []
    with copies.exclusive(Path(settings.BACKUP_DIR)):
        for where, folder in _locations():
            for copy in copies_to_prune(copies.copies_in(folder), now):
                shutil.rmtree(copy.path)
                events.backup_pruned(
                    name=copy.name, kind=copy.kind, where=where, reason="retention"
                )
                removed.append(f"{where}:{copy.name}")
    return removed
