"""Fast bulk inserts of plain rows with their history rows, for the demo term.

The term of a city is millions of rows (marks, attendance, homework and each one's
history row). Building a Django model instance for every row and its history row
costs more than the database does, so the large tables are written from dicts of
column values: COPY on PostgreSQL, executemany on SQLite. Ids are reserved first
(from the sequence on PostgreSQL, past MAX(id) inside the write transaction on
SQLite) so that rows can point at each other and history rows name their object.

A row dict holds attnames (`lesson_id`, `value`, …); `_history_user_id` and
`_history_date` go to its history row only. Fields left out get their default.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import NOT_PROVIDED

UTC = datetime.UTC
HISTORY_KEYS = ("_history_user_id", "_history_date", "_history_change_reason")


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys of the model's table."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _defaults(model, skip: set[str]) -> dict[str, object]:
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in skip:
            continue
        if field.default is not NOT_PROVIDED and not callable(field.default):
            values[field.attname] = field.default
        elif field.null:
            values[field.attname] = None
        elif field.get_internal_type() in ("CharField", "TextField", "FileField"):
            values[field.attname] = ""
    return values


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write(table: str, columns: list[str], tuples: list[tuple]) -> None:
    if not tuples:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in tuples:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        cursor.executemany(
            sql, [tuple(_sqlite_value(v) for v in row) for row in tuples]
        )


def insert(model, rows: list[dict], *, history: bool = True) -> None:
    """Insert the rows (each with its "id") and, if asked, one "+" history row each."""
    if not rows:
        return
    given = set().union(*(r.keys() for r in rows[:50])) - set(HISTORY_KEYS)
    defaults = _defaults(model, given)
    attnames = [f.attname for f in model._meta.concrete_fields]
    columns = [f.column for f in model._meta.concrete_fields]
    tuples = []
    for row in rows:
        tuples.append(tuple(row[a] if a in row else defaults.get(a) for a in attnames))
    _write(model._meta.db_table, columns, tuples)
    if history:
        insert_history(model, rows, history_type="+")


def insert_history(model, rows: list[dict], *, history_type: str) -> None:
    """History rows of the given state of each row ("+" created, "~" changed)."""
    if not rows:
        return
    historical = model.history.model
    fields = [f for f in historical._meta.concrete_fields if f.attname != "history_id"]
    own = {f.attname for f in model._meta.concrete_fields}
    given = set().union(*(r.keys() for r in rows[:50]))
    defaults = _defaults(model, given)
    tuples = []
    for row in rows:
        values = []
        for field in fields:
            name = field.attname
            if name == "history_type":
                values.append(history_type)
            elif name == "history_date":
                values.append(row["_history_date"])
            elif name == "history_user_id":
                values.append(row.get("_history_user_id"))
            elif name == "history_change_reason":
                values.append(row.get("_history_change_reason"))
            elif name in row:
                values.append(row[name])
            elif name in own:
                values.append(defaults.get(name))
            else:
                values.append(None)
        tuples.append(tuple(values))
    _write(historical._meta.db_table, [f.column for f in fields], tuples)
