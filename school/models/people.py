"""The school's people: staff, pupils and their parents or legal guardians."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .accounts import User
from .querysets import SchoolScopedQuerySet
from .tenancy import School

DISMISSED_BEFORE_HIRED = _("The dismissal date must not be earlier than the hire date.")


class Position(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    DIRECTOR = "director", _("director")
    DEPUTY = "deputy", _("deputy director for academic work")
    SYSADMIN = "sysadmin", _("system administrator")
    HR = "hr", _("HR clerk")
    TUTOR = "tutor", _("tutor")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    LIBRARIAN = "librarian", _("librarian")
    OTHER = "other", _("other")


class StaffMember(models.Model):
    """A person employed by the school; HR enters hires and dismissals (B9)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="staff_records",
        verbose_name=_("user"),
    )
    position = models.CharField(_("position"), max_length=32, choices=Position)
    hired_on = models.DateField(_("hired on"))
    hire_order = models.CharField(_("hire order"), max_length=50, blank=True)
    dismissed_on = models.DateField(_("dismissed on"), null=True, blank=True)
    dismissal_order = models.CharField(_("dismissal order"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user", "position"],
                condition=models.Q(dismissed_on__isnull=True),
                name="staff_unique_current_position",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_position_display()}"

    def clean(self) -> None:
        if self.dismissed_on and self.hired_on and self.dismissed_on < self.hired_on:
            raise ValidationError({"dismissed_on": DISMISSED_BEFORE_HIRED})


class Gender(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class Student(models.Model):
    """A pupil of this school; the name lives on the user account."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="student_records",
        verbose_name=_("user"),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    # Номер личного дела: the school's own key for a pupil, used by imports.
    record_number = models.CharField(_("personal file number"), max_length=50)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["user__last_name", "user__first_name", "user__patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "record_number"], name="student_unique_record"
            ),
            models.UniqueConstraint(
                fields=["school", "user"], name="student_unique_user"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Guardian(models.Model):
    """A parent or legal guardian, as known to this school."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="guardian_records",
        verbose_name=_("user"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent (legal guardian)")
        verbose_name_plural = _("parents (legal guardians)")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"], name="guardian_unique_user"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Relation(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    ADOPTIVE = "adoptive", _("adoptive parent")
    GUARDIAN = "guardian", _("legal guardian")
    OTHER = "other", _("other legal representative")


class GuardianRelation(models.Model):
    """Who is whose parent; a parent may have children in several classes."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="relations"
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardian_relations"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relation to the child")
        verbose_name_plural = _("relations to children")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"], name="guardian_relation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} — {self.get_relation_display()} — {self.student}"
