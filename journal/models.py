"""The class journal: held lessons, homework, marks, attendance, period marks,
comments to parents and correction requests."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import (
    LessonPlanItem,
    School,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TimetableEntry,
    User,
    WorkKind,
)
from school.models.querysets import SchoolScopedQuerySet

from .choices import VALID_ABSENCES, AttendanceValue  # noqa: F401 (re-exported)


class Lesson(models.Model):
    """One held lesson of a subject in a group: the journal's column."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="lessons"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    lesson_number = models.PositiveSmallIntegerField(_("lesson number"))
    entry = models.ForeignKey(
        TimetableEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who actually taught it (C5); differs from the timetable on a substitution.
    teacher = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher")
    )
    is_substitution = models.BooleanField(_("substitution"), default=False)
    plan_item = models.ForeignKey(
        LessonPlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic from the plan"),
    )
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    material = models.TextField(_("material covered"), blank=True)
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "lesson_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "subject", "date", "lesson_number"],
                name="lesson_unique_slot",
            )
        ]
        indexes = [models.Index(fields=["group", "subject", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.subject}: {self.topic}"


def homework_file_path(homework: Homework, filename: str) -> str:
    """Files by school under a random folder: a name does not reveal another's file."""
    return f"homework/{homework.school_id}/{uuid.uuid4().hex}/{filename}"


class Homework(models.Model):
    """Common homework (no student) or individual homework for one pupil."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="homework"
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("homework"))
    attachment = models.FileField(
        _("file"), upload_to=homework_file_path, blank=True, max_length=300
    )
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    is_late = models.BooleanField(_("entered late"), default=False)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["lesson", "student"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def file_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class JournalEntryBase(models.Model):
    """What every cell of the grid keeps: school, lesson, pupil, author, times."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # Entered after the deadline of C6; kept for the timeliness reports (E5).
    is_late = models.BooleanField(_("entered late"), default=False)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Mark(JournalEntryBase):
    """A current mark for one kind of work at one lesson (C4)."""

    work_kind = models.ForeignKey(WorkKind, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("mark"), max_length=16)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student", "work_kind"], name="mark_unique_kind"
            )
        ]
        indexes = [models.Index(fields=["school", "student"])]

    def __str__(self) -> str:
        return self.value

    @property
    def weight(self) -> Decimal:
        """The weight of its kind of work, as journal.grading averages it."""
        return self.work_kind.weight


class Attendance(JournalEntryBase):
    value = models.CharField(_("attendance"), max_length=2, choices=AttendanceValue)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student"], name="attendance_unique_pupil"
            )
        ]
        indexes = [models.Index(fields=["school", "student"])]

    def __str__(self) -> str:
        return self.value


class PeriodMarkKind(models.TextChoices):
    PERIOD = "period", _("period mark")
    YEAR = "year", _("year mark")
    EXAM = "exam", _("exam mark")
    FINAL = "final", _("final mark")


class PeriodMark(models.Model):
    """A period, year, exam or final mark (C9); may be deferred for a sick pupil."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(StudyGroup, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=PeriodMarkKind)
    period = models.ForeignKey(
        StudyPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.CharField(_("mark"), max_length=16, blank=True)
    is_deferred = models.BooleanField(_("deferred"), default=False)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    is_late = models.BooleanField(_("entered late"), default=False)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final mark")
        verbose_name_plural = _("final marks")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "kind", "period"],
                name="period_mark_unique",
            )
        ]

    def __str__(self) -> str:
        return self.value


class ParentComment(models.Model):
    """A teacher's comment to a pupil's parents from the journal page (C13)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment to parents")
        verbose_name_plural = _("comments to parents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("approved and applied")
    REJECTED = "rejected", _("rejected")


class CorrectionRequest(models.Model):
    """«Замена сведений в ЭЖ» (003 §2.3.4.1): the only way to change a past entry."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(StudyGroup, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lesson_date = models.DateField(_("date to change"))
    # A period, year, exam or final mark: which one (a lesson entry leaves them
    # empty); «the date to change» is then the period's last day.
    period = models.ForeignKey(
        StudyPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("period"),
    )
    mark_kind = models.CharField(
        _("final mark to change"), max_length=16, choices=PeriodMarkKind, blank=True
    )
    # What to change: [{"target": "mark"|"attendance"|"period_mark", "student": id,
    #  "work_kind": id, "period": id, "kind": ..., "value": "4" or "" to clear}].
    changes = models.JSONField(_("changes"), default=list)
    changes_text = models.TextField(_("changes to make"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CorrectionStatus,
        default=CorrectionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    review_comment = models.TextField(_("decision"), blank=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return (
            f"{self.lesson_date:%d.%m.%Y} {self.subject} — {self.get_status_display()}"
        )
