"""manage.py backup: one copy of the database and the uploaded files."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from school.errors import ApplicationError

from ...copies import Kind
from ...services import backups


class Command(BaseCommand):
    help = "Make a backup copy in BACKUP_DIR and mirror it to BACKUP_MIRROR_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=Kind.ALL, default=Kind.MANUAL)

    def handle(self, *args, kind, **options):
        try:
            copy = backups.backup_create(kind=kind)
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Copy %(name)s made: %(size)s, %(tables)s tables.")
            % {
                "name": copy.path,
                "size": filesizeformat(copy.size),
                "tables": len(copy.manifest["tables"]),
            }
        )
        if not copy.verified:
            raise CommandError(
                _("The new copy does not verify: %(problems)s")
                % {"problems": "; ".join(copy.last_verification["problems"])}
            )
        if copy.mirror_ok is False:
            raise CommandError(
                _("The copy is kept, but the mirror failed: %(error)s")
                % {"error": copy.status["mirror"]["error"]}
            )
