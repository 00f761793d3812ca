"""Period, year, exam and final marks, and closing a period (C8, C9)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journal import events, permissions, rules
from journal.models import (
    CorrectionRequest,
    PeriodMark,
    PeriodMarkKind,
)
from journal.services.lessons import (
    BAD_MARK,
    MARKS_FREE,
)
from school import history
from school.errors import ApplicationError
from school.models import (
    GradingScale,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    User,
)
from school.selectors.structure import grading_scale_for_grade

PERIOD_NOT_OPEN = _(
    "Period marks are entered in the last week of the period (from %(date)s)."
)


def _ensure_can_set_period_marks(
    actor: User,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    correction: CorrectionRequest | None,
) -> GradingScale | None:
    """The keeper in the period marks' window of an open period (or the deputy with
    an approved request); returns the scale the marks are checked against."""
    school = group.school
    if correction is None:
        day = min(period.ends_on, school.local_today())
        permissions.ensure_can_keep_journal(actor, group, subject, day)
        if period.is_closed:
            raise ApplicationError(_("The period is closed."))
        window = rules.period_mark_window(school, period)
        if rules.now() < window.opens_at:
            raise ApplicationError(
                PERIOD_NOT_OPEN % {"date": window.opens_at.strftime("%d.%m.%Y")}
            )
    else:
        permissions.ensure_can_decide_corrections(actor, school)
    scale = grading_scale_for_grade(school, group.grade)
    if scale is not None and scale.is_marks_free:
        raise ApplicationError(MARKS_FREE)
    return scale


@transaction.atomic
def period_mark_set(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    student: Student,
    period: StudyPeriod,
    value: str,
    is_deferred: bool = False,
    kind: str = PeriodMarkKind.PERIOD,
    correction: CorrectionRequest | None = None,
) -> PeriodMark:
    """A period mark in the last week of the period, until the deputy closes it."""
    scale = _ensure_can_set_period_marks(actor, group, subject, period, correction)
    change = PeriodMarkChange(student, value, is_deferred, kind)
    return _period_mark_write(actor, group, subject, period, change, scale, correction)


@dataclass(frozen=True)
class PeriodMarkChange:
    """One entry of a period (year, exam, final) marks page."""

    student: Student
    value: str
    is_deferred: bool = False
    kind: str = PeriodMarkKind.PERIOD

    @property
    def key(self) -> str:
        """Where a refusal of this entry is shown: «<kind>_<pupil id>»."""
        return f"{self.kind}_{self.student.pk}"


@transaction.atomic
def period_marks_set(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    changes: Iterable[PeriodMarkChange],
) -> int:
    """Every changed entry of a period, year, exam or final marks page in one
    transaction, checked once: one refusal saves none. Bad values are raised
    together as a ValidationError keyed by PeriodMarkChange.key."""
    scale = _ensure_can_set_period_marks(actor, group, subject, period, None)
    errors: dict[str, list[str]] = {}
    count = 0
    for change in changes:
        try:
            _period_mark_write(actor, group, subject, period, change, scale, None)
        except ValidationError as error:
            errors[change.key] = error.messages
        else:
            count += 1
    if errors:
        raise ValidationError(errors)
    return count


def _period_mark_write(
    actor: User,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    change: PeriodMarkChange,
    scale: GradingScale | None,
    correction: CorrectionRequest | None,
) -> PeriodMark:
    school = group.school
    value, student = change.value, change.student
    if value and scale is not None and not scale.accepts(value):
        raise ValidationError(BAD_MARK, params={"value": value})
    row = PeriodMark.objects.filter(
        student=student, subject=subject, kind=change.kind, period=period
    ).first()
    moment = rules.now()
    if row is None:
        row = PeriodMark(
            school=school,
            group=group,
            subject=subject,
            student=student,
            kind=change.kind,
            period=period,
            author=correction.teacher if correction else actor,
            created_at=moment,
        )
    row.value, row.is_deferred, row.updated_at = value, change.is_deferred, moment
    row.is_late = moment > rules.period_mark_window(school, period).closes_at
    row.full_clean()
    reason = ""
    if correction is not None:
        teacher = correction.teacher.get_username()
        reason = f"correction #{correction.pk} requested by {teacher}"
    history.attribute(row, actor, reason)
    row.save()
    return row


@transaction.atomic
def period_close(*, actor: User, period: StudyPeriod) -> StudyPeriod:
    """The deputy closes the period: its journal becomes read-only (C8)."""
    permissions.ensure_can_close_periods(actor, period.school)
    if period.is_closed:
        return period
    period.closed_at = timezone.now()
    period.closed_by = actor
    history.attribute(period, actor)
    period.save(update_fields=["closed_at", "closed_by"])
    events.period_closed(actor=actor, period=period)
    # 003 §5.5: a copy at each period end (by task name: archive depends on journal).
    task = "archive.tasks.backup_period_end_task"
    transaction.on_commit(lambda: current_app.send_task(task, [period.pk]))
    return period
