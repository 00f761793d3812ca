"""Uploaded import files: previewed in full, applied once in one transaction."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .querysets import SchoolScopedQuerySet
from .tenancy import School


class ImportKind(models.TextChoices):
    STUDENTS = "students", _("pupils")
    GUARDIANS = "guardians", _("parents")
    STAFF = "staff", _("staff")
    SUBJECTS = "subjects", _("subjects")
    GROUPS = "groups", _("study groups")
    TIMETABLE = "timetable", _("timetable")
    TOPIC_PLAN = "topic_plan", _("topic plan")


class ImportStatus(models.TextChoices):
    INVALID = "invalid", _("has errors, nothing written")
    READY = "ready", _("checked, ready to apply")
    APPLIED = "applied", _("applied")


class ImportJob(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what is imported"), max_length=16, choices=ImportKind)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("file content"))
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus)
    # Every bad row with its reason: [{"row": 5, "column": "…", "message": "…"}].
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # What applying does: {"create": n, "update": n, "unchanged": n}.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # Options such as the topic plan's group and subject.
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"
