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

# Russia spans eleven zones; a school picks its own by the offset and the cities it
# knows (a Khabarovsk school must find «Хабаровск», not guess «Владивосток»).
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("UTC+2 — Kaliningrad")),
    (
        "Europe/Moscow",
        _(
            "UTC+3 — Moscow, Saint Petersburg, Kazan, Nizhny Novgorod, "
            "Rostov-on-Don, Krasnodar, Voronezh"
        ),
    ),
    ("Europe/Volgograd", _("UTC+3 — Volgograd")),
    ("Europe/Kirov", _("UTC+3 — Kirov")),
    ("Europe/Samara", _("UTC+4 — Samara, Izhevsk")),
    ("Europe/Saratov", _("UTC+4 — Saratov")),
    ("Europe/Ulyanovsk", _("UTC+4 — Ulyanovsk")),
    ("Europe/Astrakhan", _("UTC+4 — Astrakhan")),
    (
        "Asia/Yekaterinburg",
        _("UTC+5 — Yekaterinburg, Chelyabinsk, Ufa, Perm, Tyumen, Orenburg"),
    ),
    ("Asia/Omsk", _("UTC+6 — Omsk")),
    ("Asia/Novosibirsk", _("UTC+7 — Novosibirsk")),
    ("Asia/Krasnoyarsk", _("UTC+7 — Krasnoyarsk, Kyzyl, Abakan")),
    ("Asia/Novokuznetsk", _("UTC+7 — Kemerovo, Novokuznetsk")),
    ("Asia/Barnaul", _("UTC+7 — Barnaul, Gorno-Altaysk")),
    ("Asia/Tomsk", _("UTC+7 — Tomsk")),
    ("Asia/Irkutsk", _("UTC+8 — Irkutsk, Ulan-Ude, Bratsk")),
    ("Asia/Chita", _("UTC+9 — Chita")),
    ("Asia/Yakutsk", _("UTC+9 — Yakutsk, Blagoveshchensk")),
    (
        "Asia/Vladivostok",
        _("UTC+10 — Vladivostok, Khabarovsk, Komsomolsk-on-Amur, Birobidzhan"),
    ),
    ("Asia/Sakhalin", _("UTC+11 — Yuzhno-Sakhalinsk")),
    ("Asia/Magadan", _("UTC+11 — Magadan")),
    ("Asia/Kamchatka", _("UTC+12 — Petropavlovsk-Kamchatsky")),
    ("Asia/Anadyr", _("UTC+12 — Anadyr")),
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


FOREIGN_WORK_KIND = _("Pick one of the school's own kinds of work in use.")


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
    # The kind a new mark gets in the grid unless the teacher picks another.
    default_work_kind = models.ForeignKey(
        "school.WorkKind",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default kind of work"),
        help_text=_("New marks get this kind unless the teacher picks another."),
    )
    # 002 §5: the web diary opens to a parent after the application and consent.
    diary_requires_consent = models.BooleanField(
        _("Diary access only by application and consent"),
        default=True,
        help_text=_(
            "A parent sees a child's diary only after the class teacher has "
            "registered the parent's application and consent."
        ),
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

    def clean(self) -> None:
        kind = self.default_work_kind
        if kind is not None and (kind.school_id != self.pk or not kind.is_active):
            raise ValidationError({"default_work_kind": FOREIGN_WORK_KIND})

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
