"""Reverting marks and attendance entered under a compromised account (A6).

Registered with audit.compromise in JournalConfig.ready. A revert is an approved
correction request (C7) filed in the name of the account, whose reason names the
report: the same services write the entry, and its history shows the request.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from journal.services.corrections import _apply
from school.history import attribute
from school.models import User

from .models import CorrectionRequest, CorrectionStatus, Lesson

REASON = "Отмена операции по заявлению о компрометации учётной записи № %(number)s"


def _value_before(row) -> str:
    """The entry's value just before this operation ("" when it did not exist)."""
    if row.history_type == "+":
        return ""
    if row.history_type == "-":
        return row.value
    previous = row.prev_record
    return previous.value if previous is not None else ""


def _revert(*, actor: User, row, report, change: dict) -> CorrectionRequest:
    lesson = Lesson.objects.select_related("group", "subject", "school").get(
        pk=row.lesson_id
    )
    reason = REASON % {"number": report.pk}
    request = CorrectionRequest(
        school=lesson.school,
        teacher=report.user,
        group=lesson.group,
        subject=lesson.subject,
        lesson=lesson,
        lesson_date=lesson.date,
        changes=[change],
        changes_text=gettext("Restore the value before the compromise: «%(value)s».")
        % {"value": change["value"] or "—"},
        reason=reason,
        status=CorrectionStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_comment=reason,
    )
    request.full_clean()
    attribute(request, actor)
    request.save()
    _apply(actor, request)
    return request


def revert_mark(*, actor: User, row, report) -> None:
    """Put the mark back as it was before this operation."""
    change = {
        "target": "mark",
        "student": row.student_id,
        "work_kind": row.work_kind_id,
        "value": _value_before(row),
    }
    _revert(actor=actor, row=row, report=report, change=change)


def revert_attendance(*, actor: User, row, report) -> None:
    """Put the attendance entry back as it was before this operation."""
    change = {
        "target": "attendance",
        "student": row.student_id,
        "value": _value_before(row),
    }
    _revert(actor=actor, row=row, report=report, change=change)


def register() -> None:
    from audit.compromise import register_reverter

    register_reverter("journal.HistoricalMark", revert_mark)
    register_reverter("journal.HistoricalAttendance", revert_attendance)
