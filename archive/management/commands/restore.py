"""manage.py restore PATH --yes [--no-safety-copy] [--into-database NAME]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from school.errors import ApplicationError

from ...services import backups, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a copy. Stop the web "
        "server, the worker and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true")
        parser.add_argument("--no-safety-copy", action="store_true")
        parser.add_argument(
            "--into-database",
            default="",
            help="Restore into this other database on the same server (a drill); "
            "the uploaded files are then left alone.",
        )

    def handle(self, *args, path, yes, no_safety_copy, into_database, **options):
        if not yes:
            raise CommandError(
                _(
                    "A restore replaces the current data. Run it again with --yes "
                    "when you are sure."
                )
            )
        target = None
        if into_database:
            target = backups.default_target().with_name(into_database)
        try:
            report = restore.backup_restore(
                path, target=target, safety_copy=not no_safety_copy
            )
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        if report.safety_copy:
            self.stdout.write(
                _("Safety copy of the data before the restore: %(name)s")
                % {"name": report.safety_copy}
            )
        self.stdout.write(
            _("Database %(db)s restored from %(copy)s; %(files)s uploaded files.")
            % {"db": report.database, "copy": report.copy, "files": report.files}
        )
        if report.migrated:
            self.stdout.write(
                _("The copy was older than the code; migrations applied: %(list)s")
                % {"list": ", ".join(report.migrated)}
            )
        for note in report.notes:
            self.stderr.write(note)
        if report.notes:
            raise CommandError(_("The restore finished with warnings (above)."))
