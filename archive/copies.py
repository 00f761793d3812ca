"""Copies on disk: a directory per copy, its signed manifest, its status, the lock.

    BACKUP_DIR/20261203T020000Z-daily/
        database.pgdump.enc   pg_dump custom format (or database.sqlite3.enc)
        media.tar.enc         every uploaded file (MEDIA_ROOT)
        MANIFEST.json         hashes, sizes, migrations, versions, table digests, MAC
        STATUS.json           verifications and the mirror's state (not signed)

A copy is written under `.partial-<name>` and renamed when complete, so a name
without the dot is a finished copy; anything starting with a dot is ignored.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.errors import ApplicationError

from . import crypto

MANIFEST = "MANIFEST.json"
STATUS = "STATUS.json"
LOCK = ".lock"
PARTIAL_PREFIX = ".partial-"
NAME_FORMAT = "%Y%m%dT%H%M%SZ"
READ_BYTES = 1024 * 1024

BUSY = _(
    "Another backup or restore is running now; wait for it to finish and try again."
)
NO_KEY = _(
    "BACKUP_ENCRYPTION_KEY is not set: in production copies are made only "
    "encrypted (manage.py backup_keygen prints a new key)."
)
BAD_KEY = _(
    "BACKUP_ENCRYPTION_KEY is not a valid key: it must be 32 bytes in URL-safe "
    "base64 (manage.py backup_keygen prints one)."
)
MANIFEST_MISSING = _("the manifest is missing or unreadable")
MANIFEST_FORGED = _(
    "the manifest's signature does not match: it was changed or made with another key"
)
MANIFEST_OTHER = _("the manifest describes another copy (%(name)s)")
MANIFEST_UNSIGNED_KEY = _("the copy is encrypted but no key is configured")
PART_MISSING = _("the part is missing")
PART_SIZE = _(
    "the part's size differs from the manifest: "
    "%(actual)s instead of %(expected)s bytes"
)
PART_HASH = _("the part's SHA-256 differs from the manifest")


class Kind:
    DAILY = "daily"
    PERIOD_END = "period_end"
    MANUAL = "manual"
    SAFETY = "safety"
    ALL = (DAILY, PERIOD_END, MANUAL, SAFETY)
    LABELS = {
        DAILY: _("daily"),
        PERIOD_END: _("period end"),
        MANUAL: _("manual"),
        SAFETY: _("safety copy before a restore"),
    }


@dataclass
class Problem:
    part: str
    message: str

    def __str__(self) -> str:
        return f"{self.part}: {self.message}"


@dataclass
class Copy:
    path: Path
    manifest: dict | None = None
    status: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def kind(self) -> str:
        if self.manifest:
            return self.manifest.get("kind", Kind.MANUAL)
        return self.name.rsplit("-", 1)[-1]

    @property
    def made_at(self) -> datetime.datetime | None:
        try:
            stamp = datetime.datetime.strptime(self.name.split("-")[0], NAME_FORMAT)
        except ValueError:
            return None
        return stamp.replace(tzinfo=datetime.UTC)

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    @property
    def last_verification(self) -> dict | None:
        checks = self.status.get("verifications") or []
        return checks[-1] if checks else None

    @property
    def verified(self) -> bool:
        last = self.last_verification
        return bool(last and last.get("ok"))

    @property
    def mirror_ok(self) -> bool | None:
        mirror = self.status.get("mirror")
        return None if mirror is None else bool(mirror.get("ok"))


# --- keys -------------------------------------------------------------------


def configured_key(*, required: bool) -> bytes | None:
    """The master key, or None in a local run without one; production needs it."""
    text = settings.BACKUP_ENCRYPTION_KEY
    if not text:
        if required or settings.EJOURNAL_ENV == "production":
            raise ApplicationError(NO_KEY)
        return None
    try:
        return crypto.load_key(text)
    except crypto.BadKeyError as error:
        raise ApplicationError(BAD_KEY) from error


# --- files --------------------------------------------------------------------


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside, fsync, rename: the old content or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


class HashingSink:
    """A file being written, with its SHA-256 and size counted on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self._file.write(data)
        self._hash.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> dict:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        return {"sha256": self._hash.hexdigest(), "bytes": self.size}

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(READ_BYTES):
            digest.update(block)
    return digest.hexdigest()


