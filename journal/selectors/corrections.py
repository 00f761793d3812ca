"""Correction requests for their teacher, and the deputy's queue (C7)."""

from __future__ import annotations

from django.http import Http404

from journal import permissions
from journal.models import (
    CorrectionRequest,
    CorrectionStatus,
)
from school.models import (
    School,
    User,
)

# --- Correction requests (C7) -----------------------------------------------------


def _requests(school: School):
    return CorrectionRequest.objects.for_school(school).select_related(
        "teacher", "group", "subject", "reviewed_by", "period"
    )


def correction_list_for_teacher(user: User, school: School | None) -> list:
    if school is None:
        raise Http404
    return list(_requests(school).filter(teacher=user))


def correction_queue_for_decider(user: User, school: School | None) -> dict:
    """Pending requests of the school first, then decided ones; deciders only."""
    if school is None or not permissions.can_decide_corrections(user, school):
        raise Http404
    rows = _requests(school)
    return {
        "pending": list(
            rows.filter(status=CorrectionStatus.PENDING).order_by("created_at")
        ),
        "decided": list(rows.exclude(status=CorrectionStatus.PENDING)[:100]),
    }


def correction_get_for_decide(
    user: User, school: School | None, request_id: int
) -> CorrectionRequest:
    if school is None or not permissions.can_decide_corrections(user, school):
        raise Http404
    request = _requests(school).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request
