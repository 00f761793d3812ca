"""Correction requests: filed by the teacher, decided by the deputy, applied through
the same services (C7)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journal import events, permissions
from journal.models import (
    CorrectionRequest,
    CorrectionStatus,
    Lesson,
    PeriodMarkKind,
)
from journal.services.lessons import (
    attendance_mark,
    lesson_open,
    mark_set,
)
from journal.services.periods import period_mark_set
from school import history
from school.errors import ApplicationError
from school.models import (
    Student,
    StudyGroup,
    Subject,
    User,
)

REQUEST_DECIDED = _("This request has already been decided.")
REASON_REQUIRED = _("Give the reason for the decision.")


@transaction.atomic
def correction_request_file(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    date: datetime.date,
    lesson_number: int,
    lesson: Lesson | None,
    changes: list[dict],
    changes_text: str,
    reason: str,
) -> CorrectionRequest:
    """A request for a lesson of the timetable: one held but never opened in the
    journal gets its column first, in the same transaction."""
    if lesson is None:
        lesson = lesson_open(
            actor=actor,
            group=group,
            subject=subject,
            date=date,
            lesson_number=lesson_number,
        )
    return correction_request_create(
        actor=actor,
        lesson=lesson,
        changes=changes,
        changes_text=changes_text,
        reason=reason,
    )


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
    history.attribute(request, actor)
    request.save()
    events.correction_filed(actor=actor, request=request)
    return request


def _apply(actor: User, request: CorrectionRequest) -> None:
    from school.models import StudyPeriod as Period
    from school.models import WorkKind

    lesson = request.lesson
    for change in request.changes:
        student = Student.objects.get(pk=change["student"], school=request.school)
        if change["target"] == "mark":
            assert lesson is not None  # a lesson entry's request names its lesson
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
            assert lesson is not None
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
                kind=change.get("kind", PeriodMarkKind.PERIOD),
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
    history.attribute(request, actor)
    request.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"]
    )
    events.correction_decided(actor=actor, request=request, approved=approve)
    return request
