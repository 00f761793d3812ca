"""The class journal: lessons, marks, attendance, period marks, corrections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = _("Class journal")

    def ready(self) -> None:
        from . import compromise

        compromise.register()

        from school.demo import extensions

        # seed_demo fills the lessons, marks and attendance of the demo term.
        extensions.register("journal", order=10, path="journal.demo.term.fill")
