"""Verifying a copy and restoring it: database and uploaded files.

A copy whose checks fail, or that was made by a newer schema than the code, is
refused before anything is touched; a safety copy of the current state is taken
first; an older copy is migrated forward after it is restored.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext_lazy as _

from school.errors import ApplicationError

from .. import copies, crypto, dbtools, events
from ..copies import Copy, Kind, Problem
from ..dbtools import Target
from . import backups

COPY_BROKEN = _("The copy %(name)s does not verify, nothing was restored: %(problems)s")
NEWER_SCHEMA = _(
    "The copy %(name)s was made by a newer version of the program (its database "
    "has migrations this code does not know: %(migrations)s). Nothing was restored: "
    "update the program to the version that made the copy (%(version)s) and run "
    "the restore again."
)
NOT_A_COPY = _("%(path)s is not a backup copy (no MANIFEST.json in it).")
RESTORE_FAILED = _("pg_restore failed: %(error)s")
TABLES_DIFFER = _("restored table %(table)s differs from the manifest")
TABLE_MISSING = _("table %(table)s of the manifest is missing after the restore")
MIGRATE_BY_HAND = _(
    "The copy is older than the code; bring the database forward with: "
    "DATABASE_URL=… python manage.py migrate"
)


@dataclass
class RestoreReport:
    copy: str
    database: str
    safety_copy: str | None = None
    migrated: list[str] = field(default_factory=list)
    files: int = 0
    notes: list[str] = field(default_factory=list)


def _key_for(copy: Copy) -> bytes | None:
    encrypted = bool(copy.manifest and copy.manifest.get("encryption"))
    return copies.configured_key(required=encrypted)


def decrypted_part(copy: Copy, part: str, key: bytes | None, destination: Path) -> None:
    """Write a part's plaintext; the AEAD tags are checked on every chunk."""
    source = copy.path / part
    with open(source, "rb") as src, open(destination, "wb") as dst:
        if key and part.endswith(".enc"):
            for chunk in crypto.decrypt_chunks(src, key):
                dst.write(chunk)
        else:
            shutil.copyfileobj(src, dst, backups.PIPE_BYTES)
        dst.flush()
        os.fsync(dst.fileno())


def _part(copy: Copy, content: str) -> str:
    for name, facts in copy.manifest["parts"].items():
        if facts.get("content") == content:
            return name
    raise ApplicationError(NOT_A_COPY % {"path": copy.path})


def _load_database(copy: Copy, key, target: Target, scratch: Path, jobs: int) -> None:
    """Replace the target database's content with the copy's."""
    plain = scratch / "database"
    decrypted_part(copy, _part(copy, "database"), key, plain)
    try:
        if target.vendor == "sqlite":
            connections.close_all()
            os.replace(plain, target.name)
            return
        with target.connect(autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [target.name],
            )
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        result = subprocess.run(
            [
                dbtools.tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--jobs={max(1, jobs)}",
                "--no-password",
                f"--dbname={target.name}",
                str(plain),
            ],
            capture_output=True,
            text=True,
            env=target.env(),
        )
        if result.returncode != 0:
            raise ApplicationError(
                RESTORE_FAILED % {"error": result.stderr.strip()[-500:]}
            )
    finally:
        plain.unlink(missing_ok=True)


def _compare_tables(copy: Copy, target: Target) -> list[Problem]:
    if target.vendor == "sqlite":
        actual = dbtools.sqlite_table_digests(Path(target.name))
    else:
        with target.connect() as conn:
            actual = dbtools.pg_table_digests(conn)
    problems = []
    for table, facts in sorted(copy.manifest.get("tables", {}).items()):
        if table not in actual:
            problems.append(Problem(table, str(TABLE_MISSING) % {"table": table}))
        elif actual[table] != facts:
            problems.append(Problem(table, str(TABLES_DIFFER) % {"table": table}))
    return problems


def _scratch_dir(copy: Copy) -> Path:
    folder = Path(settings.BACKUP_DIR) / f".restore-{copy.name}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def backup_verify(path: Path, *, restore_test: bool = False) -> list[Problem]:
    """Every checksum and the MAC; with a restore test, the data in a scratch base."""
    copy = copies.copy_open(Path(path))
    where = "mirror" if _in_mirror(copy.path) else "primary"
    try:
        key = _key_for(copy) if copy.manifest else None
    except ApplicationError as error:
        problems = [Problem(copies.MANIFEST, str(error))]
    else:
        problems = copies.check_copy(copy.path, key)
        if not problems and restore_test:
            # Under the lock: a backup starting meanwhile would clear its scratch.
            with copies.exclusive(Path(settings.BACKUP_DIR)):
                problems = _restore_test(copy, key)
    status = backups._verification(problems, where, restore_test)
    with contextlib.suppress(OSError):
        copies.status_update(copy.path, verification=status)
    if problems:
        events.backup_verify_failed(
            name=copy.name, where=where, problems=[str(p) for p in problems]
        )
    else:
        events.backup_verified(name=copy.name, where=where, restore_test=restore_test)
    return problems


