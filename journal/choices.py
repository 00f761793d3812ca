"""Values the journal stores, shared by its models and its arithmetic (grading.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceValue(models.TextChoices):
    ABSENT = "н", _("absent (н)")
    SICK = "б", _("sick (б)")
    EXCUSED = "у", _("excused (у)")
    LATE = "оп", _("late (оп)")


# Absences for a valid reason exempt a pupil from the marks-count rule (C10).
VALID_ABSENCES = (AttendanceValue.SICK, AttendanceValue.EXCUSED)
