"""Study groups of the current year with their pupils; keyed by the group's name."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from ..models import GroupKind
from ..selectors import imports as selectors
from ..services.structure import group_member_add, study_group_create
from .common import NO_CURRENT_YEAR, Column, Context, Plan, Row
from .students import UNKNOWN_CLASS, class_key

DUPLICATE_GROUP = _("This group is already in row %(other)s.")
UNKNOWN_SUBJECT = _("There is no subject «%(value)s» in the school's list.")
SUBGROUP_NEEDS = _("A subgroup needs its class and the subject it splits.")
GRADE_NEEDED = _("Enter the grade (1–11) of a group that is not a subgroup.")
BAD_GRADE = _("The grade must be from 1 to 11.")
PUPILS_NOT_FOUND = _("There are no pupils with personal file numbers %(values)s.")
NOT_IN_CLASS = _("Pupils %(values)s are not in class %(class)s on %(date)s.")
GROUP_DIFFERS = _(
    "Group «%(value)s» already exists with another kind, class or subject; an import "
    "only adds pupils to an existing group."
)

COLUMNS = [
    Column("name", "Группа", ("Название группы",), required=True),
    Column("kind", "Вид", ("Вид группы",), required=True),
    Column("class", "Класс"),
    Column("subject", "Предмет"),
    Column("grade", "Параллель"),
    Column("members", "Номера личных дел", ("Ученики", "Состав")),
    Column("starts_on", "Дата начала", ("Действует с",)),
]
KINDS = {
    "подгруппа": GroupKind.SUBGROUP,
    "профильная группа": GroupKind.PROFILE,
    "профильная": GroupKind.PROFILE,
    "элективный курс": GroupKind.ELECTIVE,
    "элективный": GroupKind.ELECTIVE,
    "кружок": GroupKind.CLUB,
    "поток": GroupKind.STREAM,
    "иуп": GroupKind.INDIVIDUAL,
    "индивидуальный учебный план": GroupKind.INDIVIDUAL,
}
KIND_WORDS = {
    GroupKind.SUBGROUP: "подгруппа",
    GroupKind.PROFILE: "профильная группа",
    GroupKind.ELECTIVE: "элективный курс",
    GroupKind.CLUB: "кружок",
    GroupKind.STREAM: "поток",
    GroupKind.INDIVIDUAL: "ИУП",
}


def _quoted(values) -> str:
    return ", ".join(f"«{v}»" for v in values)


def find_subject(ctx: Context, row: Row, subjects: dict):
    text = ctx.text(row, "subject")
    if not text:
        return None
    subject = subjects.get(text.casefold()) or next(
        (s for s in subjects.values() if s.short_name.casefold() == text.casefold()),
        None,
    )
    if subject is None:
        ctx.error(row, "subject", UNKNOWN_SUBJECT, value=text)
    return subject


def _members(ctx: Context, row: Row, pupils: dict) -> list:
    records = dict.fromkeys(
        r.strip() for r in re.split(r"[,;\n]", ctx.text(row, "members")) if r.strip()
    )
    missing = [r for r in records if r not in pupils]
    if missing:
        ctx.error(row, "members", PUPILS_NOT_FOUND, values=_quoted(missing))
    return [pupils[r] for r in records if r in pupils]


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    if ctx.year is None:
        ctx.error(None, None, NO_CURRENT_YEAR)
        return []
    classes = selectors.classes_by_name(ctx.school, ctx.year)
    subjects = selectors.subjects_by_name(ctx.school)
    pupils = selectors.students_by_record(ctx.school)
    groups = selectors.groups_by_name(ctx.school, ctx.year)
    seen: dict[str, int] = {}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        name = ctx.text(row, "name", required=True)
        kind = ctx.choice(row, "kind", KINDS, required=True)
        class_name = ctx.text(row, "class")
        school_class = classes.get(class_key(class_name)) if class_name else None
        if class_name and school_class is None:
            ctx.error(row, "class", UNKNOWN_CLASS, value=class_name)
        subject = find_subject(ctx, row, subjects)
        grade = ctx.number(row, "grade")
        members = _members(ctx, row, pupils)
        listed = bool(row.text("members"))
        starts_on = ctx.date(row, "starts_on", required=listed)
        if name.casefold() in seen:
            ctx.error(row, "name", DUPLICATE_GROUP, other=seen[name.casefold()])
        elif name:
            seen[name.casefold()] = row.number
        if len(ctx.errors) > before:
            continue
        if school_class is not None:
            grade = school_class.grade
        if kind == GroupKind.SUBGROUP and (school_class is None or subject is None):
            ctx.error(row, "class", SUBGROUP_NEEDS)
        elif grade is None:
            ctx.error(row, "grade", GRADE_NEEDED)
        elif not 1 <= grade <= 11:
            ctx.error(row, "grade", BAD_GRADE)
        elif members and kind == GroupKind.SUBGROUP:
            _check_in_class(ctx, row, members, school_class, starts_on)
        if len(ctx.errors) > before:
            continue
        group = groups.get(name.casefold())
        data = {"members": members, "starts_on": starts_on}
        if group is None:
            data.update(kind=kind, name=name, grade=grade, subject=subject)
            data["school_class"] = school_class
            plans.append(Plan(row.number, "create", name, data))
            continue
        if _differs(group, kind, school_class, subject):
            ctx.error(row, "name", GROUP_DIFFERS, value=name)
            continue
        inside = (
            selectors.students_in_group_from(group, starts_on) if members else set()
        )
        data["members"] = [m for m in members if m.pk not in inside]
        plan = Plan(row.number, "update" if data["members"] else "unchanged", name)
        plan.data = {"group": group, **data}
        plan.changed = [ctx.columns["members"].header] if data["members"] else []
        plans.append(plan)
    return plans


def _differs(group, kind, school_class, subject) -> bool:
    class_id = school_class.pk if school_class else None
    return (group.kind, group.school_class_id) != (kind, class_id) or (
        subject is not None and group.subject_id != subject.pk
    )


def _check_in_class(ctx, row, members, school_class, starts_on) -> None:
    """A subgroup takes pupils of its class only; say which are not there."""
    enrolled = selectors.students_in_class_on(school_class, starts_on)
    outside = [m.record_number for m in members if m.pk not in enrolled]
    if outside:
        ctx.error(
            row,
            "members",
            NOT_IN_CLASS,
            values=_quoted(outside),
            **{"class": school_class.name, "date": starts_on.strftime("%d.%m.%Y")},
        )


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    members, starts_on = data.pop("members"), data.pop("starts_on")
    if plan.action == "create":
        group = study_group_create(actor=ctx.actor, year=ctx.year, **data)
    elif plan.action == "update":
        group = data["group"]
    else:
        return
    for student in members:
        group_member_add(
            actor=ctx.actor, group=group, student=student, starts_on=starts_on
        )


def export_rows(school, year) -> list[list]:
    on = school.local_today()
    rows = []
    for group in selectors.groups_for_export(school, year, on):
        members = group.current
        rows.append(
            [
                group.name,
                KIND_WORDS.get(group.kind, ""),
                group.school_class.name if group.school_class else "",
                group.subject.name if group.subject else "",
                group.grade,
                ", ".join(m.student.record_number for m in members),
                min((m.starts_on for m in members), default=None),
            ]
        )
    return rows
