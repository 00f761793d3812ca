"""Staff: keyed by full name and position among those employed now; new ones hired."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Position
from ..selectors import imports as selectors
from ..services import imports as writes
from ..services.people import staff_hire
from .common import Column, Context, Plan, Row, full_name, name_key

DUPLICATE_STAFF = _("This person in this position is already in row %(other)s.")
NEEDED_FOR_HIRE = _("The value is required for a new staff member.")

COLUMNS = [
    Column("last_name", "Фамилия", required=True),
    Column("first_name", "Имя", required=True),
    Column("patronymic", "Отчество"),
    Column("position", "Должность", required=True),
    Column("hired_on", "Дата приёма", ("Дата приема", "Дата приёма на работу")),
    Column("order", "Номер приказа", ("Приказ", "№ приказа")),
    Column("phone", "Телефон", ("Тел.",)),
    Column("email", "Эл. почта", ("Электронная почта", "E-mail", "Email", "Почта")),
]
# The first word of each value is the one written to exports.
POSITIONS = {
    "учитель": Position.TEACHER,
    "педагог": Position.TEACHER,
    "директор": Position.DIRECTOR,
    "заместитель директора": Position.DEPUTY,
    "заместитель директора по увр": Position.DEPUTY,
    "заместитель директора по учебно-воспитательной работе": Position.DEPUTY,
    "завуч": Position.DEPUTY,
    "системный администратор": Position.SYSADMIN,
    "специалист по кадрам": Position.HR,
    "инспектор по кадрам": Position.HR,
    "воспитатель": Position.TUTOR,
    "тьютор": Position.TUTOR,
    "педагог-психолог": Position.PSYCHOLOGIST,
    "психолог": Position.PSYCHOLOGIST,
    "библиотекарь": Position.LIBRARIAN,
    "педагог-библиотекарь": Position.LIBRARIAN,
    "иная должность": Position.OTHER,
    "другое": Position.OTHER,
}
POSITION_WORDS = {value: word for word, value in reversed(POSITIONS.items())}


def check(ctx: Context, rows: list[Row]) -> list[Plan]:
    current = {
        (name_key(s.user.get_full_name()), s.position): s
        for s in selectors.current_staff(ctx.school)
    }
    seen: dict[tuple, int] = {}
    plans = []
    for row in rows:
        before = len(ctx.errors)
        names = [
            ctx.text(row, "last_name", required=True),
            ctx.text(row, "first_name", required=True),
            ctx.text(row, "patronymic"),
        ]
        position = ctx.choice(row, "position", POSITIONS, required=True)
        values = {
            "hired_on": ctx.date(row, "hired_on"),
            "hire_order": ctx.text(row, "order"),
            "phone": ctx.text(row, "phone"),
            "email": ctx.email(row, "email"),
        }
        key = (name_key(*names), position)
        if key in seen:
            ctx.error(row, "position", DUPLICATE_STAFF, other=seen[key])
        else:
            seen[key] = row.number
        if len(ctx.errors) > before:
            continue
        label = f"{full_name(*names)} — {POSITION_WORDS[position]}"
        staff = current.get(key)
        if staff is None:
            if not values["hired_on"]:
                ctx.error(row, "hired_on", NEEDED_FOR_HIRE)
            data = dict(
                zip(("last_name", "first_name", "patronymic"), names, strict=True)
            )
            data.update(values, position=position)
            plans.append(Plan(row.number, "create", label, data))
            continue
        changes = {
            field: value
            for field, value in values.items()
            if value and _current_value(staff, field) != value
        }
        plan = Plan(row.number, "update" if changes else "unchanged", label)
        plan.data = {"staff": staff, **changes}
        plan.changed = [ctx.columns[_column(f)].header for f in changes]
        plans.append(plan)
    return plans


def _current_value(staff, field: str):
    return staff.user.email if field == "email" else getattr(staff, field)


def _column(field: str) -> str:
    return "order" if field == "hire_order" else field


def _employed_person(ctx: Context, data: dict):
    """The same person already employed here in another position keeps one account."""
    key = name_key(data["last_name"], data["first_name"], data["patronymic"])
    namesakes = selectors.current_staff(ctx.school).filter(
        user__last_name__iexact=data["last_name"]
    )
    return next(
        (s.user for s in namesakes if name_key(s.user.get_full_name()) == key), None
    )


def apply(ctx: Context, plan: Plan) -> None:
    data = dict(plan.data)
    if plan.action == "create":
        user = _employed_person(ctx, data)
        staff_hire(actor=ctx.actor, school=ctx.school, user=user, **data)
    elif plan.action == "update":
        writes.staff_details_update(actor=ctx.actor, **data)


def export_rows(school, year) -> list[list]:
    return [
        [
            staff.user.last_name,
            staff.user.first_name,
            staff.user.patronymic,
            POSITION_WORDS.get(staff.position, ""),
            staff.hired_on,
            staff.hire_order,
            staff.phone,
            staff.user.email,
        ]
        for staff in selectors.staff_for_export(school)
    ]
