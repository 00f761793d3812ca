"""The school calendar and the reference lists (B1, B2, B7)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms.structure import (
    GradingScaleForm,
    HolidayForm,
    PeriodSchemeForm,
    RoomForm,
    SubjectEditForm,
    SubjectForm,
    WorkKindForm,
)
from ..selectors import setup as pages
from ..selectors.structure import calendar_for_year
from ..services import structure as services
from ..services.structure import room_update as room_update_service
from .structure import form_page, with_year

SCHEME_CREATED = _("The period scheme has been saved.")
HOLIDAY_CREATED = _("The holidays have been saved.")
SUBJECT_CREATED = _("The subject has been added.")
SUBJECT_UPDATED = _("The subject has been saved.")
ROOM_CREATED = _("The room has been added.")
ROOM_UPDATED = _("The room has been saved.")
SCALE_CREATED = _("The grading scale has been added.")
WORK_KIND_CREATED = _("The kind of work has been added.")


def _can_manage(request) -> bool:
    return permissions.can_manage_structure(request.user, request.school)


@with_year
def calendar(request, year):
    data = calendar_for_year(year)
    context = {
        "year": year,
        **data,
        "timeline": pages.calendar_timeline(year, data["schemes"], data["holidays"]),
        "can_manage": _can_manage(request),
        "scheme_form": PeriodSchemeForm(),
        "holiday_form": HolidayForm(),
    }
    return render(request, "school/structure_calendar.html", context)


@with_year
def period_scheme_create(request, year):
    pages.structure_school_for_edit(request.user, request.school)
    form = PeriodSchemeForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("New period scheme"),
        save=lambda d: services.period_scheme_create(
            actor=request.user,
            year=year,
            name=d["name"],
            kind=d["kind"],
            grade_from=d["grade_from"],
            grade_to=d["grade_to"],
            periods=d["periods"],
        ),
        success=SCHEME_CREATED,
        done=reverse("school:calendar"),
    )


@with_year
def holiday_create(request, year):
    pages.structure_school_for_edit(request.user, request.school)
    form = HolidayForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("New holidays or day off"),
        save=lambda d: services.holiday_create(actor=request.user, year=year, **d),
        success=HOLIDAY_CREATED,
        done=reverse("school:calendar"),
    )


def reference(request):
    school = pages.structure_school_for_view(request.user, request.school)
    context = {
        **pages.reference_lists(school),
        "can_manage": _can_manage(request),
        "subject_form": SubjectForm(),
        "room_form": RoomForm(),
        "scale_form": GradingScaleForm(),
        "work_kind_form": WorkKindForm(),
    }
    return render(request, "school/structure_reference.html", context)


def _reference_form(request, form_class, *, title, service, success):
    school = pages.structure_school_for_edit(request.user, request.school)
    return form_page(
        request,
        form_class(request.POST or None),
        title=title,
        save=lambda d: service(actor=request.user, school=school, **d),
        success=success,
        done=reverse("school:reference"),
    )


def subject_create(request):
    return _reference_form(
        request,
        SubjectForm,
        title=_("New subject"),
        service=services.subject_create,
        success=SUBJECT_CREATED,
    )


def subject_update(request, subject_id: int):
    subject = pages.subject_get_for_edit(request.user, request.school, subject_id)
    initial = {f: getattr(subject, f) for f in SubjectEditForm.base_fields}
    return form_page(
        request,
        SubjectEditForm(request.POST or None, initial=initial),
        title=_("Edit subject"),
        save=lambda d: services.subject_update(
            actor=request.user, subject=subject, **d
        ),
        success=SUBJECT_UPDATED,
        done=reverse("school:reference"),
    )


def room_create(request):
    return _reference_form(
        request,
        RoomForm,
        title=_("New room"),
        service=services.room_create,
        success=ROOM_CREATED,
    )


def room_update(request, room_id: int):
    room = pages.room_get_for_edit(request.user, request.school, room_id)
    initial = {f: getattr(room, f) for f in RoomForm.base_fields}
    return form_page(
        request,
        RoomForm(request.POST or None, initial=initial),
        title=_("Edit room"),
        save=lambda d: room_update_service(actor=request.user, room=room, **d),
        success=ROOM_UPDATED,
        done=reverse("school:reference"),
    )


def grading_scale_create(request):
    return _reference_form(
        request,
        GradingScaleForm,
        title=_("New grading scale"),
        service=services.grading_scale_create,
        success=SCALE_CREATED,
    )


def work_kind_create(request):
    return _reference_form(
        request,
        WorkKindForm,
        title=_("New kind of work"),
        service=services.work_kind_create,
        success=WORK_KIND_CREATED,
    )
