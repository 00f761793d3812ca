"""Retention, the beat jobs, the period-end copy, the commands around them."""

from __future__ import annotations

import datetime
import io
import json
import time
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from archive import copies, crypto, events
from archive.copies import Kind
from archive.services import retention, schedule
from journal.services.periods import period_close
from school.models import Event, Role
from school.tests.factories import member

pytestmark = pytest.mark.usefixtures("backup_settings")
NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)


def fake_copy(folder: Path, made: datetime.datetime, kind: str, ok=True) -> Path:
    """A copy directory as retention sees it: a name, a kind, a verification."""
    path = folder / f"{made.strftime(copies.NAME_FORMAT)}-{kind}"
    path.mkdir(parents=True)
    (path / copies.MANIFEST).write_text(json.dumps({"copy": path.name, "kind": kind}))
    (path / copies.STATUS).write_text(
        json.dumps({"verifications": [{"ok": ok, "at": made.isoformat()}]})
    )
    return path


def test_retention_keeps_30_days_and_five_years_of_period_ends(settings, db):
    folder = settings.BACKUP_DIR
    for days in range(40):
        fake_copy(folder, NOW - datetime.timedelta(days=days), Kind.DAILY)
    fake_copy(folder, NOW - datetime.timedelta(days=400), Kind.PERIOD_END)
    fake_copy(folder, NOW - datetime.timedelta(days=6 * 366), Kind.PERIOD_END)
    removed = retention.backups_prune(now=NOW)
    kept = [c.name for c in copies.copies_in(folder)]
    assert len(removed) == 9 + 1  # days 31..39 and the six-year-old period end
    assert len(kept) == 31 + 1
    assert any(name.endswith(Kind.PERIOD_END) for name in kept)
    assert Event.objects.filter(code=events.BACKUP_PRUNED).count() == len(removed)


def test_nothing_is_pruned_until_the_newest_copy_verified(settings, db):
    folder = settings.BACKUP_DIR
    fake_copy(folder, NOW - datetime.timedelta(days=90), Kind.DAILY)
    fake_copy(folder, NOW, Kind.DAILY, ok=False)
    assert retention.backups_prune(now=NOW) == []
    assert len(copies.copies_in(folder)) == 2


def test_the_newest_good_copy_is_kept_even_past_retention(settings, db):
    # given the daily job stopped: every copy is older than 30 days
    folder = settings.BACKUP_DIR
    for days in (50, 45, 40):
        fake_copy(folder, NOW - datetime.timedelta(days=days), Kind.DAILY)
    # when retention runs
    retention.backups_prune(now=NOW)
    # then the last good copy is still there
    kept = copies.copies_in(folder)
    assert [c.made_at for c in kept] == [NOW - datetime.timedelta(days=40)]


def test_the_daily_job_runs_once_a_day_at_the_hour_of_the_municipality(world, settings):
    settings.BACKUP_HOUR = 2
    moscow_01 = datetime.datetime(2026, 12, 2, 22, 30, tzinfo=datetime.UTC)  # 01:30
    with time_machine.travel(moscow_01):
        assert schedule.backup_daily() is None
    with time_machine.travel(moscow_01 + datetime.timedelta(hours=1)):
        assert schedule.backup_daily() is not None
    with time_machine.travel(moscow_01 + datetime.timedelta(hours=4)):
        assert schedule.backup_daily() is None
    assert [c.kind for c in copies.copies_in(settings.BACKUP_DIR)] == [Kind.DAILY]


def test_the_weekly_restore_test_runs_on_its_day(world, settings):
    call_command("backup", stdout=io.StringIO())
    settings.BACKUP_RESTORE_TEST_WEEKDAY = schedule.municipality_now().weekday()
    settings.BACKUP_HOUR = -1
    name = schedule.restore_test_weekly()
    assert name is not None
    newest = copies.copies_in(settings.BACKUP_DIR)[0]
    assert newest.last_verification["restore_test"] is True
    assert schedule.restore_test_weekly() is None  # once a week


def test_closing_a_period_makes_a_period_end_copy_by_the_worker(
    world, celery_worker, settings
):
    # given the deputy of the school
    deputy = member(Role.DEPUTY, world["school"])
    # when the period is closed
    period_close(actor=deputy, period=world["period"])
    # then the worker makes one period-end copy for it
    deadline = time.monotonic() + 120
    found = []
    while time.monotonic() < deadline and not found:
        found = [
            c
            for c in copies.copies_in(settings.BACKUP_DIR)
            if c.kind == Kind.PERIOD_END
        ]
        time.sleep(0.5)
    assert len(found) == 1
    assert found[0].manifest["reason"] == {"period": world["period"].pk}
    assert found[0].verified
    # and running the job again does not copy twice
    assert schedule.backup_period_end(period_id=world["period"].pk) is None


def test_keygen_prints_a_usable_key():
    out = io.StringIO()
    call_command("backup_keygen", stdout=out)
    assert len(crypto.load_key(out.getvalue().strip())) == 32


def test_production_refuses_to_back_up_without_a_key(settings, db):
    settings.BACKUP_ENCRYPTION_KEY = ""
    settings.EJOURNAL_ENV = "production"
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        call_command("backup")
    assert copies.copies_in(settings.BACKUP_DIR) == []


def test_backup_list_shows_kind_age_and_verification(world, settings):
    call_command("backup", "--kind", Kind.DAILY, stdout=io.StringIO())
    out = io.StringIO()
    call_command("backup_list", stdout=out)
    text = out.getvalue()
    assert "ежедневная" in text
    assert "в порядке" in text
    assert "Состояние: в порядке" in text


def test_encryption_round_trip_and_truncation_are_caught():
    key = crypto.load_key(crypto.keygen())
    sink = io.BytesIO()
    writer = crypto.EncryptingWriter(sink, key)
    data = bytes(range(256)) * 10_000  # crosses a chunk boundary
    writer.write(data)
    writer.close()
    sealed = sink.getvalue()
    assert data[:1000] not in sealed
    assert b"".join(crypto.decrypt_chunks(io.BytesIO(sealed), key)) == data
    with pytest.raises(crypto.DecryptionError):
        list(crypto.decrypt_chunks(io.BytesIO(sealed[: len(sealed) // 2]), key))
    other = crypto.load_key(crypto.keygen())
    with pytest.raises(crypto.DecryptionError):
        list(crypto.decrypt_chunks(io.BytesIO(sealed), other))
