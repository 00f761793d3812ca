"""Making a copy: database, uploaded files, signed manifest; then the mirror.

Run by `manage.py backup`, the daily beat job and the period-end job alike.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import tarfile
import tempfile
import threading
import time
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.errors import ApplicationError

from .. import copies, crypto, dbtools, events
from ..copies import Copy, Kind
from ..dbtools import Target

DISK_FULL = _(
    "The backup disk is full (%(folder)s): the copy was not made and the earlier "
    "copies are untouched. Free some space or move BACKUP_DIR to a larger disk."
)
DUMP_FAILED = _("pg_dump failed: %(error)s")
MIRROR_MISSING = _(
    "The mirror location %(folder)s does not exist or is not mounted: the copy "
    "is kept in BACKUP_DIR only."
)
MIRROR_FAILED = _("The copy could not be written to the mirror %(folder)s: %(error)s")
MIRROR_BAD = _("The copy in the mirror %(folder)s does not verify: %(problems)s")

DATABASE_PART = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_PART = "media.tar"
PIPE_BYTES = 1024 * 1024


def default_target() -> Target:
    return Target.from_settings(connections["default"].settings_dict)


def checkpoint(name: str) -> None:
    """Fault tests kill a backup here; the hook exists only in the test settings."""
    if settings.EJOURNAL_ENV == "test" and os.environ.get("EJOURNAL_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def product_facts() -> dict:
    version = ""
    pyproject = settings.BASE_DIR / "pyproject.toml"
    with contextlib.suppress(OSError, ValueError, KeyError), open(pyproject, "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    revision = os.environ.get("EJOURNAL_GIT_REVISION", "")
    if not revision:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            revision = subprocess.run(
                ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
    return {"version": version, "git_revision": revision or None}


def _sink(folder: Path, part: str, key: bytes | None):
    name = part + (".enc" if key else "")
    sink = copies.HashingSink(folder / name)
    writer = crypto.EncryptingWriter(sink, key) if key else sink
    return name, sink, writer


def _finish(sink, writer, key) -> dict:
    if key:
        writer.close()
    return sink.close()


def _dump_postgresql(target: Target, folder: Path, key: bytes | None) -> dict:
    """pg_dump in one exported snapshot, digests of the same snapshot beside it."""
    import psycopg

    facts: dict = {}
    server = dbtools.ensure_client_matches(target, "pg_dump")
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    snapshot_conn = target.connect()
    snapshot_conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    snapshot_conn.read_only = True
    try:
        snapshot = snapshot_conn.execute("SELECT pg_export_snapshot()").fetchone()[0]

        def digests() -> None:
            try:
                facts["tables"] = dbtools.pg_table_digests(snapshot_conn)
                facts["migrations"] = dbtools.pg_applied_migrations(snapshot_conn)
            except Exception as error:  # reported after the dump
                facts["error"] = error

        name, sink, writer = _sink(folder, DATABASE_PART["postgresql"], key)
        process = subprocess.Popen(
            [
                dbtools.tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                target.name,
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=target.env(),
        )
        worker = threading.Thread(target=digests, daemon=True)
        worker.start()
        try:
            first = True
            while block := process.stdout.read(PIPE_BYTES):
                writer.write(block)
                if first:
                    checkpoint("dump-started")
                    first = False
            code = process.wait()
            part = _finish(sink, writer, key)
        except BaseException:
            process.kill()
            process.wait()
            sink.abort()
            raise
        finally:
            worker.join()
        if code != 0:
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace").strip()[-500:]
            raise ApplicationError(DUMP_FAILED % {"error": message or code})
        if "error" in facts:
            raise facts["error"]
    finally:
        snapshot_conn.close()
        stderr.close()
    return {
        "part": (name, {**part, "content": "database", "format": "pg_dump custom"}),
        "server_version": f"PostgreSQL {server}",
        "tables": facts["tables"],
        "migrations": facts["migrations"],
    }


def _dump_sqlite(target: Target, folder: Path, key: bytes | None) -> dict:
    import sqlite3

    snapshot = folder / ".snapshot.sqlite3"
    dbtools.sqlite_snapshot(Path(target.name), snapshot)
    tables = dbtools.sqlite_table_digests(snapshot)
    migrations = dbtools.sqlite_applied_migrations(snapshot)
    name, sink, writer = _sink(folder, DATABASE_PART["sqlite"], key)
    try:
        with open(snapshot, "rb") as handle:
            while block := handle.read(PIPE_BYTES):
                writer.write(block)
        part = _finish(sink, writer, key)
    except BaseException:
        sink.abort()
        raise
    finally:
        snapshot.unlink(missing_ok=True)
    return {
        "part": (name, {**part, "content": "database", "format": "sqlite3"}),
        "server_version": f"SQLite {sqlite3.sqlite_version}",
        "tables": tables,
        "migrations": migrations,
    }


def _pack_media(media_root: Path, folder: Path, key: bytes | None) -> tuple[str, dict]:
    name, sink, writer = _sink(folder, MEDIA_PART, key)
    count = 0
    try:
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        tar.add(path, arcname=str(path.relative_to(media_root)))
                        count += 1
        part = _finish(sink, writer, key)
    except BaseException:
        sink.abort()
        raise
    return name, {**part, "content": "media", "files": count}


def backup_create(
    *,
    kind: str = Kind.MANUAL,
    source: Target | None = None,
    folder: Path | None = None,
    media_root: Path | None = None,
    mirror: str | None = None,
    reason: dict | None = None,
) -> Copy:
    """Make one copy under the lock; a failed or killed run leaves nothing complete."""
    key = copies.configured_key(required=False)
    folder = Path(folder or settings.BACKUP_DIR)
    with copies.exclusive(folder):
        return backup_create_locked(
            kind=kind,
            source=source or default_target(),
            folder=folder,
            media_root=Path(media_root or settings.MEDIA_ROOT),
            mirror=settings.BACKUP_MIRROR_DIR if mirror is None else mirror,
            key=key,
            reason=reason,
        )


def backup_create_locked(
    *,
    kind,
    source: Target,
    folder: Path,
    media_root: Path,
    mirror: str,
    key,
    reason: dict | None = None,
) -> Copy:
    copies.remove_partials(folder)
    name = copies.new_name(kind, folder)
    partial = folder / (copies.PARTIAL_PREFIX + name)
    partial.mkdir()
    started = timezone.now()
    clock = time.monotonic()
    try:
        dump = (_dump_sqlite if source.vendor == "sqlite" else _dump_postgresql)(
            source, partial, key
        )
        checkpoint("database-written")
        media_name, media = _pack_media(media_root, partial, key)
        checkpoint("media-written")
        db_name, db_part = dump["part"]
        manifest = {
            "format": 1,
            "copy": name,
            "kind": kind,
            "reason": reason,
            "started_at": started.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "product": product_facts(),
            "database": {"vendor": source.vendor, "server": dump["server_version"]},
            "migrations": dump["migrations"],
            "tables": dump["tables"],
            "parts": {db_name: db_part, media_name: media},
            "encryption": "AES-256-GCM, 1 MiB chunks, HKDF-SHA256" if key else None,
        }
        copies.manifest_write(partial, manifest, key)
        checkpoint("manifest-written")
        copies.fsync_dir(partial)
        os.rename(partial, folder / name)
        copies.fsync_dir(folder)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG):
            error = ApplicationError(DISK_FULL % {"folder": folder})
        with contextlib.suppress(Exception):
            events.backup_failed(kind=kind, error=str(error))
        if isinstance(error, ApplicationError):
            raise error from None
        raise
    copy = copies.copy_open(folder / name)
    problems = copies.check_copy(copy.path, key)
    copies.status_update(copy.path, verification=_verification(problems, "primary"))
    events.backup_created(
        name=name, kind=kind, size=copy.size, seconds=round(time.monotonic() - clock, 1)
    )
    if mirror:
        mirror_copy(copy, Path(mirror), key)
    return copies.copy_open(copy.path)


def _verification(problems, where: str, restore_test: bool = False) -> dict:
    return {
        "at": timezone.now().isoformat(),
        "ok": not problems,
        "where": where,
        "restore_test": restore_test,
        "problems": [str(p) for p in problems],
    }


def mirror_copy(copy: Copy, mirror: Path, key: bytes | None) -> bool:
    """Copy to the second medium and verify it there; a failure is kept and shown."""
    try:
        if not mirror.is_dir():
            raise ApplicationError(MIRROR_MISSING % {"folder": mirror})
        partial = mirror / (copies.PARTIAL_PREFIX + copy.name)
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        try:
            for path in sorted(copy.path.iterdir()):
                if path.name == copies.STATUS:
                    continue
                with open(path, "rb") as src, open(partial / path.name, "wb") as dst:
                    shutil.copyfileobj(src, dst, PIPE_BYTES)
                    dst.flush()
                    os.fsync(dst.fileno())
            copies.fsync_dir(partial)
            os.replace(partial, mirror / copy.name)
            copies.fsync_dir(mirror)
        except OSError as error:
            shutil.rmtree(partial, ignore_errors=True)
            raise ApplicationError(
                MIRROR_FAILED % {"folder": mirror, "error": error.strerror or error}
            ) from error
        problems = copies.check_copy(mirror / copy.name, key)
        copies.status_update(
            mirror / copy.name, verification=_verification(problems, "mirror")
        )
        if problems:
            raise ApplicationError(
                MIRROR_BAD
                % {"folder": mirror, "problems": "; ".join(map(str, problems))}
            )
    except ApplicationError as error:
        copies.status_update(
            copy.path,
            mirror={"ok": False, "at": timezone.now().isoformat(), "error": str(error)},
        )
        events.backup_mirror_failed(
            name=copy.name, mirror=str(mirror), error=str(error)
        )
        return False
    copies.status_update(
        copy.path,
        mirror={"ok": True, "at": timezone.now().isoformat(), "path": str(mirror)},
    )
    return True
