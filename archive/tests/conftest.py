"""Backups against the real test database: scratch databases, keys, a small world."""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection

from archive.crypto import keygen
from archive.dbtools import Target, quote_ident
from archive.services import backups, restore
from journal.tests import conftest as journal_conftest
from journal.tests.conftest import MONDAY, at, open_lesson, put_mark
from school.tests.factories import StudyPeriodFactory


@pytest.fixture
def backup_settings(settings, tmp_path):
    """Copies under tmp_path, encrypted, uploaded files of our own."""
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_MIRROR_DIR = ""
    settings.BACKUP_ENCRYPTION_KEY = keygen()
    settings.EXPORT_DIR = tmp_path / "exports"
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "homework").mkdir(parents=True)
    (settings.MEDIA_ROOT / "homework" / "задание.pdf").write_bytes(b"%PDF-1.4 test\n")
    return settings


journal_setup = journal_conftest.setup


@pytest.fixture
def world(transactional_db, journal_setup):
    """The journal tests' school with a teacher's marks and their history, committed."""
    s = journal_setup
    s["period"] = StudyPeriodFactory(
        scheme__year=s["year"],
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 27),
    )
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        put_mark(s, lesson, "4")
        put_mark(s, lesson, "5")  # a change: two history rows
    return s


def db_target() -> Target:
    return Target.from_settings(connection.settings_dict)


@pytest.fixture
def scratch():
    """A scratch database of the test's own, dropped afterwards."""
    made = []

    def make(create: bool = True) -> Target:
        target = db_target().with_name(
            f"{connection.settings_dict['NAME']}_scratch_{secrets.token_hex(3)}"
        )
        if create:
            restore.scratch_database_create(target)
        made.append(target)
        return target

    yield make
    for target in made:
        restore.scratch_database_drop(target)


def independent_digest(target: Target) -> dict[str, str]:
    """Per table, a SHA-256 of its rows as Python values, sorted: not the manifest's."""
    result = {}
    with target.connect() as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        for table in sorted(tables):
            rows = conn.execute(f"SELECT * FROM {quote_ident(table)}").fetchall()
            text = "\n".join(sorted(repr(tuple(row)) for row in rows))
            result[table] = hashlib.sha256(text.encode()).hexdigest()
    return result


def table_rows(target: Target, table: str) -> int:
    with target.connect() as conn:
        return conn.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()[0]


def run_manage(*args, env_extra: dict | None = None, preexec_fn=None, settings=None):
    """manage.py in a child process on the same test database and settings."""
    params = connection.settings_dict
    url = "postgres://{user}@{host}:{port}/{name}".format(
        user=params["USER"] or "postgres",
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        name=params["NAME"],
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ejournal.settings.test",
        "DATABASE_URL": url,
        "BACKUP_DIR": str(settings.BACKUP_DIR),
        "BACKUP_MIRROR_DIR": str(settings.BACKUP_MIRROR_DIR or ""),
        "BACKUP_ENCRYPTION_KEY": settings.BACKUP_ENCRYPTION_KEY,
        **(env_extra or {}),
    }
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return subprocess.run(
        [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec_fn,
    )


def make_copy(**kwargs):
    return backups.backup_create(**kwargs)
