"""The database side of a copy: PostgreSQL's client tools and SQLite's backup API.

The connection comes from the Django settings dict of the database being copied
or restored, so a drill can restore into a scratch database on the same server.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from school.errors import ApplicationError

CLIENT_MISSING = _(
    "The PostgreSQL client program %(tool)s is not installed: install the package "
    "postgresql-client-%(major)s (or set BACKUP_PG_BIN_DIR)."
)
CLIENT_TOO_OLD = _(
    "%(tool)s is version %(client)s but the database server is PostgreSQL "
    "%(server)s: install postgresql-client-%(server)s (or set BACKUP_PG_BIN_DIR)."
)

# Row digests: an order-free sum of the first 64 bits of each row's md5, so a
# table restored in another physical order gives the same figure.
PG_TABLE_DIGEST = (
    "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)"
    "::bigint::numeric), 0) FROM {table} t"
)


@dataclass(frozen=True)
class Target:
    """One database to copy from or restore into."""

    vendor: str  # "postgresql" or "sqlite"
    params: dict

    @classmethod
    def from_settings(cls, settings_dict: dict, name: str | None = None) -> Target:
        vendor = (
            "sqlite" if settings_dict["ENGINE"].endswith("sqlite3") else "postgresql"
        )
        params = {
            "dbname": name or settings_dict["NAME"],
            "user": settings_dict.get("USER") or "",
            "password": settings_dict.get("PASSWORD") or "",
            "host": settings_dict.get("HOST") or "",
            "port": str(settings_dict.get("PORT") or ""),
        }
        return cls(vendor=vendor, params=params)

    def with_name(self, name: str) -> Target:
        return Target(vendor=self.vendor, params={**self.params, "dbname": name})

    @property
    def name(self) -> str:
        return self.params["dbname"]

    def url(self) -> str:
        """A DATABASE_URL for a child manage.py on this database."""
        from urllib.parse import quote

        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        p = self.params
        auth = quote(p["user"] or "postgres", safe="")
        if p["password"]:
            auth += ":" + quote(p["password"], safe="")
        host = p["host"] or "127.0.0.1"
        return f"postgres://{auth}@{host}:{p['port'] or 5432}/{quote(self.name)}"

    def env(self) -> dict:
        """Environment for the client tools: the password never on a command line."""
        env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
        mapping = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST"}
        for key, var in mapping.items():
            if self.params[key]:
                env[var] = self.params[key]
        if self.params["port"]:
            env["PGPORT"] = self.params["port"]
        env["PGDATABASE"] = self.name
        return env

    def connect(self, dbname: str | None = None, **kwargs):
        import psycopg

        params = {k: v for k, v in self.params.items() if v}
        if dbname:
            params["dbname"] = dbname
        return psycopg.connect(connect_timeout=10, **params, **kwargs)


def tool(name: str) -> str:
    folder = settings.BACKUP_PG_BIN_DIR
    if folder:
        return str(Path(folder) / name)
    return shutil.which(name) or name


def client_major(name: str) -> int:
    try:
        out = subprocess.run(
            [tool(name), "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def server_version(target: Target) -> str:
    with target.connect() as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def ensure_client_matches(target: Target, *names: str) -> str:
    """The server's version; refuse client tools older than the server."""
    version = server_version(target)
    server = int(version.split(".")[0])
    for name in names:
        client = client_major(name)
        if client == 0:
            raise ApplicationError(CLIENT_MISSING % {"tool": name, "major": server})
        if client < server:
            raise ApplicationError(
                CLIENT_TOO_OLD % {"tool": name, "client": client, "server": server}
            )
    return version


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pg_tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


def pg_table_digests(conn) -> dict[str, dict]:
    """Per table: its row count and an order-free digest of its rows' text."""
    conn.execute("SET TIME ZONE 'UTC'")
    result = {}
    for table in pg_tables(conn):
        count, total = conn.execute(
            PG_TABLE_DIGEST.format(table=quote_ident(table))
        ).fetchone()
        result[table] = {"rows": count, "digest": _digest_text(total)}
    return result


def _digest_text(total) -> str:
    return hashlib.sha256(str(total).encode()).hexdigest()[:32]


def pg_applied_migrations(conn) -> list[str]:
    try:
        rows = conn.execute(
            "SELECT app || '.' || name FROM django_migrations ORDER BY 1"
        ).fetchall()
    except Exception:
        return []
    return [row[0] for row in rows]


# --- SQLite (the one-command local run) -------------------------------------


def sqlite_snapshot(source: Path, destination: Path) -> None:
    """A consistent copy of a live SQLite file through its online backup API."""
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(destination))
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


def sqlite_table_digests(path: Path) -> dict[str, dict]:
    conn = sqlite3.connect(str(path))
    try:
        result = {}
        for table in sqlite_tables(conn):
            count, total = 0, 0
            for row in conn.execute(f"SELECT * FROM {quote_ident(table)}"):
                count += 1
                digest = hashlib.md5(repr(row).encode(), usedforsecurity=False)
                total += int.from_bytes(digest.digest()[:8], "big", signed=True)
            result[table] = {"rows": count, "digest": _digest_text(total)}
        return result
    finally:
        conn.close()


def sqlite_applied_migrations(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        rows = conn.execute(
            "SELECT app || '.' || name FROM django_migrations ORDER BY 1"
        ).fetchall()
        return [row[0] for row in rows]
    except sqlite3.Error:
        return []
    finally:
        conn.close()
