"""Homework, comments to parents, period marks and closing, correction requests."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school import events
from school.errors import ApplicationError
from school.models import Student, StudyGroup, StudyPeriod, Subject, User
from school.selectors_structure import grading_scale_for_grade

from . import permissions, rules
from .models import (
    CorrectionRequest,
    CorrectionStatus,
    Homework,
    Lesson,
    Mark,
    ParentComment,
    PeriodMark,
    PeriodMarkKind,
)
from .services import BAD_MARK, MARKS_FREE, attendance_mark, ensure_open, mark_set

PERIOD_NOT_OPEN = _(
    "Period marks are entered in the last week of the period (from %(date)s)."
)
REQUEST_DECIDED = _("This request has already been decided.")
REASON_REQUIRED = _("Give the reason for the decision.")
EMPTY_COMMENT = _("The comment is empty.")
FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
FILE_TYPE = _("Files of this type cannot be attached. Allowed: %(allowed)s.")
HOMEWORK_FILE_MB = 10
HOMEWORK_FILE_TYPES = (
    "pdf doc docx odt rtf txt xls xlsx ods ppt pptx odp jpg jpeg png gif mp3 zip"
).split()


def _check_homework_file(upload) -> None:
    """Documents, pictures, audio and archives up to 10 MB."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in HOMEWORK_FILE_TYPES:
        raise ValidationError(
            FILE_TYPE, params={"allowed": ", ".join(HOMEWORK_FILE_TYPES)}
        )
    if upload.size > HOMEWORK_FILE_MB * 1024 * 1024:
        raise ValidationError(FILE_TOO_LARGE, params={"limit": HOMEWORK_FILE_MB})


@transaction.atomic
def homework_set(
    *,
    actor: User,
    lesson: Lesson,
    text: str,
    student: Student | None = None,
    attachment=None,
    remove_attachment: bool = False,
) -> Homework:
    """Common (or one pupil's) homework, optionally with a file; late after H hours
    past the last lesson."""
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )
    ensure_open(lesson, correction=None)
    scale = grading_scale_for_grade(lesson.school, lesson.group.grade)
    if scale is not None and scale.is_marks_free:
        raise ApplicationError(MARKS_FREE)
    if attachment is not None:
        _check_homework_file(attachment)
    homework = Homework.objects.filter(lesson=lesson, student=student).first()
    if homework is None:
        homework = Homework(
            school=lesson.school, lesson=lesson, student=student, author=actor
        )
    elif homework.text == text and attachment is None and not remove_attachment:
        return homework
    if attachment is not None:
        homework.attachment = attachment
    elif remove_attachment:
        homework.attachment = ""
    _starts, ends = rules.bell_times(lesson.school, lesson.lesson_number)
    last_end = datetime.datetime.combine(lesson.date, ends, tzinfo=lesson.school.tzinfo)
    homework.text = text
    homework.is_late = rules.homework_is_late(lesson.school, last_end, rules.now())
    homework.full_clean()
    homework._history_user = actor
    homework.save()
    return homework


@transaction.atomic
def parent_comment_create(
    *, actor: User, lesson: Lesson, student: Student, text: str
) -> ParentComment:
    """A teacher's comment to the pupil's parents, from the journal (C13)."""
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )
    if not text.strip():
        raise ValidationError(EMPTY_COMMENT)
    comment = ParentComment(
        school=lesson.school,
        student=student,
        lesson=lesson,
        subject=lesson.subject,
        author=actor,
        text=text.strip(),
    )
    comment.full_clean()
    comment._history_user = actor
    comment.save()
    return comment


