"""manage.py backup_list: copies with age, size, kind and last verification."""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ...copies import Kind
from ...selectors import backup_health, backup_list


class Command(BaseCommand):
    help = "List the copies in BACKUP_DIR."

    def handle(self, *args, **options):
        now = timezone.now()
        for copy in backup_list():
            age = (now - copy.made_at).total_seconds() / 3600 if copy.made_at else 0
            check = copy.last_verification
            if check is None:
                verified = _("not verified")
            else:
                verified = " ".join(
                    [
                        _("OK") if check["ok"] else _("FAILED"),
                        check["at"][:16].replace("T", " "),
                        _("(restore test)") if check.get("restore_test") else "",
                    ]
                )
            mirror = {True: _("mirrored"), False: _("mirror failed"), None: ""}[
                copy.mirror_ok
            ]
            self.stdout.write(
                f"{copy.name:32} {age:7.1f} h  {filesizeformat(copy.size):>10}  "
                f"{Kind.LABELS.get(copy.kind, copy.kind)!s:14} {verified}  {mirror}"
            )
        health = backup_health(now)
        self.stdout.write(
            _("State: OK")
            if health.ok
            else _("State: ATTENTION — %(why)s") % {"why": ", ".join(health.reasons)}
        )
