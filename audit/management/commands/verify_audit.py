"""manage.py verify_audit: walk the chains, name the first broken link of each."""

from django.core.management.base import BaseCommand, CommandError

from audit import services


class Command(BaseCommand):
    help = "Проверить цепочки журнала событий и истории изменений."

    def handle(self, *args, **options):
        problems = services.audit_verify()
        broken = {chain: found for chain, found in problems.items() if found}
        for chain in sorted(problems):
            found = problems[chain]
            if found:
                self.stdout.write(f"цепочка {chain}: нарушена — {found[0]}")
                if len(found) > 1:
                    self.stdout.write(f"  и ещё нарушений: {len(found) - 1}")
            else:
                self.stdout.write(f"цепочка {chain}: в порядке")
        if broken:
            raise CommandError(f"нарушено цепочек: {len(broken)}")
        self.stdout.write(self.style.SUCCESS("Все цепочки в порядке."))
