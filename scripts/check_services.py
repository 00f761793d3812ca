"""Before the tests: are PostgreSQL and Redis reachable? One clear line if not."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ejournal"
)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def check_postgres() -> str | None:
    import psycopg

    url = urlparse(DATABASE_URL)
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        return f"DATABASE_URL must point to PostgreSQL for the tests, not {url.scheme}."
    try:
        psycopg.connect(
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else error
        return (
            f"PostgreSQL недоступен ({url.hostname}:{url.port or 5432}: {first}). "
            "Запустите его: pg_ctlcluster --skip-systemctl-redirect "
            "$(ls /etc/postgresql) main start — или задайте DATABASE_URL."
        )
    return None


def check_redis() -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return (
            f"Redis недоступен ({REDIS_URL}: {error}). Запустите его: redis-server "
            '--daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no '
            "— или задайте REDIS_URL."
        )
    return None


def main() -> int:
    problems = [p for p in (check_postgres(), check_redis()) if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
