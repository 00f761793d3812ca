"""A pupil's card: classes with orders, parents, and correcting names (B8, B9)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms.structure import GuardianLinkForm, IndividualPlanForm, PersonEditForm
from ..selectors import setup as pages
from ..selectors.accounts import academic_year_current
from ..services import people
from ..services import structure as services
from ..services.people import pupil_person_update
from .structure import form_page

PERSON_SAVED = _("The details have been saved.")
PARENT_UNLINKED = _("The parent has been removed from the pupil.")
PLAN_CREATED = _("The pupil has been put on an individual study plan.")


def pupil_detail(request, student_id: int):
    student = pages.student_get_for_view(request.user, request.school, student_id)
    current = pages.student_current_class(student)
    can_manage = permissions.can_manage_structure(request.user, student.school)
    year = academic_year_current(student.school)
    context = {
        "student": student,
        "current_class": current,
        **pages.student_history(student),
        "can_manage": can_manage,
        "can_keep": permissions.can_keep_pupil(request.user, student, current),
        "link_form": GuardianLinkForm(),
        "year": year,
        "plan": pages.individual_plan_of(student, year),
        "plan_form": IndividualPlanForm() if can_manage and year else None,
    }
    return render(request, "school/structure_pupil_detail.html", context)


def _person_initial(person) -> dict:
    return {f: getattr(person, f) for f in PersonEditForm.base_fields}


def _edit_person(request, student, person, title):
    return form_page(
        request,
        PersonEditForm(request.POST or None, initial=_person_initial(person)),
        title=title,
        intro=str(person),
        save=lambda d: pupil_person_update(
            actor=request.user, student=student, person=person, **d
        ),
        success=PERSON_SAVED,
        done=reverse("school:pupil-detail", args=[student.pk]),
    )


def pupil_edit(request, student_id: int):
    student = pages.student_get_for_keep(request.user, request.school, student_id)
    return _edit_person(request, student, student.user, _("Pupil's details"))


def guardian_edit(request, student_id: int, link_id: int):
    student = pages.student_get_for_keep(request.user, request.school, student_id)
    link = pages.guardian_link_get(student, link_id)
    return _edit_person(request, student, link.guardian.user, _("Parent's details"))


@require_POST
def guardian_unlink(request, student_id: int, link_id: int):
    student = pages.student_get_for_keep(request.user, request.school, student_id)
    link = pages.guardian_link_get(student, link_id)
    people.guardian_unlink(actor=request.user, link=link)
    messages.success(request, PARENT_UNLINKED)
    return redirect("school:pupil-detail", student_id=student.pk)


def individual_plan_create(request, student_id: int):
    student = pages.student_get_for_move(request.user, request.school, student_id)
    year = academic_year_current(student.school)
    if year is None:
        raise Http404
    return form_page(
        request,
        IndividualPlanForm(request.POST or None, year=year, student=student),
        title=_("Transfer to an individual study plan"),
        intro=str(student),
        save=lambda d: services.individual_plan_create(
            actor=request.user, year=year, student=student, **d
        ),
        success=PLAN_CREATED,
        done=reverse("school:pupil-detail", args=[student.pk]),
    )