def weighted_average(marks: list[Mark]) -> Decimal | None:
    """Σ(mark × weight) / Σ weight over numeric marks; special marks do not count."""
    total = weight = Decimal(0)
    for mark in marks:
        if mark.value.isdigit():
            total += Decimal(mark.value) * mark.work_kind.weight
            weight += mark.work_kind.weight
    if not weight:
        return None
    return (total / weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def suggested_mark(average: Decimal | None) -> str:
    """The school's rounding rule: half up (3.5 → 4)."""
    if average is None:
        return ""
    return str(int(average.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


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
    school = group.school
    day = min(period.ends_on, school.local_today())
    if correction is None:
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
    if value and scale is not None and not scale.accepts(value):
        raise ValidationError(BAD_MARK, params={"value": value})
    row = PeriodMark.objects.filter(
        student=student, subject=subject, kind=kind, period=period
    ).first()
    moment = rules.now()
    if row is None:
        row = PeriodMark(
            school=school,
            group=group,
            subject=subject,
            student=student,
            kind=kind,
            period=period,
            author=correction.teacher if correction else actor,
            created_at=moment,
        )
    row.value, row.is_deferred, row.updated_at = value, is_deferred, moment
    row.is_late = moment > rules.period_mark_window(school, period).closes_at
    row.full_clean()
    row._history_user = actor
    if correction is not None:
        row._change_reason = f"correction #{correction.pk}"
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
    period._history_user = actor
    period.save(update_fields=["closed_at", "closed_by"])
    events.record(
        "journal.period.closed", actor=actor, school=period.school, period=period.pk
    )
    # 003 §5.5: a copy at each period end (by task name: archive depends on journal).
    task = "archive.tasks.backup_period_end_task"
    transaction.on_commit(lambda: current_app.send_task(task, [period.pk]))
    return period


@transaction.atomic
def correction_request_create(
    *,
    actor: User,
    lesson: Lesson,
    changes: list[dict],
    changes_text: str,
    reason: str,
) -> CorrectionRequest:
    """The teacher files «Замена сведений в ЭЖ» with the fields of 003 §2.3.4.1."""
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )
    request = CorrectionRequest(
        school=lesson.school,
        teacher=actor,
        group=lesson.group,
        subject=lesson.subject,
        lesson=lesson,
        lesson_date=lesson.date,
        changes=changes,
        changes_text=changes_text,
        reason=reason,
    )
    request.full_clean()
    request._history_user = actor
    request.save()
    events.record(
        "journal.correction.filed",
        actor=actor,
        school=lesson.school,
        request=request.pk,
    )
    return request


def _apply(actor: User, request: CorrectionRequest) -> None:
    from school.models import StudyPeriod as Period
    from school.models import WorkKind

    lesson = request.lesson
    for change in request.changes:
        student = Student.objects.get(pk=change["student"], school=request.school)
        if change["target"] == "mark":
            mark_set(
                actor=actor,
                lesson=lesson,
                student=student,
                work_kind=WorkKind.objects.get(
                    pk=change["work_kind"], school=request.school
                ),
                value=change["value"],
                correction=request,
            )
        elif change["target"] == "attendance":
            attendance_mark(
                actor=actor,
                lesson=lesson,
                student=student,
                value=change["value"],
                correction=request,
            )
        elif change["target"] == "period_mark":
            period_mark_set(
                actor=actor,
                group=request.group,
                subject=request.subject,
                student=student,
                period=Period.objects.get(pk=change["period"], school=request.school),
                value=change["value"],
                correction=request,
            )


@transaction.atomic
def correction_request_decide(
    *, actor: User, request: CorrectionRequest, approve: bool, comment: str = ""
) -> CorrectionRequest:
    """Approve (the change is applied, history shows both people) or reject (C7)."""
    permissions.ensure_can_decide_corrections(actor, request.school)
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != CorrectionStatus.PENDING:
        raise ApplicationError(REQUEST_DECIDED)
    if not approve and not comment.strip():
        raise ValidationError(REASON_REQUIRED)
    if approve:
        _apply(actor, request)
    request.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    request.reviewed_by = actor
    request.reviewed_at = timezone.now()
    request.review_comment = comment.strip()
    request._history_user = actor
    request.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"]
    )
    events.record(
        "journal.correction.approved" if approve else "journal.correction.rejected",
        actor=actor,
        school=request.school,
        request=request.pk,
    )
    return request
