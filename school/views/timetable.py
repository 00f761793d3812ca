"""Timetable pages: week grids of a class and a teacher, entries, changes, bells."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms.timetable import (
    BellScheduleForm,
    TimetableChangeForm,
    TimetableEntryEndForm,
    TimetableEntryForm,
)
from ..models import (
    BellSchedule,
    SchoolClass,
    StudyGroup,
    TimetableChange,
    TimetableEntry,
    Weekday,
)
from ..selectors import timetable as selectors
from ..selectors.accounts import academic_year_current
from ..services import timetable as services

ENTRY_SAVED = _("The lesson is in the timetable.")
ENTRY_ENDED = _("The lesson is taken off the timetable after %(day)s.")
CHANGE_SAVED = _("The change of the lesson is saved.")
BELLS_SAVED = _("The bell schedule is saved.")


def _manager_school(request):
    """The active school, if the user builds its timetable; else 404."""
    school = selectors.school_for_timetable(request.user, request.school)
    if not permissions.can_manage_timetable(request.user, school):
        raise Http404
    return school


def _monday(value: str | None, school) -> datetime.date:
    day = parse_date(value or "") if value else None
    day = day or school.local_today()
    return day - datetime.timedelta(days=day.weekday())


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _week(request, school, monday, lessons, *, grade=None, six_days=False) -> dict:
    """The week grid: rows of lesson numbers, a column for each school day."""
    saturday = monday + datetime.timedelta(days=5)
    six_days = six_days or any(x.date == saturday for x in lessons)
    days = [monday + datetime.timedelta(days=n) for n in range(6 if six_days else 5)]
    bells = selectors.default_bells(school)
    holidays = selectors.holidays_between(school=school, start=monday, end=days[-1])
    numbers = sorted({x.lesson_number for x in lessons} | set(bells)) or [1]
    cells = {(x.date, x.lesson_number): [] for x in lessons}
    for lesson in lessons:
        cells[(lesson.date, lesson.lesson_number)].append(lesson)
    columns = []
    for day in days:
        if grade is not None:
            holiday = selectors.holiday_for(holidays, day, grade)
        else:
            holiday = next(
                (h for h in holidays if h.starts_on <= day <= h.ends_on), None
            )
        columns.append(
            {"date": day, "name": Weekday(day.isoweekday()).label, "holiday": holiday}
        )
    rows = [
        {
            "number": number,
            "bell": bells.get(number),
            "cells": [cells.get((day, number), []) for day in days],
        }
        for number in range(numbers[0], numbers[-1] + 1)
    ]
    return {
        "columns": columns,
        "rows": rows,
        "monday": monday,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "can_manage": permissions.can_manage_timetable(request.user, school),
    }


def timetable_home(request):
    school = selectors.school_for_timetable(request.user, request.school)
    year = academic_year_current(school)
    classes = SchoolClass.objects.for_school(school).filter(year=year)
    context = {
        "classes": classes,
        "teachers": selectors.staff_list(school),
        "can_manage": permissions.can_manage_timetable(request.user, school),
    }
    return render(request, "school/timetable_home.html", context)


def timetable_class(request, class_id: int):
    school_class = selectors.school_class_get_for_timetable(
        request.user, request.school, class_id
    )
    school = school_class.school
    monday = _monday(request.GET.get("week"), school)
    group_ids = StudyGroup.objects.filter(school_class=school_class).values_list(
        "pk", flat=True
    )
    lessons = selectors.lessons_between(
        school=school,
        start=monday,
        end=monday + datetime.timedelta(days=5),
        group_ids=list(group_ids),
    )
    week = _week(
        request,
        school,
        monday,
        lessons,
        grade=school_class.grade,
        six_days=school_class.days_per_week == 6,
    )
    context = {"school_class": school_class, "week": week}
    return render(request, "school/timetable_class.html", context)


def timetable_teacher(request, user_id: int):
    teacher = selectors.teacher_get_for_timetable(request.user, request.school, user_id)
    school = request.school
    monday = _monday(request.GET.get("week"), school)
    lessons = selectors.lessons_between(
        school=school,
        start=monday,
        end=monday + datetime.timedelta(days=5),
        teacher=teacher,
    )
    week = _week(request, school, monday, lessons)
    context = {"teacher": teacher, "week": week}
    return render(request, "school/timetable_teacher.html", context)


def timetable_entry_create(request):
    school = _manager_school(request)
    school_class = None
    if request.GET.get("class"):
        school_class = get_object_or_404(
            SchoolClass.objects.for_school(school), pk=request.GET["class"]
        )
    year = academic_year_current(school)
    starts_on = _monday(None, school)
    if year is not None and not year.contains(starts_on):
        starts_on = year.starts_on
    initial = {"starts_on": starts_on}
    if school_class is not None:
        initial["group"] = school_class.groups.filter(kind="class").first()
    form = TimetableEntryForm(
        request.POST or None, school=school, year=year, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.timetable_entry_create(
                actor=request.user, school=school, year=data["group"].year, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, ENTRY_SAVED)
            return redirect(_entry_page(entry, school_class))
    context = {"form": form, "school_class": school_class}
    return render(request, "school/timetable_entry_form.html", context)


def _entry_page(entry: TimetableEntry, school_class=None) -> str:
    """The class page (else the teacher's) for the week the lesson starts."""
    school_class = school_class or entry.group.school_class
    week = f"?week={entry.starts_on.isoformat()}"
    if school_class is not None:
        return reverse("school:timetable-class", args=[school_class.pk]) + week
    return reverse("school:timetable-teacher", args=[entry.teacher_id]) + week


@require_POST
def timetable_entry_end(request, entry_id: int):
    school = _manager_school(request)
    entry = get_object_or_404(TimetableEntry.objects.for_school(school), pk=entry_id)
    form = TimetableEntryEndForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["ends_on"]
        try:
            services.timetable_entry_end(actor=request.user, entry=entry, ends_on=day)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ENTRY_ENDED % {"day": day.strftime("%d.%m.%Y")})
    return redirect(_entry_page(entry))


