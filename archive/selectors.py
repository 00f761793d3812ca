"""Reads of the backups' state for the sysadmin's page, /healthz and backup_list."""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import copies
from .copies import Copy


@dataclass
class BackupHealth:
    ok: bool
    newest: Copy | None
    newest_verified: Copy | None
    age_hours: float | None
    reasons: list[str] = field(default_factory=list)


def backup_list(folder: Path | None = None) -> list[Copy]:
    """Finished copies in BACKUP_DIR, newest first."""
    return copies.copies_in(Path(folder or settings.BACKUP_DIR))


def backup_health(now: datetime.datetime | None = None) -> BackupHealth:
    """Red when the newest verified copy is too old or the newest missed its mirror."""
    now = now or timezone.now()
    found = backup_list()
    newest = found[0] if found else None
    verified = next((c for c in found if c.verified and c.made_at), None)
    age = (now - verified.made_at).total_seconds() / 3600 if verified else None
    reasons = []
    if verified is None:
        reasons.append("no verified copy")
    elif age > settings.BACKUP_MAX_AGE_HOURS:
        reasons.append("newest verified copy is too old")
    if newest is not None and newest.last_verification and not newest.verified:
        reasons.append("newest copy does not verify")
    if (
        settings.BACKUP_MIRROR_DIR
        and newest is not None
        and newest.mirror_ok is not True
    ):
        reasons.append("newest copy is not in the mirror")
    return BackupHealth(
        ok=not reasons,
        newest=newest,
        newest_verified=verified,
        age_hours=age,
        reasons=reasons,
    )


def free_space() -> list[tuple[str, int | None]]:
    """Free bytes in BACKUP_DIR and the mirror (None when it is not there)."""
    places = [str(settings.BACKUP_DIR)]
    if settings.BACKUP_MIRROR_DIR:
        places.append(settings.BACKUP_MIRROR_DIR)
    result = []
    for place in places:
        try:
            result.append((place, shutil.disk_usage(place).free))
        except OSError:
            result.append((place, None))
    return result


def backup_health_ok() -> bool:
    """For /healthz: the same red or green as the sysadmin's page, no details."""
    try:
        return backup_health().ok
    except OSError:
        return False
