"""The faults a copy must survive, on real PostgreSQL with real pg_dump/pg_restore."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from archive import copies, events
from archive.copies import Kind
from archive.selectors import backup_health
from archive.services import backups, restore
from school.errors import ApplicationError
from school.models import Event

from .conftest import db_target, independent_digest, run_manage, table_rows

pytestmark = pytest.mark.usefixtures("backup_settings")


def _finished(folder: Path) -> list[str]:
    return [c.name for c in copies.copies_in(folder)]


def test_backup_then_rows_deleted_behind_the_back_then_restore_is_identical(
    world, scratch, settings, tmp_path
):
    # given a copy of the test database, and its content digested independently
    expected = independent_digest(db_target())
    assert table_rows(db_target(), "journal_historicalmark") >= 2
    copy = backups.backup_create(kind=Kind.MANUAL)
    target = scratch()
    media = tmp_path / "restored-media"
    restore.backup_restore(
        copy.path, target=target, media_root=media, safety_copy=False
    )
    assert independent_digest(target) == expected
    # when rows (history too) and a file vanish behind the application's back
    with target.connect(autocommit=True) as conn:
        conn.execute("DELETE FROM journal_historicalmark")
        conn.execute("DELETE FROM journal_mark")
        conn.execute("UPDATE school_subject SET name = 'Испорчено'")
    (media / "homework" / "задание.pdf").unlink()
    assert independent_digest(target) != expected
    report = restore.backup_restore(copy.path, target=target, media_root=media)
    # then every table is identical, history included, and the file is back
    assert independent_digest(target) == expected
    assert table_rows(target, "journal_historicalmark") >= 2
    assert (media / "homework" / "задание.pdf").read_bytes() == b"%PDF-1.4 test\n"
    assert report.safety_copy is not None  # the damaged state was kept first
    assert report.notes == []
    assert Event.objects.filter(code=events.BACKUP_RESTORED).exists()


@pytest.mark.parametrize(
    "point", ["dump-started", "database-written", "media-written", "manifest-written"]
)
def test_a_killed_backup_leaves_nothing_complete_and_the_next_one_succeeds(
    world, settings, tmp_path, point
):
    # given one good copy
    good = backups.backup_create(kind=Kind.DAILY)
    env = {"EJOURNAL_KILL_AT": point, "EJOURNAL_VAR_DIR": str(tmp_path / "var")}
    # when a backup is killed with SIGKILL at this point
    killed = run_manage("backup", env_extra=env, settings=settings)
    # then nothing complete-looking is left and the earlier copy still verifies
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _finished(settings.BACKUP_DIR) == [good.name]
    assert copies.check_copy(good.path, copies.configured_key(required=True)) == []
    # and the next backup succeeds and clears the leftovers
    env.pop("EJOURNAL_KILL_AT")
    ok = run_manage("backup", env_extra=env, settings=settings)
    assert ok.returncode == 0, ok.stderr
    assert len(_finished(settings.BACKUP_DIR)) == 2
    assert not [p for p in settings.BACKUP_DIR.iterdir() if p.name.startswith(".p")]


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def two_copies(world):
    first = backups.backup_create(kind=Kind.MANUAL)
    second = backups.backup_create(kind=Kind.MANUAL)
    return first, second


def _part_of(copy, content: str) -> str:
    return next(n for n, f in copy.manifest["parts"].items() if f["content"] == content)


@pytest.mark.parametrize("content", ["database", "media"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_flipped_byte_is_named_and_refused(two_copies, scratch, content, where):
    # given a copy with one byte flipped in one part
    copy = two_copies[1]
    part = _part_of(copy, content)
    size = (copy.path / part).stat().st_size
    _flip(copy.path / part, {"start": 0, "middle": size // 2, "end": size - 1}[where])
    # when it is verified and restored
    problems = restore.backup_verify(copy.path)
    target = scratch(create=False)
    with pytest.raises(ApplicationError) as refused:
        restore.backup_restore(copy.path, target=target, safety_copy=True)
    # then the part is named, nothing was restored, no safety copy was taken
    assert [p.part for p in problems] == [part]
    assert part in str(refused.value)
    assert len(copies.copies_in(copy.path.parent)) == 2
    assert Event.objects.filter(code=events.BACKUP_VERIFY_FAILED).exists()


def test_a_truncated_part_is_named_and_refused(two_copies, scratch):
    copy = two_copies[1]
    part = _part_of(copy, "database")
    with open(copy.path / part, "r+b") as handle:
        handle.truncate((copy.path / part).stat().st_size // 2)
    problems = restore.backup_verify(copy.path)
    assert [p.part for p in problems] == [part]
    with pytest.raises(CommandError):
        call_command("restore", str(copy.path), "--yes")


def test_a_swapped_manifest_is_caught(two_copies):
    first, second = two_copies
    shutil.copy(first.path / copies.MANIFEST, second.path / copies.MANIFEST)
    problems = restore.backup_verify(second.path)
    assert copies.MANIFEST in [p.part for p in problems]
    with pytest.raises(ApplicationError):
        restore.backup_restore(second.path, safety_copy=False)


def test_an_edited_manifest_fails_its_signature(two_copies):
    copy = two_copies[1]
    manifest = json.loads((copy.path / copies.MANIFEST).read_text())
    manifest["tables"]["journal_mark"]["rows"] += 1
    (copy.path / copies.MANIFEST).write_text(json.dumps(manifest))
    problems = restore.backup_verify(copy.path)
    assert [p.part for p in problems] == [copies.MANIFEST]


def test_a_restore_is_refused_while_another_runs(two_copies, settings):
    copy = two_copies[1]
    with copies.exclusive(settings.BACKUP_DIR), pytest.raises(ApplicationError) as busy:
        restore.backup_restore(copy.path, safety_copy=False)
    assert str(busy.value) == str(copies.BUSY)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    return result.returncode == 0


def test_disk_full_during_a_backup_gives_a_clear_error_and_keeps_earlier_copies(
    world, settings, tmp_path
):
    # given the copies on a small disk (tmpfs; else a file-size limit)
    small = tmp_path / "small"
    mounted = _mount_tmpfs(small, "4m")
    settings.BACKUP_DIR = small / "backups"
    try:
        good = backups.backup_create(kind=Kind.DAILY)
        if mounted:
            # when the disk fills up: leave less room than one more copy needs
            free = shutil.disk_usage(small).free
            filler = small / "filler"
            with open(filler, "wb") as handle:
                handle.write(b"\0" * max(0, free - good.size // 3))
            with pytest.raises(ApplicationError) as full:
                backups.backup_create(kind=Kind.DAILY)
            message = str(full.value)
        else:

            def limit() -> None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (good.size // 3,) * 2)

            env = {"EJOURNAL_VAR_DIR": str(tmp_path / "var")}
            result = run_manage(
                "backup", env_extra=env, preexec_fn=limit, settings=settings
            )
            assert result.returncode == 1
            message = result.stderr
        # then the error says so plainly and the earlier copy is intact
        with translation.override("ru"):
            assert "кончилось место" in message
        assert _finished(settings.BACKUP_DIR) == [good.name]
        assert copies.check_copy(good.path, copies.configured_key(required=True)) == []
        assert not [p for p in settings.BACKUP_DIR.iterdir() if p.name.startswith(".p")]
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(small)], check=False)


def test_a_missing_mirror_keeps_the_copy_records_an_event_and_shows_red(
    world, settings, tmp_path
):
    settings.BACKUP_MIRROR_DIR = str(tmp_path / "usb-not-mounted")
    copy = backups.backup_create(kind=Kind.DAILY)
    assert copy.verified
    assert copy.mirror_ok is False
    assert not (tmp_path / "usb-not-mounted").exists()  # never created on our disk
    assert Event.objects.filter(code=events.BACKUP_MIRROR_FAILED).exists()
    health = backup_health()
    assert not health.ok
    assert "newest copy is not in the mirror" in health.reasons
    with pytest.raises(CommandError):
        call_command("backup")


def test_the_mirror_gets_a_verified_copy(world, settings, tmp_path):
    settings.BACKUP_MIRROR_DIR = str(tmp_path / "usb")
    os.mkdir(settings.BACKUP_MIRROR_DIR)
    copy = backups.backup_create(kind=Kind.DAILY)
    assert copy.mirror_ok is True
    mirrored = copies.copy_open(Path(settings.BACKUP_MIRROR_DIR) / copy.name)
    assert mirrored.verified
    assert backup_health().ok


def _resign(copy, change) -> None:
    manifest = copies.manifest_read(copy.path)
    change(manifest)
    manifest.pop("hmac")
    copies.manifest_write(copy.path, manifest, copies.configured_key(required=True))


def test_a_copy_from_a_newer_schema_is_refused_in_russian(world, scratch):
    copy = backups.backup_create(kind=Kind.MANUAL)
    _resign(copy, lambda m: m["migrations"].append("journal.9999_from_the_future"))
    target = scratch(create=False)
    with translation.override("ru"), pytest.raises(ApplicationError) as refused:
        restore.backup_restore(copy.path, target=target, safety_copy=False)
    with translation.override("ru"):
        message = str(refused.value)
    assert "более новой версией программы" in message
    assert "journal.9999_from_the_future" in message


def test_an_older_copy_is_restored_and_migrated_forward(world, scratch, settings):
    # given a database one migration behind the code, and a copy of it
    behind = scratch()
    copy = backups.backup_create(kind=Kind.MANUAL)
    restore.backup_restore(copy.path, target=behind, safety_copy=False)
    run = run_manage_migrate(behind, "archive", "zero")
    assert run.returncode == 0, run.stderr
    old = backups.backup_create(kind=Kind.MANUAL, source=behind)
    assert "archive.0001_initial" not in old.manifest["migrations"]
    # when it is restored into a fresh database
    target = scratch()
    report = restore.backup_restore(old.path, target=target, safety_copy=False)
    # then the command brought it forward
    assert "archive.0001_initial" in report.migrated
    assert table_rows(target, "archive_exportjob") == 0
    assert table_rows(target, "journal_historicalmark") >= 2


def run_manage_migrate(target, *args):
    from django.conf import settings

    return run_manage(
        "migrate",
        *args,
        env_extra={
            "DATABASE_URL": "postgres://{}@{}:{}/{}".format(
                target.params["user"] or "postgres",
                target.params["host"] or "127.0.0.1",
                target.params["port"] or 5432,
                target.name,
            )
        },
        settings=settings,
    )


def test_restore_test_uses_a_scratch_database_and_drops_it(world):
    copy = backups.backup_create(kind=Kind.MANUAL)
    call_command("verify_backup", str(copy.path), "--restore-test")
    checked = copies.copy_open(copy.path).last_verification
    assert checked["ok"] and checked["restore_test"]
    with db_target().connect() as conn:
        left = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            [connection.settings_dict["NAME"] + "_restoretest_%"],
        ).fetchone()[0]
    assert left == 0


def test_a_manifest_with_its_signature_stripped_is_refused(two_copies):
    copy = two_copies[1]
    manifest = json.loads((copy.path / copies.MANIFEST).read_text())
    manifest["hmac"] = None
    manifest["tables"]["journal_mark"]["rows"] += 1
    (copy.path / copies.MANIFEST).write_text(json.dumps(manifest))
    assert [p.part for p in restore.backup_verify(copy.path)] == [copies.MANIFEST]
    with pytest.raises(ApplicationError):
        restore.backup_restore(copy.path, safety_copy=False)
