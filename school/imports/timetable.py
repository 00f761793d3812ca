"""Weekly lessons: keyed by class or group, weekday and lesson number from a date."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from ..models import GroupKind, TimetableEntry, Weekday
from ..selectors import imports as selectors
from ..services.timetable import (
    timetable_entry_create,
    timetable_entry_end,
    timetable_entry_update,
)
from .common import NO_CURRENT_YEAR, Column, Context, Plan, Row, name_key, normalize
from .groups import find_subject
from .students import class_key

UNKNOWN_GROUP = _("There is no class or group «%(value)s» in the current year.")
UNKNOWN_TEACHER = _("There is no teacher «%(value)s» among the school's staff.")
AMBIGUOUS_TEACHER = _(
    "Several staff members are called «%(value)s»; write the full name."
)
UNKNOWN_ROOM = _("There is no room «%(value)s» in the school's list.")
BAD_LESSON = _("The lesson number must be from 0 to 12.")
SLOT_TWICE = _("This class or group already has this lesson in row %(other)s.")
TEACHER_TWICE = _("The teacher already has a lesson at this time in row %(other)s.")
ROOM_TWICE = _("The room is already taken at this time in row %(other)s.")
OUTSIDE_YEAR = _("The date must lie within the current academic year.")

COLUMNS = [
    Column("group", "Класс/группа", ("Класс", "Группа", "Класс / группа"), True),
    Column("weekday", "День недели", ("День",), required=True),
    Column("lesson", "Урок", ("Номер урока", "№ урока"), required=True),
    Column("subject", "Предмет", required=True),
    Column("teacher", "Учитель", ("ФИО учителя", "Преподаватель"), required=True),
    Column("room", "Кабинет", ("Каб.",)),
    Column("starts_on", "Действует с", ("Дата начала",), required=True),
]
DAY_WORDS = (
    ("пн", "понедельник", "пон"),
    ("вт", "вторник"),
    ("ср", "среда"),
    ("чт", "четверг"),
    ("пт", "пятница"),
    ("сб", "суббота"),
)
WEEKDAYS = {
    word: day
    for day, words in enumerate(DAY_WORDS, start=Weekday.MONDAY)
    for word in words
}
WEEKDAY_WORDS = {number: word for word, number in reversed(WEEKDAYS.items())}
ENTRY_FIELDS = ("subject", "teacher", "room")


def _teacher_key(text: str) -> str:
    """«Иванова М. П.», «Иванова М.П.» and «иванова м. п.» are the same."""
    return normalize(text).replace(". ", ".").replace(" .", ".")


def _teachers(ctx: Context) -> dict[str, list]:
    index: dict[str, dict] = {}
    for staff in selectors.current_staff(ctx.school):
        user = staff.user
        for key in (
            name_key(user.get_full_name()),
            _teacher_key(user.get_short_name()),
        ):
            index.setdefault(key, {})[user.pk] = user
    return {key: list(users.values()) for key, users in index.items()}


def _groups(ctx: Context) -> dict:
    groups = selectors.groups_by_name(ctx.school, ctx.year)
    by_class = {
        class_key(g.name): g for g in groups.values() if g.kind == GroupKind.CLASS
    }
    return {**by_class, **groups}


def _lookup(ctx, row, key, index, message, keyfunc=str.casefold):
    text = ctx.text(row, key)
    if not text:
        return None
    found = index.get(keyfunc(text))
    if isinstance(found, list):
        if len(found) > 1:
            ctx.error(row, key, AMBIGUOUS_TEACHER, value=text)
            return None
        found = found[0] if found else None
    if found is None:
        ctx.error(row, key, message, value=text)
    return found


def _once(ctx, row, taken: dict, slot, key, message) -> None:
    if slot in taken:
        ctx.error(row, key, message, other=taken[slot])
    else:
        taken[slot] = row.number


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    if ctx.year is None:
        ctx.error(None, None, NO_CURRENT_YEAR)
        return []
    groups, teachers = _groups(ctx), _teachers(ctx)
    rooms = {r.name.casefold(): r for r in selectors.rooms(ctx.school)}
    subjects = selectors.subjects_by_name(ctx.school)
    taken: dict[str, dict] = {"group": {}, "teacher": {}, "room": {}}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        for key in ("group", "subject", "teacher"):
            ctx.text(row, key, required=True)
        group = _group(ctx, row, groups)
        weekday = ctx.choice(row, "weekday", WEEKDAYS, required=True)
        lesson = ctx.number(row, "lesson", required=True)
        if lesson is not None and lesson > 12:
            ctx.error(row, "lesson", BAD_LESSON)
        subject = find_subject(ctx, row, subjects)
        teacher = _lookup(ctx, row, "teacher", teachers, UNKNOWN_TEACHER, _person_key)
        room = _lookup(ctx, row, "room", rooms, UNKNOWN_ROOM)
        starts_on = ctx.date(row, "starts_on", required=True)
        if starts_on and not ctx.year.contains(starts_on):
            ctx.error(row, "starts_on", OUTSIDE_YEAR)
        if len(ctx.errors) > before:
            continue
        _once(
            ctx, row, taken["group"], (group.pk, weekday, lesson), "lesson", SLOT_TWICE
        )
        slot = (weekday, lesson)
        _once(ctx, row, taken["teacher"], (teacher.pk, *slot), "teacher", TEACHER_TWICE)
        if room is not None:
            _once(ctx, row, taken["room"], (room.pk, *slot), "room", ROOM_TWICE)
        if len(ctx.errors) > before:
            continue
        data = {
            "group": group,
            "weekday": weekday,
            "lesson_number": lesson,
            "subject": subject,
            "teacher": teacher,
            "room": room,
            "starts_on": starts_on,
        }
        label = f"{group.name}, {WEEKDAY_WORDS[weekday]}, {lesson}: {subject.name}"
        plans.append(_plan(ctx, row, label, data))
    return plans


def _group(ctx: Context, row: Row, groups: dict):
    text = ctx.text(row, "group")
    group = groups.get(text.casefold()) or groups.get(class_key(text))
    if text and group is None:
        ctx.error(row, "group", UNKNOWN_GROUP, value=text)
    return group


def _person_key(text: str) -> str:
    return _teacher_key(text) if "." in text else name_key(text)


def _plan(ctx: Context, row: Row, label: str, data: dict) -> Plan:
    current = (
        TimetableEntry.objects.for_school(ctx.school)
        .filter(
            year=ctx.year,
            group=data["group"],
            weekday=data["weekday"],
            lesson_number=data["lesson_number"],
        )
        .on(data["starts_on"])
        .first()
    )
    if current is None:
        return Plan(row.number, "create", label, data)
    changed = [f for f in ENTRY_FIELDS if getattr(current, f) != data[f]]
    plan = Plan(row.number, "update" if changed else "unchanged", label)
    plan.data = {**data, "entry": current}
    plan.changed = [ctx.columns[f].header for f in changed]
    return plan


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    if plan.action == "create":
        timetable_entry_create(
            actor=ctx.actor, school=ctx.school, year=ctx.year, **data
        )
        return
    if plan.action != "update":
        return
    entry = data.pop("entry")
    if entry.starts_on < data["starts_on"]:
        # The old lesson stays in the past; the new one runs from the date.
        last_day = data["starts_on"] - datetime.timedelta(days=1)
        timetable_entry_end(actor=ctx.actor, entry=entry, ends_on=last_day)
        timetable_entry_create(
            actor=ctx.actor, school=ctx.school, year=ctx.year, **data
        )
    else:
        changes = {f: data[f] for f in ENTRY_FIELDS}
        timetable_entry_update(actor=ctx.actor, entry=entry, data=changes)


def export_rows(school, year) -> list[list]:
    return []
