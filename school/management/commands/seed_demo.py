"""manage.py seed_demo --size small|city [--seed N] [--if-empty]"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from school.demo import blueprint, writer
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

    def handle(self, *args, size, seed, if_empty, **options):
        if getattr(settings, "EJOURNAL_ENV", "") == "production":
            raise CommandError(REFUSED)
        if if_empty and School.objects.exists():
            self.stdout.write("База уже заполнена — демонстрационные данные не нужны.")
        else:
            started = time.monotonic()
            plan = blueprint.build(size, seed)
            counts, _admin = writer.write(
                plan,
                password=settings.DEMO_PASSWORD,
                today=timezone.localdate(),
                seed=seed,
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
