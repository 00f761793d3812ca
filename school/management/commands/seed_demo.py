"""manage.py seed_demo --size tiny|small|city [--seed N] [--if-empty] [--no-term]
[--term-only]

The structure (school, people, classes, timetable, plans) is written here; the year
up to yesterday (lessons, marks, attendance, the families' side) by the fillers the
journal and diary apps register in `school.demo.extensions`. While the term is
being written a marker file tells the pages to show «Демонстрационные данные
готовятся…» (see `school.context_processors.demo_preparing`).
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from school.demo import blueprint, preparing, writer
from school.models import School

REFUSED = (
    "seed_demo отказывается работать с настройками production: демонстрационные "
    "данные не должны попасть в рабочую базу."
)


class Command(BaseCommand):
    help = "Fill the database with a deterministic demo school (or city)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(blueprint.SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any school exists (used by `make run`).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the demo is seeded for (tests); by default today.",
        )
        parser.add_argument(
            "--no-term",
            action="store_true",
            help="Write the structure only: no lessons, marks or families' data.",
        )
        parser.add_argument(
            "--term-only",
            action="store_true",
            help="Fill the year so far of the plan's schools that exist (make run).",
        )

    def handle(self, *args, size, seed, if_empty, no_term, term_only, today, **options):
        if getattr(settings, "EJOURNAL_ENV", "") == "production":
            raise CommandError(REFUSED)
        if if_empty and School.objects.exists():
            self.stdout.write("База уже заполнена — демонстрационные данные не нужны.")
        else:
            started = time.monotonic()
            plan = blueprint.build(size, seed)
            with preparing.marker(enabled=term_only):
                counts, _admin = writer.write(
                    plan,
                    password=settings.DEMO_PASSWORD,
                    today=today or timezone.localdate(),
                    seed=seed,
                    structure=not term_only,
                    term=not no_term,
                )
            self.stdout.write(
                f"Готово за {time.monotonic() - started:.1f} с: школ добавлено "
                f"{counts.schools}, пользователей {counts.users}, ролей "
                f"{counts.memberships}; учеников в плане "
                f"{sum(counts.by_school.values())}."
            )
            if counts.structure:
                details = ", ".join(
                    f"{k}={v}" for k, v in sorted(counts.structure.items())
                )
                self.stdout.write(f"Структура: {details}.")
            if counts.term:
                details = ", ".join(f"{k}={v}" for k, v in sorted(counts.term.items()))
                self.stdout.write(f"Учебный год до вчерашнего дня: {details}.")
        self.print_logins()

    def print_logins(self) -> None:
        password = settings.DEMO_PASSWORD
        self.stdout.write("")
        self.stdout.write(f"Демонстрационные входы (пароль для всех: {password}):")
        for username, role, extra, _name in writer.DEMO_USERS:
            label = "администратор платформы" if role is None else role.label
            if extra:
                label += " + " + ", ".join(str(r.label) for r in extra)
            self.stdout.write(f"  {username:<13} {label}")
