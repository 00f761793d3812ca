"""Topic plans (КТП, B5): items, whole-plan replace, copy, XLSX import and export."""

from __future__ import annotations

import datetime
import io
import math
import re
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font

from .. import events, permissions, uploads
from ..errors import ApplicationError
from ..history import attribute
from ..models import (
    AcademicYear,
    LessonPlanItem,
    StudyGroup,
    Subject,
    User,
)
from ..spreadsheets import xlsx_append
from .common import (
    ensure_same_school,
    group_lock,
    save_with_history,
    update_with_history,
)

PLAN_FIELDS = ("topic", "section", "hours", "planned_on")
# The file format's own column names: the same in every language of the interface.
HEADERS = ("№", "Раздел", "Тема урока", "Часы", "Дата")
HEADER_ALIASES = {
    "number": {"№", "№ п/п", "№ урока", "номер", "номер урока"},
    "section": {"раздел", "раздел (тема)", "глава"},
    "topic": {"тема урока", "тема", "тема занятия"},
    "hours": {"часы", "кол-во часов", "количество часов", "часов"},
    "planned_on": {"дата", "дата по плану", "плановая дата"},
}
HEADER_SEARCH_ROWS = 10
MAX_FILE_ROWS = 2000
SMALLINT_MAX = 32767
TOPIC_MAX = LessonPlanItem._meta.get_field("topic").max_length
SECTION_MAX = LessonPlanItem._meta.get_field("section").max_length

NUMBER_TAKEN = _("Lesson %(number)s is already in the plan.")
PLAN_DATE_OUTSIDE_YEAR = _("The planned date must lie within the academic year.")
COPY_ONTO_ITSELF = _("A plan cannot be copied onto itself.")
COPY_SOURCE_EMPTY = _("The chosen plan has no lessons to copy.")
COPY_TARGET_NOT_EMPTY = _(
    "This plan already has %(count)s lessons. Tick «replace the current plan» to "
    "overwrite it."
)
FILE_NO_HEADER = _(
    "The file has no header row with the columns «№» and «Тема урока» "
    "(also allowed: «Раздел», «Часы», «Дата»)."
)
FILE_NO_ROWS = _("The file has no lessons.")
ROW_NUMBER_MISSING = _("The lesson number is missing.")
ROW_NUMBER_BAD = _("The lesson number must be a positive whole number.")
ROW_NUMBER_DUPLICATE = _("Lesson number %(number)s is already used in row %(row)s.")
ROW_TOPIC_MISSING = _("The lesson topic is missing.")
ROW_TOPIC_LONG = _("The topic is longer than %(count)s characters.")
ROW_SECTION_LONG = _("The section is longer than %(count)s characters.")
ROW_HOURS_BAD = _("Hours must be a positive whole number.")
ROW_DATE_BAD = _("The date must be written as dd.mm.yyyy, for example 01.09.2026.")
ROW_DATE_OUTSIDE_YEAR = _("The date is outside the academic year.")
FILE_ROWS_INVALID = _("Row %(row)s: %(reason)s")


