"""manage.py verify_backup PATH [--restore-test]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...services import restore


class Command(BaseCommand):
    help = (
        "Check every checksum and the manifest's signature of a copy; with "
        "--restore-test also restore it into a scratch database and compare."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--restore-test", action="store_true")

    def handle(self, *args, path, restore_test, **options):
        problems = restore.backup_verify(path, restore_test=restore_test)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(_("The copy %(name)s does not verify.") % {"name": path})
        if restore_test:
            message = _("The copy %(name)s verifies, and its restore test passed.")
        else:
            message = _("The copy %(name)s verifies.")
        self.stdout.write(message % {"name": path})
