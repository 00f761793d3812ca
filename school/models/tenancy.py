"""Tenancy: the education department, its schools and their academic years."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import SchoolScopedQuerySet

# Russia spans eleven zones; a school picks its own.
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (UTC+2)")),
    ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Europe/Volgograd", _("Volgograd (UTC+3)")),
    ("Europe/Samara", _("Samara (UTC+4)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", _("Omsk (UTC+6)")),
    ("Asia/Novosibirsk", _("Novosibirsk (UTC+7)")),
    ("Asia/Tomsk", _("Tomsk (UTC+7)")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk (UTC+8)")),
    ("Asia/Yakutsk", _("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")),
    ("Asia/Magadan", _("Magadan (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka (UTC+12)")),
]


class GradingScaleKind(models.TextChoices):
    FIVE_POINT = "five_point", _("5-point")
    TEN_POINT = "ten_point", _("10-point")
    HUNDRED_POINT = "hundred_point", _("100-point")
    PASS_FAIL = "pass_fail", _("pass/fail")
    LEVELS = "levels", _("levels")
    MARKS_FREE = "marks_free", _("marks-free")


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=RUSSIAN_TIME_ZONES,
        default="Europe/Moscow",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("education department")
        verbose_name_plural = _("education departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("education department"),
    )
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255)
    address = models.CharField(_("address"), max_length=500, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=RUSSIAN_TIME_ZONES,
        default="Europe/Moscow",
    )
    edit_window_days = models.PositiveSmallIntegerField(
        _("edit window, days"),
        default=0,
        validators=[MaxValueValidator(14)],
        help_text=_(
            "Marks and attendance may be entered until the end of the lesson day "
            "plus this many days."
        ),
    )
    homework_deadline_hours = models.DecimalField(
        _("homework deadline, hours"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal("24")),
        ],
        help_text=_("Homework is due this many hours after the teacher's last lesson."),
    )
    default_grading_scale = models.CharField(
        _("default grading scale"),
        max_length=32,
        choices=GradingScaleKind.choices,
        default=GradingScaleKind.FIVE_POINT,
    )
    # 001 §4.4: a second factor for the accounts that can change everything.
    two_factor_required = models.BooleanField(
        _("two-factor login required"),
        default=False,
        help_text=_(
            "The director and the system administrator log in with a one-time "
            "code from an authenticator app after the password."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_now(self) -> datetime.datetime:
        """The current moment on the school's own clock."""
        from django.utils import timezone

        return timezone.now().astimezone(self.tzinfo)

    def local_today(self) -> datetime.date:
        return self.local_now().date()


class AcademicYear(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="academic_years",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=32)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current"), default=False)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["school", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "starts_on"], name="academic_year_unique_start"
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(is_current=True),
                name="academic_year_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="academic_year_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The year must end after it starts.")})

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @staticmethod
    def default_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """1 September – 31 August of the school year that contains the day."""
        first = day.year if day.month >= 9 else day.year - 1
        return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)
