"""Scenario `backup`: manage.py backup against a plain pg_dump of the same database.

Headline: backup throughput over pg_dump's (target ≥ 0.8×); then the restore
(manage.py restore with parallel jobs into a scratch database) over the dump
time (target ≤ 2×). Both commands run as child processes, as a sysadmin runs
them, so Django's start-up is part of the backup's figure.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
import sys

from .harness import ROOT, Context, Result, alternate, median_ratio, scenario, timed


def _db_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


@scenario("backup")
def backup_scenario(ctx: Context) -> list[Result]:
    url = ctx.database_url
    name = url.rsplit("/", 1)[1]
    folder = ctx.work_dir / "backups"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "ejournal.settings.test",
        "BACKUP_DIR": str(folder),
        "BACKUP_MIRROR_DIR": "",
        "BACKUP_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "EJOURNAL_VAR_DIR": str(ctx.work_dir / "var"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    dump_file = ctx.work_dir / "plain.dump"
    size_mb = _db_size(url) / 1e6

    def plain_dump() -> float:
        dump_file.unlink(missing_ok=True)
        return timed(
            lambda: subprocess.run(
                ["pg_dump", "--format=custom", f"--file={dump_file}", url], check=True
            )
        )

    def our_backup() -> float:
        shutil.rmtree(folder, ignore_errors=True)
        return timed(
            lambda: subprocess.run(
                [*manage, "backup"], env=env, check=True, capture_output=True
            )
        )

    backup_times, dump_times = alternate(our_backup, plain_dump, ctx.rounds)
    # throughput ratio = (size / backup time) / (size / dump time)
    throughput = median_ratio(dump_times, backup_times)
    copy = next(p for p in folder.iterdir() if not p.name.startswith("."))
    scratch = f"{name}_benchrestore_{secrets.token_hex(3)}"

    def our_restore() -> float:
        _admin(url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        _admin(url, f'CREATE DATABASE "{scratch}"')
        return timed(
            lambda: subprocess.run(
                [
                    *manage,
                    "restore",
                    str(copy),
                    "--yes",
                    "--no-safety-copy",
                    f"--into-database={scratch}",
                ],
                env=env,
                check=True,
                capture_output=True,
            )
        )

    try:
        restore_times, dump_times_2 = alternate(our_restore, plain_dump, ctx.rounds)
    finally:
        _admin(url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    restore_ratio = median_ratio(restore_times, dump_times_2)
    median = sorted(backup_times)[len(backup_times) // 2]
    median_dump = sorted(dump_times)[len(dump_times) // 2]
    ctx.notes.append(
        f"database {size_mb:.0f} MB; copy {_folder_mb(copy):.1f} MB; "
        f"dump {dump_file.stat().st_size / 1e6:.1f} MB; rounds {ctx.rounds}"
    )
    return [
        Result(
            "backup",
            "backup_throughput",
            round(size_mb / median, 3),
            "MB/s",
            round(size_mb / median_dump, 3),
            round(throughput, 3),
            "higher",
            headline=True,
            target=">= 0.8",
        ),
        Result(
            "backup",
            "restore_time",
            round(sorted(restore_times)[len(restore_times) // 2], 3),
            "s",
            round(sorted(dump_times_2)[len(dump_times_2) // 2], 3),
            round(restore_ratio, 3),
            "lower",
            target="<= 2",
        ),
    ]


def _folder_mb(path) -> float:
    return sum(p.stat().st_size for p in path.iterdir()) / 1e6
