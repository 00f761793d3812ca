"""Subjects: keyed by name; the short name and the curriculum part may be updated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import SubjectComponent
from ..selectors import imports as selectors
from ..services.structure import subject_create, subject_update
from .common import Column, Context, Plan, Row

DUPLICATE_SUBJECT = _("This subject is already in row %(other)s.")

COLUMNS = [
    Column("name", "Предмет", ("Название", "Наименование предмета"), required=True),
    Column("short_name", "Сокращение", ("Краткое название", "Сокр.")),
    Column("component", "Компонент", ("Часть учебного плана",)),
]
# The first word of each value is the one written to exports.
COMPONENTS = {
    "фбуп": SubjectComponent.FEDERAL,
    "федеральный компонент": SubjectComponent.FEDERAL,
    "обязательная часть": SubjectComponent.FEDERAL,
    "компонент оу": SubjectComponent.SCHOOL,
    "оу": SubjectComponent.SCHOOL,
    "школьный компонент": SubjectComponent.SCHOOL,
    "часть, формируемая участниками образовательных отношений": (
        SubjectComponent.SCHOOL
    ),
}
COMPONENT_WORDS = {
    SubjectComponent.FEDERAL: "ФБУП",
    SubjectComponent.SCHOOL: "компонент ОУ",
}


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    existing = selectors.subjects_by_name(ctx.school)
    seen: dict[str, int] = {}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        name = ctx.text(row, "name", required=True)
        short_name = ctx.text(row, "short_name")
        component = ctx.choice(row, "component", COMPONENTS)
        if name.casefold() in seen:
            ctx.error(row, "name", DUPLICATE_SUBJECT, other=seen[name.casefold()])
        elif name:
            seen[name.casefold()] = row.number
        if len(ctx.errors) > before:
            continue
        subject = existing.get(name.casefold())
        if subject is None:
            data = {
                "name": name,
                "short_name": short_name,
                "component": component or SubjectComponent.FEDERAL,
            }
            plans.append(Plan(row.number, "create", name, data))
            continue
        changes = {}
        if short_name and subject.short_name != short_name:
            changes["short_name"] = short_name
        if component and subject.component != component:
            changes["component"] = component
        plan = Plan(row.number, "update" if changes else "unchanged", name)
        plan.data = {"subject": subject, **changes}
        plan.changed = [ctx.columns[f].header for f in changes]
        plans.append(plan)
    return plans


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    if plan.action == "create":
        subject_create(actor=ctx.actor, school=ctx.school, **data)
    elif plan.action == "update":
        subject_update(actor=ctx.actor, **data)


def export_rows(school, year) -> list[list]:
    return [
        [s.name, s.short_name, COMPONENT_WORDS.get(s.component, "")]
        for s in selectors.subjects_for_export(school)
    ]