def _in_mirror(path: Path) -> bool:
    mirror = settings.BACKUP_MIRROR_DIR
    return bool(mirror) and path.resolve().parent == Path(mirror).resolve()


def _restore_test(copy: Copy, key) -> list[Problem]:
    source = backups.default_target()
    scratch = _scratch_dir(copy)
    try:
        if source.vendor == "sqlite":
            target = source.with_name(str(scratch / "restore-test.sqlite3"))
            _load_database(copy, key, target, scratch, 1)
            return _compare_tables(copy, target)
        target = source.with_name(f"{source.name}_restoretest_{secrets.token_hex(4)}")
        scratch_database_create(target)
        try:
            _load_database(copy, key, target, scratch, settings.BACKUP_RESTORE_JOBS)
            return _compare_tables(copy, target)
        finally:
            scratch_database_drop(target)
    except (ApplicationError, crypto.DecryptionError) as error:
        return [Problem(_part(copy, "database"), str(error))]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def scratch_database_create(target: Target) -> None:
    with target.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbtools.quote_ident(target.name)}")


def scratch_database_drop(target: Target) -> None:
    with target.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(
            f"DROP DATABASE IF EXISTS {dbtools.quote_ident(target.name)} WITH (FORCE)"
        )


def unknown_migrations(copy: Copy) -> list[str]:
    """Migrations the copy's database has and this code does not."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    return sorted(set(copy.manifest.get("migrations") or []) - known)


def backup_restore(
    path: Path,
    *,
    target: Target | None = None,
    media_root: Path | None = None,
    safety_copy: bool = True,
    jobs: int | None = None,
) -> RestoreReport:
    """Restore a sound copy over the database (and files) after a safety copy."""
    copy = copies.copy_open(Path(path))
    if copy.manifest is None:
        raise ApplicationError(NOT_A_COPY % {"path": path})
    key = _key_for(copy)
    problems = copies.check_copy(copy.path, key)
    if problems:
        raise ApplicationError(
            COPY_BROKEN
            % {"name": copy.name, "problems": "; ".join(str(p) for p in problems)}
        )
    newer = unknown_migrations(copy)
    if newer:
        version = (copy.manifest.get("product") or {}).get("version") or "?"
        raise ApplicationError(
            NEWER_SCHEMA
            % {"name": copy.name, "migrations": ", ".join(newer), "version": version}
        )
    default = backups.default_target()
    target = target or default
    is_default = target == default
    folder = Path(settings.BACKUP_DIR)
    report = RestoreReport(copy=copy.name, database=target.name)
    with copies.exclusive(folder):
        if safety_copy:
            safety = backups.backup_create_locked(
                kind=Kind.SAFETY,
                source=target,
                folder=folder,
                media_root=Path(media_root or settings.MEDIA_ROOT),
                mirror="",
                key=copies.configured_key(required=False),
            )
            report.safety_copy = safety.name
        if target.vendor == "postgresql":
            dbtools.ensure_client_matches(target, "pg_restore")
        scratch = _scratch_dir(copy)
        try:
            connections.close_all()
            _load_database(
                copy, key, target, scratch, jobs or settings.BACKUP_RESTORE_JOBS
            )
            if media_root is not None or is_default:
                report.files = _restore_media(
                    copy, key, Path(media_root or settings.MEDIA_ROOT), scratch
                )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    problems = _compare_tables(copy, target)
    if problems:
        report.notes += [str(p) for p in problems]
    report.migrated = _migrate_forward(copy, target, is_default, report)
    events.backup_restored(
        name=copy.name,
        database=target.name,
        safety_copy=report.safety_copy,
        migrated=bool(report.migrated),
    )
    return report


def _restore_media(copy: Copy, key, media_root: Path, scratch: Path) -> int:
    """Unpack beside MEDIA_ROOT, then swap: the old files or the new, never mixed."""
    plain = scratch / "media.tar"
    decrypted_part(copy, _part(copy, "media"), key, plain)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    fresh = media_root.parent / f".{media_root.name}.restoring"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    with tarfile.open(plain, mode="r:") as tar:
        tar.extractall(fresh, filter="data")
        count = sum(1 for m in tar.getmembers() if m.isfile())
    old = media_root.parent / f".{media_root.name}.before-restore"
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        os.rename(media_root, old)
    os.rename(fresh, media_root)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _migrate_forward(copy: Copy, target: Target, is_default: bool, report) -> list[str]:
    """Apply the migrations the copy lacks, in a child process on the target."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    missing = sorted(known - set(copy.manifest.get("migrations") or []))
    if not missing:
        return []
    env = {**os.environ, "DATABASE_URL": target.url()}
    env.setdefault("DJANGO_SETTINGS_MODULE", "ejournal.settings.local")
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput"],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        report.notes.append(f"{MIGRATE_BY_HAND} ({result.stderr.strip()[-300:]})")
        return []
    return missing
