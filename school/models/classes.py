"""Classes, study groups, dated group membership, enrollment and movement."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .accounts import User
from .calendar import GRADE_VALIDATORS
from .people import Student
from .querysets import SchoolScopedQuerySet
from .reference import Subject
from .tenancy import AcademicYear, School

ENDS_BEFORE_START = _("The end date must not be earlier than the start date.")


class DatedMembershipQuerySet(SchoolScopedQuerySet):
    def on(self, day: datetime.date):
        """Memberships in force on the day."""
        return self.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        )

    def within_dates(self, start: datetime.date, end: datetime.date):
        """Memberships in force on at least one day of [start, end]."""
        return self.filter(starts_on__lte=end).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=start)
        )


class SchoolClass(models.Model):
    """A class of one year (5А); its pupils form its whole-class study group."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        related_name="classes",
        verbose_name=_("academic year"),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), validators=GRADE_VALIDATORS)
    letter = models.CharField(_("letter"), max_length=4)
    class_teacher = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class teacher"),
    )
    # "Режим работы": five- or six-day week, first or second shift.
    days_per_week = models.PositiveSmallIntegerField(
        _("school days a week"), default=5, choices=[(5, "5"), (6, "6")]
    )
    shift = models.PositiveSmallIntegerField(
        _("shift"), default=1, choices=[(1, _("first")), (2, _("second"))]
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "grade", "letter"], name="class_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


class GroupKind(models.TextChoices):
    CLASS = "class", _("whole class")
    SUBGROUP = "subgroup", _("subgroup of a split subject")
    PROFILE = "profile", _("profile group")
    ELECTIVE = "elective", _("elective")
    CLUB = "club", _("club")
    STREAM = "stream", _("stream across classes")
    INDIVIDUAL = "individual", _("individual study plan")


class StudyGroup(models.Model):
    """Who is taught one subject together; a whole class is a group too."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind)
    name = models.CharField(_("name"), max_length=100)
    # The class a whole-class group or a subgroup belongs to; empty for streams.
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("class"),
    )
    # The subject a subgroup splits; empty for a whole class.
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        validators=GRADE_VALIDATORS,
        help_text=_("Decides the period scheme."),
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "name"], name="group_unique_name"
            ),
            models.UniqueConstraint(
                fields=["school_class"],
                condition=models.Q(kind="class"),
                name="group_one_whole_class",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A pupil in a group from one date to another; the journal reads these dates."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="group_memberships"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = DatedMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["group", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.student} — {self.group}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ENDS_BEFORE_START})


class MovementKind(models.TextChoices):
    ADMITTED = "admitted", _("admission")
    TRANSFERRED = "transferred", _("transfer between classes")
    PROMOTED = "promoted", _("promotion to the next grade")
    LEFT = "left", _("leaving the school")
    GRADUATED = "graduated", _("graduation")


class Enrollment(models.Model):
    """A pupil's stay in one class, opened and closed by orders (B8)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="enrollments"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("class"),
    )
    starts_on = models.DateField(_("from"))
    start_kind = models.CharField(
        _("how it began"), max_length=16, choices=MovementKind
    )
    start_order = models.CharField(_("order number"), max_length=50)
    start_order_date = models.DateField(_("order date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    end_kind = models.CharField(
        _("how it ended"), max_length=16, choices=MovementKind, blank=True
    )
    end_order = models.CharField(_("order number"), max_length=50, blank=True)
    end_order_date = models.DateField(_("order date"), null=True, blank=True)

    objects = DatedMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(ends_on__isnull=True),
                name="enrollment_one_open_per_student",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.school_class}"


class IndividualPlan(models.Model):
    """A pupil on an individual study plan (ИУП) for a year."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="individual_plans"
    )
    basis = models.CharField(_("basis (order, decision)"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual study plan")
        verbose_name_plural = _("individual study plans")
        constraints = [
            models.UniqueConstraint(fields=["year", "student"], name="iup_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.year}"
