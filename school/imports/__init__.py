"""Importers of school lists, one module per kind; see common.py for the reader.

Each kind module offers COLUMNS, check(ctx, rows) -> plans (reads only),
apply(ctx, plan) (calls the write services) and export_rows(school, year)
(the timetable has no export yet).
"""

from __future__ import annotations

from types import ModuleType

from . import groups, guardians, staff, students, subjects, timetable

KINDS: dict[str, ModuleType] = {
    "students": students,
    "guardians": guardians,
    "staff": staff,
    "subjects": subjects,
    "groups": groups,
    "timetable": timetable,
}


def get(kind: str) -> ModuleType:
    return KINDS[kind]
