"""Writes a blueprint: services for the few, bulk inserts with history for the many.

Re-running writes only what is missing, so the command is idempotent and resumable.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import events, services
from ..models import AcademicYear, Membership, Municipality, Role, School, User
from . import extensions
from .blueprint import CityPlan, PersonPlan, SchoolPlan
from .structure_writer import StructureWriter

BATCH = 2000
DEMO_EDIT_WINDOW_DAYS = 3
NAMED_IN_STRUCTURE = (
    "teacher",
    "classteacher",
    "student",
    "parent",
    "director",
    "zavuch",
    "sysadmin",
)

# (username, role in the first school or None for the platform admin, extra roles)
DEMO_USERS = [
    ("admin", None, (), ("Администраторов", "Алексей", "Петрович")),
    ("sysadmin", Role.SYSADMIN, (), ("Техников", "Сергей", "Иванович")),
    ("director", Role.DIRECTOR, (), ("Директорова", "Наталья", "Викторовна")),
    ("zavuch", Role.DEPUTY, (), ("Завучева", "Ольга", "Николаевна")),
    ("teacher", Role.TEACHER, (), ("Учителева", "Марина", "Сергеевна")),
    (
        "classteacher",
        Role.CLASS_TEACHER,
        (Role.TEACHER,),
        ("Классова", "Елена", "Андреевна"),
    ),
    ("parent", Role.PARENT, (), ("Родителев", "Андрей", "Михайлович")),
    ("student", Role.STUDENT, (), ("Родителев", "Миша", "Андреевич")),
    ("inspector", Role.INSPECTOR, (), ("Инспекторова", "Ирина", "Владимировна")),
]


@dataclass
class Counts:
    schools: int = 0
    users: int = 0
    memberships: int = 0
    by_school: dict[str, int] = field(default_factory=dict)
    structure: dict[str, int] = field(default_factory=dict)
    term: dict[str, int] = field(default_factory=dict)


def platform_admin_ensure(*, password: str) -> User:
    """The platform superuser `admin`; the actor of everything seeded."""
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User(username="admin", is_staff=True, is_superuser=True)
        admin.last_name, admin.first_name, admin.patronymic = DEMO_USERS[0][3]
        admin.set_password(password)
        admin._history_user = None
        admin.save()
    return admin


def write(
    plan: CityPlan,
    *,
    password: str,
    today: datetime.date,
    seed: int = 1,
    structure: bool = True,
    term: bool = True,
) -> tuple[Counts, User]:
    """The structure of each school (one transaction each), then its term so far.

    `structure=False` only fills the term of the plan's schools that exist;
    `term=False` writes the structure alone.
    """
    counts = Counts()
    admin = platform_admin_ensure(password=password)
    if structure:
        _structure(plan, admin, counts, password=password, today=today, seed=seed)
    if term:
        for school_plan in plan.schools:
            school = School.objects.filter(code=school_plan.code).first()
            if school is not None:
                _term(school, admin, counts, today=today, seed=seed)
    first = School.objects.filter(code=plan.schools[0].code).first()
    # A run that added nothing records nothing: a second run writes no row.
    if first is not None and (
        counts.schools or counts.users or any(counts.term.values())
    ):
        events.demo_seeded(
            actor=admin,
            school=first,
            schools=counts.schools,
            users=counts.users,
            memberships=counts.memberships,
            term=sum(counts.term.values()),
        )
    return counts, admin


def _structure(plan, admin, counts: Counts, *, password, today, seed) -> None:
    municipality = Municipality.objects.filter(code=plan.municipality_code).first()
    if municipality is None:
        municipality = services.municipality_create(
            actor=admin,
            name=plan.municipality_name,
            code=plan.municipality_code,
            time_zone=plan.time_zone,
        )
    # A single unusable hash, computed once: generated people log in only after
    # their credentials are issued.
    unusable = make_password(None)
    for number, school_plan in enumerate(plan.schools):
        with transaction.atomic():
            school, created = _school(admin, municipality, school_plan, today)
            counts.schools += created
            added = _people(admin, school, school_plan, unusable)
            counts.users += added[0]
            counts.memberships += added[1]
            counts.by_school[school.code] = len(school_plan.pupils)
            named = {}
            if number == 0:
                counts.users += _demo_users(admin, school, municipality, password)
                named = _named_users()
            stats = StructureWriter(
                admin=admin,
                school=school,
                plan=school_plan,
                year=AcademicYear.objects.for_school(school).get(is_current=True),
                named=named,
                seed=seed,
            ).write()
            for key, value in stats.items():
                counts.structure[key] = counts.structure.get(key, 0) + value


def _named_users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=NAMED_IN_STRUCTURE)}


def _term(school: School, admin: User, counts: Counts, *, today, seed) -> None:
    """Run the fillers the journal and the diary registered (see extensions)."""
    year = AcademicYear.objects.for_school(school).filter(is_current=True).first()
    if year is None:
        return
    named = _named_users()
    # The named logins belong to the first school only.
    if (
        not Membership.objects.for_school(school)
        .filter(user__username="teacher")
        .exists()
    ):
        named = {}
    context = extensions.TermContext(
        school=school, year=year, admin=admin, seed=seed, today=today, named=named
    )
    for _name, fill in extensions.fillers():
        for key, value in fill(context).items():
            counts.term[key] = counts.term.get(key, 0) + value


def _school(admin, municipality, plan: SchoolPlan, today) -> tuple[School, bool]:
    school = School.objects.filter(code=plan.code).first()
    created = school is None
    if created:
        school = services.school_create(
            actor=admin,
            municipality=municipality,
            code=plan.code,
            name=plan.name,
            short_name=plan.short_name,
            address=f"г. Демо, ул. Школьная, д. {plan.number}",
        )
        # Entries may be made up to three days after the lesson, so the demo has
        # entries made after their deadline, recorded as late (C6).
        school.edit_window_days = DEMO_EDIT_WINDOW_DAYS
        school._history_user = admin
        school.save(update_fields=["edit_window_days"])
    if not AcademicYear.objects.for_school(school).exists():
        starts_on, ends_on = AcademicYear.default_bounds(today)
        services.academic_year_create(
            actor=admin,
            school=school,
            starts_on=starts_on,
            ends_on=ends_on,
            is_current=True,
        )
    return school, created


def _people(admin, school, plan: SchoolPlan, password_hash: str) -> tuple[int, int]:
    wanted: list[tuple[PersonPlan, str]] = [(p, Role.STUDENT) for p in plan.pupils]
    wanted += [(p, Role.PARENT) for p in plan.parents]
    wanted += [(p, Role.TEACHER) for p in plan.teachers]
    users_added = _bulk_users(admin, (p for p, _ in wanted), password_hash)
    ids = dict(
        User.objects.filter(username__startswith=f"{school.code}-").values_list(
            "username", "pk"
        )
    )
    have = set(Membership.objects.for_school(school).values_list("user_id", "role"))
    now = timezone.now()
    missing = [
        Membership(
            user_id=ids[p.username],
            school=school,
            municipality_id=school.municipality_id,
            role=role,
            created_at=now,
        )
        for p, role in wanted
        if (ids[p.username], role) not in have
    ]
    bulk_create_with_history(missing, Membership, batch_size=BATCH, default_user=admin)
    return users_added, len(missing)


def _bulk_users(admin, people: Iterable[PersonPlan], password_hash: str) -> int:
    people = list(people)
    existing = set(
        User.objects.filter(username__in=[p.username for p in people]).values_list(
            "username", flat=True
        )
    )
    now = timezone.now()
    missing = [
        User(
            username=p.username,
            last_name=p.last_name,
            first_name=p.first_name,
            patronymic=p.patronymic,
            password=password_hash,
            date_joined=now,
            must_change_password=True,
        )
        for p in people
        if p.username not in existing
    ]
    bulk_create_with_history(missing, User, batch_size=BATCH, default_user=admin)
    return len(missing)


def _demo_users(admin, school: School, municipality, password: str) -> int:
    """The named logins of the README, all with the demo password."""
    added = 0
    for username, role, extra_roles, (last, first, middle) in DEMO_USERS[1:]:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                actor=admin,
                username=username,
                last_name=last,
                first_name=first,
                patronymic=middle,
                password=password,
                must_change_password=False,
            )
            added += 1
        for each in (role, *extra_roles):
            if each == Role.INSPECTOR:
                services.membership_grant(
                    actor=admin, user=user, role=each, municipality=municipality
                )
            else:
                services.membership_grant(
                    actor=admin, user=user, role=each, school=school
                )
    return added
