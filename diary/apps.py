"""The parent's and pupil's diary, messages, digests, consents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = _("Diary")

    def ready(self) -> None:
        from school.demo import extensions

        # seed_demo fills the families' side of the demo term after the journal.
        extensions.register("diary", order=20, path="diary.demo.family.fill")
