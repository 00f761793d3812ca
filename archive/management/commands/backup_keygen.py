"""manage.py backup_keygen: print a new BACKUP_ENCRYPTION_KEY."""

from django.core.management.base import BaseCommand

from ...crypto import keygen


class Command(BaseCommand):
    help = (
        "Print a new key for BACKUP_ENCRYPTION_KEY. Keep it outside the server too: "
        "without it no copy can be restored."
    )

    def handle(self, *args, **options):
        self.stdout.write(keygen())
