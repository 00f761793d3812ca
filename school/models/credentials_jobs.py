"""A class's credentials issued in the background, with progress the page polls."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .classes import SchoolClass
from .querysets import SchoolScopedQuerySet
from .tenancy import School


class CredentialsJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("preparing passwords")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class CredentialsJob(models.Model):
    """One press of «Issue» for a class. The slips' PDF holds one-time passwords,
    so it is kept only until its requester downloads it, and never logged."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=16)
    reissue = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16,
        choices=CredentialsJobStatus,
        default=CredentialsJobStatus.QUEUED,
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("credentials issue")
        verbose_name_plural = _("credentials issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_class} — {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == CredentialsJobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
