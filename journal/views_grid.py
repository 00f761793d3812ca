"""The class journal grid: the page a teacher keeps open during the lesson."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from school.errors import ApplicationError
from school.models import (
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    User,
    WorkKind,
)
from school.selectors.structure import period_for

from . import permissions, services
from .forms_grid import CellForm, CellRefForm, parse_entries
from .grid_html import cell_html
from .models import Lesson
from .selectors import Column, grid_cell_after_save, grid_for
from .selectors_history import cell_history
from .selectors_pages import lesson_slot_get

NO_KIND = _("Choose the kind of work for the mark above the journal.")


def grid_url(group: StudyGroup, subject: Subject) -> str:
    """The address of a journal page, for links from other pages."""
    return reverse("journal:grid", args=(group.pk, subject.pk))


def grid_links_for(user: User, school, day: datetime.date) -> list[tuple[str, str]]:
    """(label, url) of the journals the teacher keeps here on the day, for the home."""
    assignments = (
        TeachingAssignment.objects.for_school(school)
        .filter(teacher=user, starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .select_related("group", "subject")
        .order_by("group__grade", "group__name", "subject__name")
    )
    return [
        (f"{a.group.name} — {a.subject.name}", grid_url(a.group, a.subject))
        for a in assignments
    ]


def _group_and_subject(request, group_id: int, subject_id: int):
    school = getattr(request, "school", None)
    if school is None:
        raise Http404
    group = (
        StudyGroup.objects.for_school(school)
        .select_related("school", "school_class")
        .filter(pk=group_id)
        .first()
    )
    subject = Subject.objects.for_school(school).filter(pk=subject_id).first()
    if group is None or subject is None:
        raise Http404
    return group, subject


def grid(request, group_id: int, subject_id: int):
    group, subject = _group_and_subject(request, group_id, subject_id)
    period = None
    if request.GET.get("period", "").isdigit():
        period = (
            StudyPeriod.objects.for_school(group.school)
            .filter(pk=request.GET["period"])
            .first()
        )
        if period is None:
            raise Http404
    data = grid_for(user=request.user, group=group, subject=subject, period=period)
    return render(request, "journal/grid.html", {"grid": data})


def _lesson_open(actor, slot: dict, lesson_number: int) -> Lesson:
    """lesson_open, once more if a parallel entry created the same lesson first."""
    try:
        return services.lesson_open(actor=actor, **slot, lesson_number=lesson_number)
    except IntegrityError:
        return services.lesson_open(actor=actor, **slot, lesson_number=lesson_number)


def _save(actor, group, subject, data, student, kind) -> Lesson | None:
    """Open the lesson if needed, then apply every typed entry, all or nothing."""
    entries = parse_entries(data["value"])
    if any(target == "mark" for target, _value in entries) and kind is None:
        raise ValidationError(NO_KIND)
    slot = {"group": group, "subject": subject, "date": data["date"]}
    with transaction.atomic():
        if entries:
            lesson = _lesson_open(actor, slot, data["lesson_number"])
        else:  # Delete: the chosen kind's mark and the attendance
            entries = [("mark", ""), ("attendance", "")] if kind else []
            entries = entries or [("attendance", "")]
            lesson = Lesson.objects.filter(
                **slot, lesson_number=data["lesson_number"]
            ).first()
            if lesson is None:
                permissions.ensure_can_keep_journal(actor, group, subject, slot["date"])
                return None
        for target, value in entries:
            common = {"actor": actor, "lesson": lesson, "student": student}
            if target == "mark":
                comment = data["comment"] if value else ""
                services.mark_set(
                    **common, work_kind=kind, value=value, comment=comment
                )
            else:
                services.attendance_mark(**common, value=value)
    return lesson


@require_POST
def grid_cell(request):
    form = CellForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    group, subject = _group_and_subject(request, data["group"], data["subject"])
    student = Student.objects.for_school(group.school).filter(pk=data["student"])
    student = student.first()
    kind = WorkKind.objects.for_school(group.school).filter(pk=data["kind"]).first()
    if student is None:
        raise Http404
    error, locked = "", False
    slot = {"date": data["date"], "lesson_number": data["lesson_number"]}
    try:
        lesson = _save(request.user, group, subject, data, student, kind)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        error = " ".join(str(message) for message in exc.messages)
    except ApplicationError as exc:
        error, locked = str(exc.message), True
    if error:
        # Some refusals come before the service's gate: answer only its keepers.
        if not permissions.can_keep_journal(request.user, group, subject, slot["date"]):
            raise Http404
        lesson = Lesson.objects.filter(group=group, subject=subject, **slot).first()
    period = period_for(group.school, group.grade, data["date"])
    if period is None:
        raise Http404
    column = Column(data["date"], data["lesson_number"], editable=not locked)
    cell, row = grid_cell_after_save(
        group=group,
        subject=subject,
        period=period,
        column=column,
        lesson=lesson,
        student=student,
    )
    html = cell_html(cell, state="error" if error else "saved", error=error)
    html += render_to_string(
        "journal/grid.html#average", {"row": row, "oob": True}, request
    )
    return HttpResponse(html)


def grid_cell_history(request):
    """Who entered or changed the cell's marks and attendance, for its readers."""
    form = CellRefForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    slot = lesson_slot_get(
        request.user,
        getattr(request, "school", None),
        data["group"],
        data["subject"],
        data["date"],
        data["lesson_number"],
    )
    student = Student.objects.for_school(slot.group.school).filter(pk=data["student"])
    student = student.select_related("user").first()
    if student is None:
        raise Http404
    context = {
        "slot": slot,
        "student": student,
        "entries": cell_history(slot.lesson, student),
    }
    return render(request, "journal/grid_history.html", context)
