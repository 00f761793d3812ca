"""Parents: keyed by the pupil's personal file number and the parent's full name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Guardian, Relation
from ..selectors import imports as selectors
from ..services import imports as writes
from ..services.people import guardian_link
from .common import Column, Context, Plan, Row, full_name, name_key

PUPIL_NOT_FOUND = _("There is no pupil with personal file number «%(value)s».")
DUPLICATE_PARENT = _("This parent of this pupil is already in row %(other)s.")

COLUMNS = [
    Column(
        "record",
        "Номер личного дела ученика",
        ("Номер личного дела", "№ личного дела", "Личное дело ученика"),
        required=True,
    ),
    Column("last_name", "Фамилия", required=True),
    Column("first_name", "Имя", required=True),
    Column("patronymic", "Отчество"),
    Column("relation", "Кем приходится", ("Степень родства", "Родство"), True),
    Column("phone", "Телефон", ("Тел.", "Мобильный телефон")),
    Column(
        "email",
        "Эл. почта",
        ("Электронная почта", "E-mail", "Email", "Почта", "Эл.почта"),
    ),
]
# The first word of each value is the one written to exports.
RELATIONS = {
    "мать": Relation.MOTHER,
    "мама": Relation.MOTHER,
    "отец": Relation.FATHER,
    "папа": Relation.FATHER,
    "усыновитель": Relation.ADOPTIVE,
    "удочеритель": Relation.ADOPTIVE,
    "опекун": Relation.GUARDIAN,
    "попечитель": Relation.GUARDIAN,
    "иной законный представитель": Relation.OTHER,
    "законный представитель": Relation.OTHER,
    "другое": Relation.OTHER,
}
RELATION_WORDS = {value: word for word, value in reversed(RELATIONS.items())}


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    pupils = selectors.students_by_record(ctx.school)
    links = {
        (link.student_id, name_key(link.guardian.user.get_full_name())): link
        for link in selectors.guardian_relations(ctx.school)
    }
    seen: dict[tuple, int] = {}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        record = ctx.text(row, "record", required=True)
        names = [
            ctx.text(row, "last_name", required=True),
            ctx.text(row, "first_name", required=True),
            ctx.text(row, "patronymic"),
        ]
        relation = ctx.choice(row, "relation", RELATIONS, required=True)
        phone = ctx.text(row, "phone")
        email = ctx.email(row, "email")
        student = pupils.get(record) if record else None
        if record and student is None:
            ctx.error(row, "record", PUPIL_NOT_FOUND, value=record)
        key = (record, name_key(*names))
        if key in seen:
            ctx.error(row, "last_name", DUPLICATE_PARENT, other=seen[key])
        else:
            seen[key] = row.number
        if len(ctx.errors) > before:
            continue
        label = f"{full_name(*names)} — {student.user.get_full_name()}"
        link = links.get((student.pk, name_key(*names)))
        if link is None:
            data = {
                "student": student,
                "relation": relation,
                "last_name": names[0],
                "first_name": names[1],
                "patronymic": names[2],
                "phone": phone,
                "email": email,
            }
            plans.append(Plan(row.number, "create", label, data))
            continue
        changes = {}
        if link.relation != relation:
            changes["relation"] = relation
        for field, value in (("phone", phone), ("email", email)):
            if value and getattr(link.guardian, field) != value:
                changes[field] = value
        plan = Plan(row.number, "update" if changes else "unchanged", label)
        plan.data = {"link": link, **changes}
        plan.changed = [ctx.columns[f].header for f in changes]
        plans.append(plan)
    return plans


def _known_parent(ctx: Context, data: dict):
    """A parent of another child here: same full name and the same phone or e-mail."""
    key = name_key(data["last_name"], data["first_name"], data["patronymic"])
    contacts = [(f, data[f]) for f in ("phone", "email") if data[f]]
    namesakes = Guardian.objects.for_school(ctx.school).filter(
        user__last_name__iexact=data["last_name"]
    )
    for guardian in namesakes.select_related("user"):
        if name_key(guardian.user.get_full_name()) != key:
            continue
        if any(getattr(guardian, f) == value for f, value in contacts):
            return guardian.user
    return None


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    if plan.action == "create":
        user = _known_parent(ctx, data)
        guardian_link(actor=ctx.actor, user=user, **data)
    elif plan.action == "update":
        link = data.pop("link")
        if "relation" in data:
            guardian_link(
                actor=ctx.actor,
                student=link.student,
                relation=data.pop("relation"),
                user=link.guardian.user,
            )
        if data:
            writes.guardian_contacts_update(
                actor=ctx.actor, guardian=link.guardian, **data
            )


def export_rows(school, year) -> list[list]:
    rows = []
    for link in selectors.guardians_for_export(school):
        user = link.guardian.user
        rows.append(
            [
                link.student.record_number,
                user.last_name,
                user.first_name,
                user.patronymic,
                RELATION_WORDS.get(link.relation, ""),
                link.guardian.phone,
                link.guardian.email,
            ]
        )
    return rows
