"""Time seed_demo for one size into a fresh PostgreSQL database and print figures."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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

    import psycopg

    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    os.environ["DJANGO_SETTINGS_MODULE"] = "ejournal.settings.local"
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    tables = [
        t
        for t in connection.introspection.table_names()
        if t.startswith(("school_", "guardian_"))
    ]

    def rows() -> int:
        with connection.cursor() as cursor:
            return sum(
                cursor.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in tables
            )

    started = time.perf_counter()
    call_command("seed_demo", size=args.size, seed=args.seed, stdout=io.StringIO())
    first = time.perf_counter() - started
    written = rows()
    started = time.perf_counter()
    call_command("seed_demo", size=args.size, seed=args.seed, stdout=io.StringIO())
    second = time.perf_counter() - started
    print(f"size={args.size} seed={args.seed}")
    print(f"first run:  {first:8.1f} s, {written} rows ({written / first:,.0f} rows/s)")
    print(f"second run: {second:8.1f} s, rows added: {rows() - written}")


if __name__ == "__main__":
    main()
