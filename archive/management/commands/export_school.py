"""manage.py export_school CODE --from DATE --to DATE: all of a school's data (G2)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from school.models import School

from ...models import ExportJob
from ...services import exports


class Command(BaseCommand):
    help = (
        "Export every record of one school for a date range as JSON (one file per "
        "table) and XLSX in one ZIP under EXPORT_DIR; prints the file's path."
    )

    def add_arguments(self, parser):
        parser.add_argument("school", help="the school's code")
        parser.add_argument(
            "--from", dest="date_from", type=datetime.date.fromisoformat
        )
        parser.add_argument("--to", dest="date_to", type=datetime.date.fromisoformat)

    def handle(self, *args, school, date_from, date_to, **options):
        found = School.objects.filter(code=school).first()
        if found is None:
            raise CommandError(
                _("No school with the code %(code)s.") % {"code": school}
            )
        year = found.local_today().year
        date_from = date_from or datetime.date(year - 1, 9, 1)
        date_to = date_to or found.local_today()
        if date_to < date_from:
            raise CommandError(str(exports.RANGE_BACKWARDS))
        # The console is trusted like the platform's superuser: no actor to check.
        job = ExportJob.objects.create(
            school=found, date_from=date_from, date_to=date_to
        )
        job = exports.export_run(job_id=job.pk)
        self.stdout.write(
            _("Exported %(rows)s rows of %(tables)s tables: %(path)s")
            % {
                "rows": job.rows,
                "tables": job.tables_total,
                "path": Path(settings.EXPORT_DIR) / job.file_name,
            }
        )