class PlanFileInvalid(ValidationError):
    """Rows of an uploaded plan that cannot be taken, each with its reasons."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.rows = rows
        super().__init__(
            [FILE_ROWS_INVALID % {"row": row, "reason": reason} for row, reason in rows]
        )


def _plan(group: StudyGroup, subject: Subject):
    return LessonPlanItem.objects.filter(group=group, subject=subject)


def _check_planned_on(year: AcademicYear, planned_on: datetime.date | None) -> None:
    if planned_on is not None and not year.contains(planned_on):
        raise ValidationError({"planned_on": PLAN_DATE_OUTSIDE_YEAR})


# --- Plan items ---------------------------------------------------------------


@transaction.atomic
def plan_item_create(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    topic: str,
    section: str = "",
    hours: int = 1,
    planned_on: datetime.date | None = None,
    number: int | None = None,
) -> LessonPlanItem:
    """A lesson added at the end, or inserted at a number moving the rest down."""
    permissions.ensure_can_edit_plan(actor, group, subject)
    ensure_same_school(group.school, subject)
    _check_planned_on(group.year, planned_on)
    group_lock(group)
    last = _plan(group, subject).aggregate(m=Max("number"))["m"] or 0
    if number is None or number > last:
        number = number or last + 1
    else:
        for item in (
            _plan(group, subject).filter(number__gte=number).order_by("-number")
        ):
            item.number += 1
            save_with_history(item, actor, ["number"])
    item = LessonPlanItem(
        school=group.school,
        year=group.year,
        group=group,
        subject=subject,
        number=number,
        topic=topic.strip(),
        section=section.strip(),
        hours=hours,
        planned_on=planned_on,
    )
    save_with_history(item, actor)
    return item


@transaction.atomic
def plan_item_update(
    *,
    actor: User,
    item: LessonPlanItem,
    number: int,
    topic: str,
    section: str = "",
    hours: int = 1,
    planned_on: datetime.date | None = None,
) -> LessonPlanItem:
    """Changes one lesson; a new number must be free in the plan."""
    permissions.ensure_can_edit_plan(actor, item.group, item.subject)
    _check_planned_on(item.group.year, planned_on)
    group_lock(item.group)
    taken = (
        _plan(item.group, item.subject).filter(number=number).exclude(pk=item.pk)
    ).exists()
    if taken:
        raise ValidationError({"number": NUMBER_TAKEN % {"number": number}})
    values = {
        "number": number,
        "topic": topic.strip(),
        "section": section.strip(),
        "hours": hours,
        "planned_on": planned_on,
    }
    update_with_history(item, actor, values)
    return item


@transaction.atomic
def plan_item_delete(*, actor: User, item: LessonPlanItem) -> None:
    """Removes one lesson; the lessons after it move up one number."""
    permissions.ensure_can_edit_plan(actor, item.group, item.subject)
    group_lock(item.group)
    group, subject, number = item.group, item.subject, item.number
    attribute(item, actor)
    item.delete()
    for later in _plan(group, subject).filter(number__gt=number).order_by("number"):
        later.number -= 1
        save_with_history(later, actor, ["number"])


def _replace(
    actor: User, group: StudyGroup, subject: Subject, rows: list[dict]
) -> dict[str, int]:
    """Make the plan equal to rows, matching by number; history only for changes."""
    numbers = [row["number"] for row in rows]
    if len(numbers) != len(set(numbers)):
        raise ValidationError(NUMBER_TAKEN % {"number": _first_duplicate(numbers)})
    existing = {item.number: item for item in _plan(group, subject)}
    wanted = {row["number"]: row for row in rows}
    counts = {"created": 0, "updated": 0, "deleted": 0}
    for number, item in existing.items():
        if number not in wanted:
            attribute(item, actor)
            item.delete()
            counts["deleted"] += 1
    for number in sorted(wanted):
        values = _clean_values(wanted[number])
        item = existing.get(number)
        if item is None:
            item = LessonPlanItem(
                school=group.school,
                year=group.year,
                group=group,
                subject=subject,
                number=number,
                **values,
            )
            save_with_history(item, actor)
            counts["created"] += 1
            continue
        if update_with_history(item, actor, values):
            counts["updated"] += 1
    return counts


def _clean_values(row: dict) -> dict[str, Any]:
    return {
        "topic": (row.get("topic") or "").strip(),
        "section": (row.get("section") or "").strip(),
        "hours": row.get("hours") or 1,
        "planned_on": row.get("planned_on"),
    }


def _first_duplicate(numbers: list[int]) -> int:
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            return number
        seen.add(number)
    return 0


@transaction.atomic
def plan_items_replace(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    items: list[dict],
    source: str = "",
) -> dict[str, int]:
    """The whole plan becomes these lessons; unchanged lessons get no history."""
    permissions.ensure_can_edit_plan(actor, group, subject)
    ensure_same_school(group.school, subject)
    for row in items:
        _check_planned_on(group.year, row.get("planned_on"))
    group_lock(group)
    counts = _replace(actor, group, subject, items)
    events.plan_imported(
        actor=actor,
        group=group,
        subject=subject,
        lessons=len(items),
        source=source,
        counts=counts,
    )
    return counts


def _week_shift(items: list[LessonPlanItem], start: datetime.date | None) -> int | None:
    """Whole weeks that bring the first dated lesson to `start` or the same
    weekday just after it, so lessons keep their weekdays."""
    first = next((i.planned_on for i in items if i.planned_on), None)
    if start is None or first is None:
        return None
    return math.ceil((start - first).days / 7)


@transaction.atomic
def plan_copy(
    *,
    actor: User,
    source_group: StudyGroup,
    source_subject: Subject,
    target_group: StudyGroup,
    target_subject: Subject,
    shift_dates_to: datetime.date | None = None,
    replace: bool = False,
) -> dict[str, int]:
    """Copies a plan (a parallel class, last year's group) onto an empty one or,
    when asked, over it; dates move by whole weeks, are cleared without a start,
    and are cleared where they would leave the target's academic year."""
    permissions.ensure_can_edit_plan(actor, target_group, target_subject)
    ensure_same_school(target_group.school, source_group, source_subject)
    if (source_group.pk, source_subject.pk) == (target_group.pk, target_subject.pk):
        raise ValidationError(COPY_ONTO_ITSELF)
    group_lock(target_group)
    source = list(_plan(source_group, source_subject).order_by("number"))
    if not source:
        raise ApplicationError(COPY_SOURCE_EMPTY)
    existing = _plan(target_group, target_subject).count()
    if existing and not replace:
        raise ApplicationError(COPY_TARGET_NOT_EMPTY % {"count": existing})
    weeks = _week_shift(source, shift_dates_to)
    rows = []
    for item in source:
        planned_on = None
        if weeks is not None and item.planned_on is not None:
            planned_on = item.planned_on + datetime.timedelta(weeks=weeks)
            if not target_group.year.contains(planned_on):
                planned_on = None
        rows.append(
            {
                "number": item.number,
                "topic": item.topic,
                "section": item.section,
                "hours": item.hours,
                "planned_on": planned_on,
            }
        )
    counts = _replace(actor, target_group, target_subject, rows)
    events.plan_copied(
        actor=actor,
        source_group=source_group,
        source_subject=source_subject,
        group=target_group,
        subject=target_subject,
        lessons=len(rows),
        weeks=weeks,
        replaced=existing,
        counts=counts,
    )
    return counts


# --- XLSX ---------------------------------------------------------------------


def _header_map(row: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = " ".join(str(cell or "").split()).lower()
        for key, aliases in HEADER_ALIASES.items():
            if name in aliases and key not in found:
                found[key] = index
    return found


def _whole(value: Any) -> int | None:
    """A positive whole number from a cell (1, 1.0, "1"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, int) and 1 <= value <= SMALLINT_MAX:
        return value
    return None


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.strptime(value.strip(), "%d.%m.%Y").date()
        except ValueError:
            return None
    return None


def _parse_row(
    cells: dict[str, Any], year: AcademicYear, seen: dict[int, int], row_no: int
) -> tuple[dict, list[str]]:
    reasons: list[str] = []
    number = _whole(cells.get("number"))
    if cells.get("number") in (None, ""):
        reasons.append(str(ROW_NUMBER_MISSING))
    elif number is None:
        reasons.append(str(ROW_NUMBER_BAD))
    elif number in seen:
        reasons.append(
            str(ROW_NUMBER_DUPLICATE % {"number": number, "row": seen[number]})
        )
    else:
        seen[number] = row_no
    topic = str(cells.get("topic") or "").strip()
    if not topic:
        reasons.append(str(ROW_TOPIC_MISSING))
    elif len(topic) > TOPIC_MAX:
        reasons.append(str(ROW_TOPIC_LONG % {"count": TOPIC_MAX}))
    section = str(cells.get("section") or "").strip()
    if len(section) > SECTION_MAX:
        reasons.append(str(ROW_SECTION_LONG % {"count": SECTION_MAX}))
    hours = 1
    if cells.get("hours") not in (None, ""):
        hours = _whole(cells["hours"])
        if hours is None:
            reasons.append(str(ROW_HOURS_BAD))
    planned_on = None
    if cells.get("planned_on") not in (None, ""):
        planned_on = _date(cells["planned_on"])
        if planned_on is None:
            reasons.append(str(ROW_DATE_BAD))
        elif not year.contains(planned_on):
            reasons.append(str(ROW_DATE_OUTSIDE_YEAR))
    row = {
        "number": number,
        "topic": topic,
        "section": section,
        "hours": hours,
        "planned_on": planned_on,
    }
    return row, reasons


def plan_xlsx_read(file, year: AcademicYear) -> list[dict]:
    """Every row of the first sheet checked; PlanFileInvalid lists all bad rows."""
    content = file.read()
    uploads.ensure_content_size(content)
    try:
        rows = [
            cells for _, cells in uploads.xlsx_rows(content, max_rows=MAX_FILE_ROWS)
        ]
    except uploads.UploadRefused as error:
        raise ValidationError(error.message) from error
    header_at, columns = None, {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header_map(row)
        if "number" in columns and "topic" in columns:
            header_at = index
            break
    if header_at is None:
        raise ValidationError(FILE_NO_HEADER)
    items, bad, seen = [], [], {}
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = {k: row[i] if i < len(row) else None for k, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        item, reasons = _parse_row(cells, year, seen, index)
        if reasons:
            bad.append((index, " ".join(reasons)))
        items.append(item)
    if bad:
        raise PlanFileInvalid(bad)
    if not items:
        raise ValidationError(FILE_NO_ROWS)
    return items


def plan_xlsx_write(items) -> bytes:
    """A plan as a workbook with the columns the import reads back unchanged."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "КТП"
    xlsx_append(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        xlsx_append(
            sheet, [item.number, item.section, item.topic, item.hours, item.planned_on]
        )
        sheet.cell(row=sheet.max_row, column=5).number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDE", (6, 30, 70, 7, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def plan_import(
    *, actor: User, group: StudyGroup, subject: Subject, file, filename: str = ""
) -> dict[str, int]:
    """An uploaded XLSX replaces the plan, only if every row of it is valid."""
    permissions.ensure_can_edit_plan(actor, group, subject)
    items = plan_xlsx_read(file, group.year)
    return plan_items_replace(
        actor=actor, group=group, subject=subject, items=items, source=filename
    )
