"""People's accounts, their roles in schools, and the events log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import SchoolScopedQuerySet
from .tenancy import Municipality, School


class User(AbstractUser):
    """A person who logs in; what they may do comes from their memberships."""

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    # Empty: the service's language (Russian); the browser's own is never used.
    language = models.CharField(
        _("interface language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
    )

    objects = UserManager()
    history = HistoricalRecords(
        excluded_fields=["password", "last_login"], user_related_name="+"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "patronymic"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # A login only stamps last_login (excluded from history): no history row.
        if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {
            "last_login"
        }:
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def get_full_name(self) -> str:
        """Фамилия Имя Отчество, the order Russian documents use."""
        parts = (self.last_name, self.first_name, self.patronymic)
        return " ".join(p for p in parts if p).strip()

    def get_short_name(self) -> str:
        """Фамилия И. О."""
        initials = "".join(f"{p[0]}. " for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip() or self.username


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", _("system administrator")
    DIRECTOR = "director", _("director")
    DEPUTY = "deputy", _("deputy director")
    TEACHER = "teacher", _("teacher")
    CLASS_TEACHER = "class_teacher", _("class teacher")
    TUTOR = "tutor", _("tutor")
    HR = "hr", _("HR clerk")
    PARENT = "parent", _("parent")
    STUDENT = "student", _("student")
    INSPECTOR = "inspector", _("education department inspector")


STAFF_ROLES = frozenset(
    {
        Role.SYSADMIN,
        Role.DIRECTOR,
        Role.DEPUTY,
        Role.TEACHER,
        Role.CLASS_TEACHER,
        Role.TUTOR,
        Role.HR,
    }
)
ADMINISTRATION_ROLES = frozenset({Role.DIRECTOR, Role.DEPUTY})


class MembershipQuerySet(SchoolScopedQuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)

    def with_role(self, *roles: str) -> MembershipQuerySet:
        return self.filter(role__in=roles)


class Membership(models.Model):
    """A user's role in one school (or, for an inspector, in one municipality)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("school"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("education department"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("granted at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["school__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=models.Q(school__isnull=False),
                name="membership_unique_school_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=models.Q(school__isnull=True),
                name="membership_unique_municipal_role",
            ),
            # Only an inspector works above the schools; everyone else in one.
            models.CheckConstraint(
                condition=(
                    models.Q(role="inspector", school__isnull=True)
                    | (~models.Q(role="inspector") & models.Q(school__isnull=False))
                ),
                name="membership_school_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self) -> str:
        place = self.school or self.municipality
        return f"{self.user} — {self.get_role_display()} ({place})"


class EventQuerySet(SchoolScopedQuerySet):
    def with_code_prefix(self, prefix: str) -> EventQuerySet:
        return self.filter(code__startswith=prefix)


class Event(models.Model):
    """A fact that is not a row change: a login, a role switch, a period closed.

    Append-only: written by the functions in each app's events.py, never edited.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept as typed even when no such user exists (a failed login).
    actor_username = models.CharField(_("login"), max_length=150, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    code = models.CharField(_("event"), max_length=64, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.code}"