# --- manifest -------------------------------------------------------------------


def canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "hmac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def manifest_write(folder: Path, manifest: dict, key: bytes | None) -> None:
    manifest = {
        **manifest,
        "hmac": crypto.mac(key, canonical(manifest)) if key else None,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    write_atomic(folder / MANIFEST, data)


def manifest_read(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def status_read(folder: Path) -> dict:
    try:
        return json.loads((folder / STATUS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def status_update(folder: Path, **changes) -> dict:
    status = status_read(folder)
    for key, value in changes.items():
        if key == "verification":
            status["verifications"] = [*status.get("verifications", [])[-9:], value]
        else:
            status[key] = value
    write_atomic(folder / STATUS, json.dumps(status, ensure_ascii=False).encode())
    return status


def copy_open(path: Path) -> Copy:
    return Copy(path=path, manifest=manifest_read(path), status=status_read(path))


def copies_in(folder: Path) -> list[Copy]:
    """Finished copies, newest first."""
    if not folder.is_dir():
        return []
    found = [
        copy_open(p)
        for p in folder.iterdir()
        if p.is_dir() and not p.name.startswith(".")
    ]
    return sorted(found, key=lambda c: c.name, reverse=True)


def check_copy(path: Path, key: bytes | None) -> list[Problem]:
    """Every checksum and the manifest's MAC; an empty list means the copy is sound."""
    manifest = manifest_read(path)
    if manifest is None:
        return [Problem(MANIFEST, str(MANIFEST_MISSING))]
    problems = []
    # With a key configured every manifest must carry a valid MAC: stripping it
    # must not turn a forged manifest into an "unsigned" one.
    if key is not None:
        if not crypto.mac_matches(key, canonical(manifest), manifest.get("hmac")):
            problems.append(Problem(MANIFEST, str(MANIFEST_FORGED)))
    elif manifest.get("hmac") or manifest.get("encryption"):
        problems.append(Problem(MANIFEST, str(MANIFEST_UNSIGNED_KEY)))
    if manifest.get("copy") != path.name:
        problems.append(
            Problem(MANIFEST, str(MANIFEST_OTHER) % {"name": manifest.get("copy")})
        )
    for part, facts in sorted((manifest.get("parts") or {}).items()):
        file = path / part
        if not file.is_file():
            problems.append(Problem(part, str(PART_MISSING)))
            continue
        actual = file.stat().st_size
        if actual != facts.get("bytes"):
            problems.append(
                Problem(
                    part,
                    str(PART_SIZE) % {"actual": actual, "expected": facts.get("bytes")},
                )
            )
            continue
        if file_sha256(file) != facts.get("sha256"):
            problems.append(Problem(part, str(PART_HASH)))
    return problems


# --- the lock -------------------------------------------------------------------


@contextlib.contextmanager
def exclusive(folder: Path):
    """One backup or restore at a time; a killed process's lock drops with it."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK, "a+")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise ApplicationError(BUSY) from error
        yield
    finally:
        handle.close()


def remove_partials(folder: Path) -> list[str]:
    """Leftovers of killed runs; called with the lock held, so none is in progress."""
    removed = []
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name.startswith((PARTIAL_PREFIX, ".restore-", ".tmp-")):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def new_name(kind: str, folder: Path) -> str:
    now = timezone.now()
    name = f"{now.strftime(NAME_FORMAT)}-{kind}"
    while (folder / name).exists():
        now += datetime.timedelta(seconds=1)
        name = f"{now.strftime(NAME_FORMAT)}-{kind}"
    return name
