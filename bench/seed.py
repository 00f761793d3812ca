"""Time seed_demo for one size into a fresh database and print figures.

    .venv/bin/python bench/seed.py --size city     # PostgreSQL (dropped and created)
    .venv/bin/python bench/seed.py --size small --database-url sqlite:////tmp/s.db

The first run writes the structure and the year up to yesterday (lessons, marks,
attendance, the families' side), each with its history rows; the second must add
no row to any table.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APPS = ("school_", "guardian_", "journal_", "diary_")


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:"):
        path = Path(url.split("sqlite://", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ejournal_bench"
        ),
    )
    args = parser.parse_args()
    fresh_database(args.database_url)

    os.environ["DJANGO_SETTINGS_MODULE"] = "ejournal.settings.local"
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    tables = [t for t in connection.introspection.table_names() if t.startswith(APPS)]

    def rows() -> int:
        with connection.cursor() as cursor:
            total = 0
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                total += cursor.fetchone()[0]
            return total

    out = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    call_command("seed_demo", size=args.size, seed=args.seed, stdout=out)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    written = rows()
    started = time.perf_counter()
    call_command("seed_demo", size=args.size, seed=args.seed, stdout=io.StringIO())
    second = time.perf_counter() - started
    print(f"size={args.size} seed={args.seed} on {connection.vendor}")
    print(out.getvalue().split("\n\n")[0])
    print(
        f"first run:  {first:8.1f} s wall, {first_cpu:6.1f} s CPU of this process, "
        f"{written} rows ({written / first:,.0f} rows/s)"
    )
    print(f"second run: {second:8.1f} s, rows added: {rows() - written}")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
