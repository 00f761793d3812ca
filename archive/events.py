"""Events of backups, restores and exports (codes are dotted and stable)."""

from __future__ import annotations

from school.events import record
from school.models import Event, School, User

BACKUP_CREATED = "archive.backup.created"
BACKUP_FAILED = "archive.backup.failed"
BACKUP_MIRROR_FAILED = "archive.backup.mirror_failed"
BACKUP_VERIFIED = "archive.backup.verified"
BACKUP_VERIFY_FAILED = "archive.backup.verify_failed"
BACKUP_RESTORED = "archive.backup.restored"
BACKUP_PRUNED = "archive.backup.pruned"
EXPORT_REQUESTED = "archive.export.requested"
EXPORT_FINISHED = "archive.export.finished"
EXPORT_DOWNLOADED = "archive.export.downloaded"


def backup_created(*, name: str, kind: str, size: int, seconds: float) -> Event:
    return record(BACKUP_CREATED, copy=name, kind=kind, bytes=size, seconds=seconds)


def backup_failed(*, kind: str, error: str) -> Event:
    return record(BACKUP_FAILED, kind=kind, error=error[:500])


def backup_mirror_failed(*, name: str, mirror: str, error: str) -> Event:
    return record(BACKUP_MIRROR_FAILED, copy=name, mirror=mirror, error=error[:500])


def backup_verified(*, name: str, where: str, restore_test: bool) -> Event:
    return record(BACKUP_VERIFIED, copy=name, where=where, restore_test=restore_test)


def backup_verify_failed(*, name: str, where: str, problems: list[str]) -> Event:
    return record(BACKUP_VERIFY_FAILED, copy=name, where=where, problems=problems[:20])


def backup_restored(
    *, name: str, database: str, safety_copy: str | None, migrated: bool
) -> Event:
    return record(
        BACKUP_RESTORED,
        copy=name,
        database=database,
        safety_copy=safety_copy,
        migrated=migrated,
    )


def backup_pruned(*, name: str, kind: str, where: str, reason: str) -> Event:
    return record(BACKUP_PRUNED, copy=name, kind=kind, where=where, reason=reason)


def export_requested(*, actor: User, school: School, job: int, params: dict) -> Event:
    return record(EXPORT_REQUESTED, actor=actor, school=school, job=job, **params)


def export_finished(*, school: School, job: int, tables: int, rows: int) -> Event:
    return record(EXPORT_FINISHED, school=school, job=job, tables=tables, rows=rows)


def export_downloaded(*, actor: User, school: School, job: int, ip) -> Event:
    return record(EXPORT_DOWNLOADED, actor=actor, school=school, ip=ip, job=job)


# Every code the archive writes, with the function that writes it.
CODES = {
    BACKUP_CREATED: backup_created,
    BACKUP_FAILED: backup_failed,
    BACKUP_MIRROR_FAILED: backup_mirror_failed,
    BACKUP_VERIFIED: backup_verified,
    BACKUP_VERIFY_FAILED: backup_verify_failed,
    BACKUP_RESTORED: backup_restored,
    BACKUP_PRUNED: backup_pruned,
    EXPORT_REQUESTED: export_requested,
    EXPORT_FINISHED: export_finished,
    EXPORT_DOWNLOADED: export_downloaded,
}
