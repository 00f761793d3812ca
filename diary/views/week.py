"""The diary pages of a parent or a pupil (D1, D2, D6), homework files, and the
class teacher's and deputy's "who has looked" (D3)."""

from __future__ import annotations

import datetime
import os

from django.http import FileResponse, Http404
from django.shortcuts import render

from diary.access import papers_required
from diary.models import Audience
from diary.selectors import family as selectors
from diary.selectors import looked as selectors_looked
from diary.selectors.messages import announcement_list_for_student
from diary.selectors.week import diary_week, monday_of
from diary.services import looked as services
from journal import grading
from school.http import role_required
from school.models import Role

FAMILY = (Role.PARENT, Role.STUDENT)
LOOKED_ROLES = (Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR)


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _pupil(request, student_id: int):
    """The pupil the active role may read (own child / self) and the switch list."""
    # The papers gate has already found the parent's pupil: no second lookup.
    found = getattr(request, "diary_pupil", None)
    if found is not None and found[0].pk == student_id:
        pupil, pupils = found
    else:
        pupil, pupils = selectors.pupil_get_for_diary(
            request.user, request.membership, student_id
        )
    if request.membership.role == Role.PARENT:
        services.diary_view_record(
            actor=request.user, student=pupil, role=request.membership.role
        )
    return pupil, pupils


def _audience(request) -> str:
    """A parent reads what is addressed to parents, a pupil what is to pupils."""
    if request.membership.role == Role.PARENT:
        return Audience.PARENTS
    return Audience.STUDENTS


@role_required(*FAMILY)
@papers_required
def week(request, student_id: int):
    """The week: timetable with changes, topics, homework, marks, attendance."""
    pupil, pupils = _pupil(request, student_id)
    today = request.school.local_today()
    monday = monday_of(_date(request.GET.get("week"), today))
    return render(
        request,
        "diary/week.html",
        {
            "pupil": pupil,
            "pupils": pupils,
            "week": diary_week(pupil, monday),
            "announcements": announcement_list_for_student(
                pupil, today, _audience(request)
            ),
            "today": today,
            "this_monday": monday_of(today),
        },
    )


@role_required(*FAMILY)
@papers_required
def subjects(request, student_id: int):
    """Marks by subject for a period with average, forecast and final marks."""
    pupil, pupils = _pupil(request, student_id)
    today = request.school.local_today()
    group = selectors.class_group(selectors.memberships_between(pupil, today, today))
    periods = selectors.periods_for_pupil(group)
    period = grading.current_period(periods, today)
    if "period" in request.GET:
        period = next((p for p in periods if str(p.pk) == request.GET["period"]), None)
        if period is None:
            raise Http404
    rows, scale = ([], None)
    if period is not None:
        rows, scale = selectors.subject_rows_for_period(pupil, period, periods, today)
    context = {"pupil": pupil, "pupils": pupils, "periods": periods}
    context |= {"period": period, "rows": rows, "scale": scale}
    return render(request, "diary/subjects.html", context)


@role_required(*FAMILY)
@papers_required
def class_info(request, student_id: int):
    """The pupil's teachers, the year's holidays and the control-work schedule."""
    pupil, pupils = _pupil(request, student_id)
    today = request.school.local_today()
    group = selectors.class_group(selectors.memberships_between(pupil, today, today))
    period = grading.current_period(selectors.periods_for_pupil(group), today)
    info = selectors.class_info_for_pupil(pupil, today, period)
    context = {"pupil": pupil, "pupils": pupils, "info": info, "period": period}
    return render(request, "diary/class_info.html", context)


@role_required(*FAMILY)
@papers_required
def homework_file(request, student_id: int, homework_id: int):
    """A homework file, only to the families of pupils it was given to."""
    pupil, _pupils = selectors.pupil_get_for_diary(
        request.user, request.membership, student_id
    )
    item = selectors.homework_get_for_file(pupil, homework_id)
    name = os.path.basename(item.attachment.name)
    response = FileResponse(
        item.attachment.open("rb"), as_attachment=True, filename=name
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _weeks(request) -> dict:
    """The week asked for (this one by default) and its neighbours."""
    today = request.school.local_today()
    monday = monday_of(_date(request.GET.get("week"), today))
    return {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
    }


@role_required(*LOOKED_ROLES)
def looked(request):
    """Classes the reader may check, with how many parents opened the diary."""
    weeks = _weeks(request)
    classes = selectors_looked.classes_for_looked(request.user, request.school)
    rows = selectors_looked.looks_by_class(request.school, classes, weeks["monday"])
    return render(request, "diary/looked.html", {"rows": rows, **weeks})


@role_required(*LOOKED_ROLES)
def looked_class(request, class_id: int):
    """One class: every pupil's parents, and whether each opened the diary."""
    school_class = selectors_looked.class_get_for_looked(
        request.user, request.school, class_id
    )
    weeks = _weeks(request)
    rows = selectors_looked.looks_for_class(school_class, weeks["monday"])
    context = {"school_class": school_class, "rows": rows, **weeks}
    return render(request, "diary/looked_class.html", context)
