"""The school year's calendar: period schemes by grade band, periods, holidays."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import SchoolScopedQuerySet
from .tenancy import AcademicYear, School

GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(11)]

ENDS_BEFORE_START = _("The end date must not be earlier than the start date.")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    TRIMESTER = "trimester", _("trimester")
    HALF = "half", _("half-year")
    MODULE = "module", _("module")


class DatedQuerySet(SchoolScopedQuerySet):
    def within_dates(self, start: datetime.date, end: datetime.date):
        """Rows whose [starts_on, ends_on] overlaps [start, end]."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)

    def on(self, day: datetime.date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class PeriodScheme(models.Model):
    """Which kind of periods a band of grades uses in a year (1–4 trimesters, …)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        related_name="period_schemes",
        verbose_name=_("academic year"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of periods"), max_length=16, choices=PeriodKind)
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), validators=GRADE_VALIDATORS
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), validators=GRADE_VALIDATORS
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period scheme")
        verbose_name_plural = _("period schemes")
        ordering = ["year", "grade_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade_to__gte=models.F("grade_from")),
                name="period_scheme_grades_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StudyPeriod(models.Model):
    """One quarter, trimester, half or module; marks are totalled per period."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(
        PeriodScheme,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("period scheme"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study period")
        verbose_name_plural = _("study periods")
        ordering = ["scheme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="study_period_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="study_period_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ENDS_BEFORE_START})


class HolidayKind(models.TextChoices):
    AUTUMN = "autumn", _("autumn holidays")
    WINTER = "winter", _("winter holidays")
    SPRING = "spring", _("spring holidays")
    SUMMER = "summer", _("summer holidays")
    EXTRA = "extra", _("additional holidays")
    DAY_OFF = "day_off", _("day off")


class Holiday(models.Model):
    """Holidays and extra days off; optionally for some grades only (1st grade)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        related_name="holidays",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=1, validators=GRADE_VALIDATORS
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=11, validators=GRADE_VALIDATORS
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="holiday_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ENDS_BEFORE_START})
