"""Correction requests for a period, year, exam or final mark (003 §2.3.4, C7, C9).

Once the deputy closes a period its marks change only through «Замена сведений в
ЭЖ»: the teacher files the request, the deputy approves it (the change is applied by
``period_mark_set`` with both people in the history) or rejects it with a reason.
Deciding goes through ``correction_request_decide`` as for lesson entries.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from journal import events, permissions
from journal.models import CorrectionRequest, PeriodMark, PeriodMarkKind
from journal.services.lessons import BAD_MARK, MARKS_FREE
from school import history
from school.errors import ApplicationError
from school.models import Student, StudyGroup, StudyPeriod, Subject, User
from school.selectors.structure import grading_scale_for_grade, group_members_between

PERIOD_STILL_OPEN = _(
    "The period is not closed yet: change the mark on the period marks page yourself."
)
NOT_THIS_YEAR = _("This period is not one of the class's study periods.")
FINAL_WITH_LAST = _("Year, exam and final marks are kept with the year's last period.")
NOT_A_PUPIL = _("%(pupil)s was not in this group during the period.")
NOTHING_TO_CHANGE = _("The mark already has this value: there is nothing to change.")


def _group_periods(group: StudyGroup) -> list[StudyPeriod]:
    return list(
        StudyPeriod.objects.for_school(group.school)
        .filter(scheme__year=group.year_id)
        .filter(scheme__grade_from__lte=group.grade, scheme__grade_to__gte=group.grade)
        .order_by("starts_on", "number")
    )


def _ensure_requestable(
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    kind: str,
    student: Student,
    value: str,
) -> None:
    """The request could be applied as it stands: a closed period of this class, a
    pupil of the group then, a value of the grade's scale, and a real change."""
    periods = _group_periods(group)
    if period not in periods:
        raise ValidationError({"period": NOT_THIS_YEAR})
    if kind != PeriodMarkKind.PERIOD and period != periods[-1]:
        raise ValidationError({"period": FINAL_WITH_LAST})
    if not period.is_closed:
        raise ApplicationError(PERIOD_STILL_OPEN)
    pupils = {
        m.student_id
        for m in group_members_between(group, period.starts_on, period.ends_on)
    }
    if student.pk not in pupils:
        raise ValidationError(
            {"student": NOT_A_PUPIL % {"pupil": student.user.get_full_name()}}
        )
    scale = grading_scale_for_grade(group.school, group.grade)
    if scale is not None and scale.is_marks_free:
        raise ApplicationError(MARKS_FREE)
    if value and scale is not None and not scale.accepts(value):
        raise ValidationError({"value": BAD_MARK % {"value": value}})
    current = PeriodMark.objects.filter(
        student=student, subject=subject, kind=kind, period=period
    ).first()
    if (current.value if current else "") == value:
        raise ValidationError({"value": NOTHING_TO_CHANGE})


@transaction.atomic
def final_mark_correction_create(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    kind: str,
    student: Student,
    value: str,
    changes_text: str,
    reason: str,
) -> CorrectionRequest:
    """The subject's teacher asks to change a mark of a closed period (003 §2.3.4.1)."""
    day = min(period.ends_on, group.school.local_today())
    permissions.ensure_can_keep_journal(actor, group, subject, day)
    value = value.strip()
    _ensure_requestable(group, subject, period, kind, student, value)
    request = CorrectionRequest(
        school=group.school,
        teacher=actor,
        group=group,
        subject=subject,
        lesson=None,
        lesson_date=period.ends_on,
        period=period,
        mark_kind=kind,
        changes=[
            {
                "target": "period_mark",
                "student": student.pk,
                "period": period.pk,
                "kind": kind,
                "value": value,
            }
        ],
        changes_text=changes_text.strip(),
        reason=reason.strip(),
    )
    request.full_clean()
    history.attribute(request, actor)
    request.save()
    events.correction_filed(actor=actor, request=request)
    return request
