"""Diary views recorded for "who has looked" (D3)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.models import Role, School, Student, User
from school.models.querysets import SchoolScopedQuerySet

__all__ = ["DiaryView"]


class DiaryView(models.Model):
    """A parent (or the pupil) opened the pupil's diary on a school day (D3).

    One row per reader, pupil and day on the school's clock; later openings that
    day only move `last_at` and the count, so the table grows with days, not clicks.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    viewer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("reader")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    viewed_on = models.DateField(_("day"))
    first_at = models.DateTimeField(_("first opened at"), default=timezone.now)
    last_at = models.DateTimeField(_("last opened at"), default=timezone.now)
    count = models.PositiveIntegerField(_("times opened"), default=1)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("diary view")
        verbose_name_plural = _("diary views")
        ordering = ["-viewed_on", "-last_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["viewer", "student", "viewed_on"],
                name="diary_view_one_per_day",
            )
        ]
        indexes = [models.Index(fields=["school", "viewed_on"])]

    def __str__(self) -> str:
        return f"{self.viewer} — {self.student} — {self.viewed_on:%d.%m.%Y}"
