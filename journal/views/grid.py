"""The class journal grid: the page a teacher keeps open during the lesson."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from journal.forms.grid import CellForm, CellRefForm, parse_entries
from journal.grid_html import cell_html
from journal.models import Lesson
from journal.selectors.grid import (
    Column,
    cell_from_state,
    grid_cell_after_save,
    grid_for,
)
from journal.selectors.history import cell_history
from journal.selectors.lessons import lesson_slot_get
from journal.services import lessons as services
from school.errors import ApplicationError
from school.models import (
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    User,
)
from school.selectors.structure import period_for


def grid_url(group_id: int, subject_id: int) -> str:
    """The address of a journal page, for links from other pages."""
    return reverse("journal:grid", args=(group_id, subject_id))


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
        (f"{a.group.name} — {a.subject.name}", grid_url(a.group_id, a.subject_id))
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


@require_POST
def grid_cell(request):
    school = getattr(request, "school", None)
    if school is None:
        raise Http404
    form = CellForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    error, locked = "", False
    try:
        state = services.cell_enter(
            actor=request.user,
            school=school,
            group_id=data["group"],
            subject_id=data["subject"],
            student_id=data["student"],
            kind_id=data["kind"],
            day=data["date"],
            lesson_number=data["lesson_number"],
            entries=parse_entries(data["value"]),
            comment=data["comment"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        error = " ".join(str(message) for message in exc.messages)
    except ApplicationError as exc:
        error, locked = str(exc.message), True
    column = Column(data["date"], data["lesson_number"], editable=not locked)
    if error:
        cell, row = _cell_as_stored(request, data, column)
    else:
        cell, row = cell_from_state(state, column, data["student"])
    html = cell_html(cell, state="error" if error else "saved", error=error)
    html += render_to_string(
        "journal/grid.html#average", {"row": row, "oob": True}, request
    )
    return HttpResponse(html)


def _cell_as_stored(request, data, column):
    """The cell as the database holds it, after a refused entry."""
    group, subject = _group_and_subject(request, data["group"], data["subject"])
    student = Student.objects.for_school(group.school).filter(pk=data["student"])
    student = student.first()
    period = period_for(group.school, group.grade, data["date"])
    if student is None or period is None:
        raise Http404
    slot = {"date": data["date"], "lesson_number": data["lesson_number"]}
    lesson = Lesson.objects.filter(group=group, subject=subject, **slot).first()
    return grid_cell_after_save(
        group=group,
        subject=subject,
        period=period,
        column=column,
        lesson=lesson,
        student=student,
    )


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
