"""Pupils: the personal file number is the key; new pupils are admitted by order."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from ..models import Gender
from ..selectors import imports as selectors
from ..services import imports as writes
from ..services.people import student_admit
from .common import NO_CURRENT_YEAR, Column, Context, Plan, Row, full_name

UNKNOWN_CLASS = _("There is no class «%(value)s» in the current academic year.")
DUPLICATE_RECORD = _("Personal file number «%(value)s» is already in row %(other)s.")
NEEDED_FOR_NEW = _("The value is required for a new pupil.")
IN_OTHER_CLASS = _(
    "This pupil is in class %(current)s now; a transfer to another class is made by "
    "an order on the pupil's page, not by an import."
)
NOT_ENROLLED = _(
    "This pupil has left the school; re-admission is made by an order on the "
    "pupil's page, not by an import."
)

COLUMNS = [
    Column("last_name", "Фамилия", required=True),
    Column("first_name", "Имя", required=True),
    Column("patronymic", "Отчество"),
    Column("birth_date", "Дата рождения"),
    Column("gender", "Пол"),
    Column("class", "Класс", required=True),
    Column(
        "record",
        "Номер личного дела",
        ("№ личного дела", "Личное дело", "Номер ЛД"),
        required=True,
    ),
    Column("admitted_on", "Дата зачисления"),
    Column("order", "Номер приказа", ("Приказ", "№ приказа")),
    Column("order_date", "Дата приказа"),
]
GENDERS = {
    "м": Gender.MALE,
    "муж": Gender.MALE,
    "мужской": Gender.MALE,
    "m": Gender.MALE,
    "ж": Gender.FEMALE,
    "жен": Gender.FEMALE,
    "женский": Gender.FEMALE,
    "f": Gender.FEMALE,
}
GENDER_WORDS = {Gender.MALE: "м", Gender.FEMALE: "ж"}
PERSON_FIELDS = ("last_name", "first_name", "patronymic")


def class_key(text: str) -> str:
    """«5 а», «5-а» and «5А» name the same class."""
    return re.sub(r"[\s\-]", "", text).upper()


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    if ctx.year is None:
        ctx.error(None, None, NO_CURRENT_YEAR)
        return []
    classes = selectors.classes_by_name(ctx.school, ctx.year)
    existing = selectors.students_by_record(ctx.school)
    enrollments = selectors.open_enrollments(ctx.school)
    seen: dict[str, int] = {}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        data = {
            "last_name": ctx.text(row, "last_name", required=True),
            "first_name": ctx.text(row, "first_name", required=True),
            "patronymic": ctx.text(row, "patronymic"),
            "birth_date": ctx.date(row, "birth_date"),
            "gender": ctx.choice(row, "gender", GENDERS),
        }
        record = ctx.text(row, "record", required=True)
        class_name = ctx.text(row, "class", required=True)
        school_class = classes.get(class_key(class_name)) if class_name else None
        if class_name and school_class is None:
            ctx.error(row, "class", UNKNOWN_CLASS, value=class_name)
        if record in seen:
            ctx.error(row, "record", DUPLICATE_RECORD, value=record, other=seen[record])
        elif record:
            seen[record] = row.number
        admission = {
            "admitted_on": ctx.date(row, "admitted_on"),
            "order": ctx.text(row, "order"),
            "order_date": ctx.date(row, "order_date"),
        }
        if len(ctx.errors) > before:
            continue
        label = f"{full_name(*(data[f] for f in PERSON_FIELDS))}, {school_class.name}"
        student = existing.get(record)
        if student is None:
            for key, value in admission.items():
                if not value:
                    ctx.error(row, key, NEEDED_FOR_NEW)
            data.update(admission, record=record, school_class=school_class)
            plans.append(Plan(row.number, "create", label, data))
            continue
        current = enrollments.get(student.pk)
        if current is None:
            ctx.error(row, "class", NOT_ENROLLED)
        elif current.school_class_id != school_class.pk:
            ctx.error(row, "class", IN_OTHER_CLASS, current=current.school_class.name)
        changes = _changes(student, data)
        action = "update" if changes else "unchanged"
        plan = Plan(row.number, action, label, {"student": student, **changes})
        plan.changed = [ctx.columns[f].header for f in changes]
        plans.append(plan)
    return plans


def _changes(student, data: dict) -> dict:
    """Fields that differ; an empty cell never clears what the school has."""
    changes = {f: data[f] for f in PERSON_FIELDS if getattr(student.user, f) != data[f]}
    if not data["patronymic"]:
        changes.pop("patronymic", None)
    for field in ("birth_date", "gender"):
        if data[field] and getattr(student, field) != data[field]:
            changes[field] = data[field]
    return changes


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    if plan.action == "create":
        student_admit(
            actor=ctx.actor,
            school_class=data["school_class"],
            starts_on=data["admitted_on"],
            order=data["order"],
            order_date=data["order_date"],
            record_number=data["record"],
            last_name=data["last_name"],
            first_name=data["first_name"],
            patronymic=data["patronymic"],
            birth_date=data["birth_date"],
            gender=data["gender"],
        )
    elif plan.action == "update":
        writes.student_details_update(actor=ctx.actor, **data)


def export_rows(school, year) -> list[list]:
    rows = []
    for enrollment in selectors.students_for_export(school, year):
        student, user = enrollment.student, enrollment.student.user
        rows.append(
            [
                user.last_name,
                user.first_name,
                user.patronymic,
                student.birth_date,
                GENDER_WORDS.get(student.gender, ""),
                enrollment.school_class.name,
                student.record_number,
                enrollment.starts_on,
                enrollment.start_order,
                enrollment.start_order_date,
            ]
        )
    return rows
