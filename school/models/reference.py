"""Reference lists of a school: subjects, rooms, grading scales, kinds of work."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .calendar import GRADE_VALIDATORS
from .querysets import SchoolScopedQuerySet
from .tenancy import GradingScaleKind, School

SCALE_NEEDS_VALUES = _("A grading scale with marks needs at least one mark value.")
MARKS_FREE_HAS_NO_VALUES = _("A marks-free scale has no mark values.")
THRESHOLD_NOT_A_VALUE = _("The pass threshold must be one of the scale's marks.")


class SubjectComponent(models.TextChoices):
    FEDERAL = "federal", _("federal curriculum")
    SCHOOL = "school", _("school component")


class Subject(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    component = models.CharField(
        _("component"),
        max_length=16,
        choices=SubjectComponent,
        default=SubjectComponent.FEDERAL,
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="subject_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("room"), max_length=50)
    capacity = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="room_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SpecialMark(models.TextChoices):
    """Marks that are not numbers; allowed with any scale (B7)."""

    EXEMPT = "осв", _("exempt (осв)")
    NOT_ATTESTED = "н/а", _("not attested (н/а)")
    PASS = "зач", _("pass (зач)")
    DEBT = "Д", _("debt (Д)")


# The values each kind offers by default; a school may edit its own copy.
DEFAULT_SCALE_VALUES = {
    GradingScaleKind.FIVE_POINT: ["1", "2", "3", "4", "5"],
    GradingScaleKind.TEN_POINT: [str(n) for n in range(1, 11)],
    GradingScaleKind.HUNDRED_POINT: [str(n) for n in range(101)],
    GradingScaleKind.PASS_FAIL: ["незач", "зач"],
    GradingScaleKind.LEVELS: ["низкий", "базовый", "повышенный", "высокий"],
    GradingScaleKind.MARKS_FREE: [],
}
DEFAULT_PASS_THRESHOLD = {
    GradingScaleKind.FIVE_POINT: "3",
    GradingScaleKind.TEN_POINT: "4",
    GradingScaleKind.HUNDRED_POINT: "50",
    GradingScaleKind.PASS_FAIL: "зач",
    GradingScaleKind.LEVELS: "базовый",
    GradingScaleKind.MARKS_FREE: "",
}


class GradingScale(models.Model):
    """How a band of grades is marked; grade 1 is marks-free (B7)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=GradingScaleKind)
    # Ordered from worst to best; numeric scales average their position's value.
    values = models.JSONField(_("marks"), default=list, blank=True)
    pass_threshold = models.CharField(
        _("lowest passing mark"), max_length=16, blank=True
    )
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=1, validators=GRADE_VALIDATORS
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=11, validators=GRADE_VALIDATORS
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading scale")
        verbose_name_plural = _("grading scales")
        ordering = ["grade_from", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_marks_free(self) -> bool:
        return self.kind == GradingScaleKind.MARKS_FREE

    def clean(self) -> None:
        if self.is_marks_free:
            if self.values:
                raise ValidationError({"values": MARKS_FREE_HAS_NO_VALUES})
            return
        if not self.values:
            raise ValidationError({"values": SCALE_NEEDS_VALUES})
        if self.pass_threshold and self.pass_threshold not in self.values:
            raise ValidationError({"pass_threshold": THRESHOLD_NOT_A_VALUE})

    def accepts(self, value: str) -> bool:
        """A mark this scale allows, or one of the special marks."""
        if self.is_marks_free:
            return False
        return value in self.values or value in SpecialMark.values


class WorkKind(models.Model):
    """Kind of work marked (answer, test, control…) with its weight and deadline."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[
            MinValueValidator(Decimal("0.1")),
            MaxValueValidator(Decimal("10")),
        ],
    )
    # C6: control works within 3 days, written works within a week, exams in 1 day.
    deadline_days = models.PositiveSmallIntegerField(
        _("marks due within, days"), null=True, blank=True
    )
    is_control = models.BooleanField(_("control work"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of work")
        verbose_name_plural = _("kinds of work")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="work_kind_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
