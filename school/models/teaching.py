"""Curriculum, teaching load, bells, the timetable and its one-off changes,
topic plans (КТП) and the control-work schedule."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .accounts import User
from .calendar import GRADE_VALIDATORS
from .classes import DatedMembershipQuerySet, StudyGroup
from .querysets import SchoolScopedQuerySet
from .reference import Room, Subject, WorkKind
from .tenancy import AcademicYear, School

BELL_ENDS_BEFORE_START = _("A lesson must end after it starts.")


class CurriculumLine(models.Model):
    """Hours a week of one subject in one grade (учебный план)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    grade = models.PositiveSmallIntegerField(_("grade"), validators=GRADE_VALIDATORS)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal("20")),
        ],
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum")
        ordering = ["grade", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "grade", "subject"], name="curriculum_unique_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grade}: {self.subject} — {self.hours_per_week}"


class TeachingAssignment(models.Model):
    """Teacher × subject × group × hours; grants the journal of that group (C1)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="teaching_assignments"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="assignments"
    )
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal("40")),
        ],
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = DatedMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching load")
        ordering = ["group__grade", "group__name", "subject__name"]
        indexes = [models.Index(fields=["teacher", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.subject} — {self.group}"


class BellSchedule(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default"), default=False)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bell schedule")
        verbose_name_plural = _("bell schedules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Bell(models.Model):
    schedule = models.ForeignKey(
        BellSchedule, on_delete=models.CASCADE, related_name="bells"
    )
    number = models.PositiveSmallIntegerField(_("lesson number"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bell")
        verbose_name_plural = _("bells")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "number"], name="bell_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": BELL_ENDS_BEFORE_START})


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class TimetableEntry(models.Model):
    """A weekly lesson: weekday × lesson number × group, with subject, teacher, room."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    lesson_number = models.PositiveSmallIntegerField(
        _("lesson number"), validators=[MinValueValidator(0), MaxValueValidator(12)]
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="timetable_entries"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"), null=True, blank=True)

    objects = DatedMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timetable entry")
        verbose_name_plural = _("timetable")
        ordering = ["weekday", "lesson_number"]
        indexes = [
            models.Index(fields=["school", "weekday", "lesson_number"]),
            models.Index(fields=["group", "weekday"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.lesson_number}: {self.subject}"


class ChangeKind(models.TextChoices):
    SUBSTITUTION = "substitution", _("substitution")
    ROOM = "room", _("room change")
    TRANSFER = "transfer", _("transfer to another time")
    CANCELLATION = "cancellation", _("cancellation")


class TimetableChange(models.Model):
    """A one-off change of one lesson on one date."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(
        TimetableEntry, on_delete=models.PROTECT, related_name="changes"
    )
    date = models.DateField(_("date of the lesson"))
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind)
    new_teacher = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute teacher"),
    )
    new_room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new room"),
    )
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_lesson_number = models.PositiveSmallIntegerField(
        _("new lesson number"), null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timetable change")
        verbose_name_plural = _("timetable changes")
        ordering = ["date", "entry__lesson_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "date"], name="timetable_change_one_per_lesson"
            )
        ]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"


class LessonPlanItem(models.Model):
    """The planned topic of the n-th lesson of a subject in a group (КТП, B5)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, related_name="plan_items"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("lesson number in the plan"))
    topic = models.CharField(_("topic"), max_length=500)
    section = models.CharField(_("section"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic plan item")
        verbose_name_plural = _("topic plan")
        ordering = ["group", "subject", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "subject", "number"], name="plan_item_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class ControlWork(models.Model):
    """A scheduled internal control work (ВШК, B6)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="control_works"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    lesson_number = models.PositiveSmallIntegerField(
        _("lesson number"), null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    work_kind = models.ForeignKey(
        WorkKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control work")
        verbose_name_plural = _("control-work schedule")
        ordering = ["date", "lesson_number"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"