def timetable_change_create(request):
    school = _manager_school(request)
    entry = get_object_or_404(
        TimetableEntry.objects.for_school(school).select_related(
            "group", "subject", "teacher", "room"
        ),
        pk=request.GET.get("entry") or 0,
    )
    day = parse_date(request.GET.get("date") or "")
    if day is None:
        raise Http404
    change = TimetableChange.objects.filter(entry=entry, date=day).first()
    initial = {}
    if change is not None:
        fields = ("kind", "new_teacher", "new_room", "new_date", "new_lesson_number")
        initial = {name: getattr(change, name) for name in (*fields, "reason")}
    form = TimetableChangeForm(request.POST or None, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if change is None:
                services.timetable_change_create(
                    actor=request.user, entry=entry, date=day, **form.cleaned_data
                )
            else:
                services.timetable_change_update(
                    actor=request.user, change=change, **form.cleaned_data
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, CHANGE_SAVED)
            url = reverse("school:timetable-change-list")
            return redirect(f"{url}?date={day.isoformat()}")
    context = {
        "form": form,
        "entry": entry,
        "date": day,
        "change": change,
        "end_form": TimetableEntryEndForm(initial={"ends_on": day}),
    }
    return render(request, "school/timetable_change_form.html", context)


def timetable_change_list(request):
    school = selectors.school_for_timetable(request.user, request.school)
    day = parse_date(request.GET.get("date") or "") or school.local_today()
    context = {
        "date": day,
        "changes": selectors.timetable_change_list_for_day(school, day),
        "can_manage": permissions.can_manage_timetable(request.user, school),
    }
    return render(request, "school/timetable_change_list.html", context)


def bell_schedule_list(request):
    school = selectors.school_for_timetable(request.user, request.school)
    schedules = BellSchedule.objects.for_school(school).prefetch_related("bells")
    context = {
        "schedules": schedules,
        "can_manage": permissions.can_manage_timetable(request.user, school),
    }
    return render(request, "school/timetable_bell_list.html", context)


def bell_schedule_edit(request, schedule_id: int | None = None):
    school = _manager_school(request)
    schedule = None
    initial = {"is_default": True}
    if schedule_id is not None:
        schedule = get_object_or_404(
            BellSchedule.objects.for_school(school), pk=schedule_id
        )
        initial = BellScheduleForm.initial_for(schedule)
    form = BellScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "bells": data["bells"],
            "is_default": data["is_default"],
        }
        try:
            if schedule is None:
                services.bell_schedule_create(
                    actor=request.user, school=school, **fields
                )
            else:
                services.bell_schedule_update(
                    actor=request.user, schedule=schedule, **fields
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, BELLS_SAVED)
            return redirect("school:bell-schedule-list")
    context = {"form": form, "schedule": schedule}
    return render(request, "school/timetable_bell_form.html", context)
