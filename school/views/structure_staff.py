"""Staff hires and dismissals, the curriculum and the teaching load (B2, B4, B9)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms.structure import (
    CurriculumLineForm,
    EndDateForm,
    StaffDismissForm,
    StaffHireForm,
    TeachingAssignmentForm,
)
from ..models import StudyGroup, Subject
from ..selectors import setup as pages
from ..services import people
from ..services import structure as services
from .structure import form_page, with_year

HIRED = _("The hire has been recorded.")
DISMISSED = _("The dismissal has been recorded.")
CURRICULUM_SET = _("The curriculum has been saved.")
LOAD_CREATED = _("The teaching load has been assigned.")
LOAD_ENDED = _("The teaching load has been ended.")


def staff_list(request):
    staff = pages.staff_list_for_user(request.user, request.school)
    can_hire = permissions.can_manage_staff(request.user, request.school)
    context = {
        "staff": staff,
        "can_hire": can_hire,
        "form": StaffHireForm() if can_hire else None,
        "dismiss_form": StaffDismissForm() if can_hire else None,
    }
    return render(request, "school/structure_staff_list.html", context)


def staff_hire(request):
    school = pages.staff_school_for_hire(request.user, request.school)
    return form_page(
        request,
        StaffHireForm(request.POST or None),
        title=_("Hire"),
        save=lambda d: people.staff_hire(actor=request.user, school=school, **d),
        success=HIRED,
        done=reverse("school:staff-list"),
    )


def staff_dismiss(request, staff_id: int):
    staff = pages.staff_get_for_dismiss(request.user, request.school, staff_id)
    return form_page(
        request,
        StaffDismissForm(request.POST or None),
        title=_("Dismissal"),
        intro=str(staff),
        save=lambda d: people.staff_dismiss(actor=request.user, staff=staff, **d),
        success=DISMISSED,
        done=reverse("school:staff-list"),
    )


def _subjects(school):
    return Subject.objects.for_school(school).filter(is_active=True)


@with_year
def curriculum(request, year):
    school = request.school
    context = {
        "year": year,
        "table": pages.curriculum_table(school, year),
        "can_manage": permissions.can_manage_structure(request.user, school),
        "form": CurriculumLineForm(subjects=_subjects(school)),
    }
    return render(request, "school/structure_curriculum.html", context)


@with_year
def curriculum_set(request, year):
    school = pages.structure_school_for_edit(request.user, request.school)
    return form_page(
        request,
        CurriculumLineForm(request.POST or None, subjects=_subjects(school)),
        title=_("Hours in the curriculum"),
        save=lambda d: services.curriculum_line_set(actor=request.user, year=year, **d),
        success=CURRICULUM_SET,
        done=reverse("school:curriculum"),
    )


def _load_form(request, year, data=None):
    school = request.school
    return TeachingAssignmentForm(
        data,
        year=year,
        teachers=pages.teachers_of(school),
        subjects=_subjects(school),
        groups=StudyGroup.objects.for_school(school).filter(year=year),
        initial={"starts_on": max(year.starts_on, school.local_today())},
    )


@with_year
def load(request, year):
    school = request.school
    today = school.local_today()
    can_manage = permissions.can_manage_structure(request.user, school)
    context = {
        "year": year,
        "today": today,
        "assignments": pages.load_list(school, year),
        "totals": pages.load_totals(school, year, today),
        "can_manage": can_manage,
        "form": _load_form(request, year) if can_manage else None,
    }
    return render(request, "school/structure_load.html", context)


@with_year
def load_create(request, year):
    pages.structure_school_for_edit(request.user, request.school)
    return form_page(
        request,
        _load_form(request, year, request.POST or None),
        title=_("New teaching load"),
        save=lambda d: services.teaching_assignment_create(
            actor=request.user, year=year, **d
        ),
        success=LOAD_CREATED,
        done=reverse("school:load"),
    )


def load_end(request, assignment_id: int):
    assignment = pages.assignment_get_for_edit(
        request.user, request.school, assignment_id
    )
    return form_page(
        request,
        EndDateForm(request.POST or None),
        title=_("End the teaching load"),
        intro=str(assignment),
        save=lambda d: services.teaching_assignment_end(
            actor=request.user, assignment=assignment, **d
        ),
        success=LOAD_ENDED,
        done=reverse("school:load"),
    )
