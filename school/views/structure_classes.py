"""Classes, their pupils and parents, and pupil movement by order (B3, B8, B9)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms.structure import (
    ClassTeacherForm,
    GuardianLinkForm,
    SchoolClassForm,
    StudentAdmitForm,
    StudentLeaveForm,
    StudentTransferForm,
)
from ..selectors import setup as pages
from ..selectors.structure import class_get_for_view
from ..services import people
from ..services import structure as services
from .structure import form_page, with_year

CLASS_CREATED = _("The class has been created.")
ADMITTED = _("The pupil has been admitted.")
TRANSFERRED = _("The pupil has been transferred.")
LEFT = _("The pupil's leaving has been recorded.")
PARENT_LINKED = _("The parent has been added.")
CLASS_TEACHER_SAVED = _("The class teacher has been saved.")


def _today(request):
    return request.school.local_today()


def _timetable_url(school_class):
    """The class timetable, if that page is installed."""
    try:
        return reverse("school:timetable-class", args=[school_class.pk])
    except NoReverseMatch:
        return None


@with_year
def class_list(request, year):
    school = request.school
    context = {
        "year": year,
        "classes": pages.class_list_with_counts(
            request.user, school, year, _today(request)
        ),
        "can_manage": permissions.can_manage_structure(request.user, school),
        "form": SchoolClassForm(teachers=pages.teachers_of(school)),
    }
    return render(request, "school/structure_class_list.html", context)


@with_year
def class_create(request, year):
    school = pages.structure_school_for_edit(request.user, request.school)
    form = SchoolClassForm(request.POST or None, teachers=pages.teachers_of(school))
    return form_page(
        request,
        form,
        title=_("New class"),
        save=lambda d: services.school_class_create(actor=request.user, year=year, **d),
        success=CLASS_CREATED,
        done=reverse("school:class-list"),
    )


def class_detail(request, class_id: int):
    school_class = class_get_for_view(request.user, request.school, class_id)
    user, school = request.user, school_class.school
    can_manage = permissions.can_manage_structure(user, school)
    context = {
        "school_class": school_class,
        "today": _today(request),
        "pupils": pages.class_roster(school_class, _today(request)),
        "departures": pages.class_departures(school_class),
        "groups": pages.class_groups(school_class),
        "timetable_url": _timetable_url(school_class),
        "can_manage": can_manage,
        "can_keep": permissions.can_keep_class_people(user, school_class),
        "admit_form": StudentAdmitForm(school=school) if can_manage else None,
        "teacher_form": _teacher_form(school_class) if can_manage else None,
    }
    return render(request, "school/structure_class_detail.html", context)


def _teacher_form(school_class, data=None):
    initial = {"teacher": school_class.class_teacher_id}
    teachers = pages.teachers_of(school_class.school)
    return ClassTeacherForm(data, teachers=teachers, initial=initial)


def class_teacher_assign(request, class_id: int):
    school_class = class_get_for_view(request.user, request.school, class_id)
    pages.structure_school_for_edit(request.user, request.school)
    return form_page(
        request,
        _teacher_form(school_class, request.POST or None),
        title=_("Class teacher"),
        intro=_("Class %(name)s") % {"name": school_class.name},
        save=lambda d: services.class_teacher_assign(
            actor=request.user, school_class=school_class, teacher=d["teacher"]
        ),
        success=CLASS_TEACHER_SAVED,
        done=reverse("school:class-detail", args=[school_class.pk]),
    )


def student_admit(request, class_id: int):
    school_class = class_get_for_view(request.user, request.school, class_id)
    pages.structure_school_for_edit(request.user, request.school)
    form = StudentAdmitForm(
        request.POST or None, school=school_class.school, year=school_class.year
    )
    back = reverse("school:class-detail", args=[school_class.pk])
    return form_page(
        request,
        form,
        title=_("Admission to class %(class)s") % {"class": school_class.name},
        save=lambda d: people.student_admit(
            actor=request.user, school_class=school_class, **d
        ),
        success=ADMITTED,
        done=back,
    )


def _pupil_back(student):
    return reverse("school:pupil-detail", args=[student.pk])


def student_transfer(request, student_id: int):
    student = pages.student_get_for_move(request.user, request.school, student_id)
    current = pages.student_current_class(student)
    if current is None:
        raise Http404
    classes = pages.classes_of_year(request.school, current.year).exclude(pk=current.pk)
    form = StudentTransferForm(request.POST or None, classes=classes, year=current.year)
    return form_page(
        request,
        form,
        title=_("Transfer to another class"),
        intro=str(student),
        save=lambda d: people.student_transfer(
            actor=request.user, student=student, **d
        ),
        success=TRANSFERRED,
        done=_pupil_back(student),
    )


def student_leave(request, student_id: int):
    student = pages.student_get_for_move(request.user, request.school, student_id)
    return form_page(
        request,
        StudentLeaveForm(request.POST or None),
        title=_("Leaving the school"),
        intro=str(student),
        save=lambda d: people.student_leave(actor=request.user, student=student, **d),
        success=LEFT,
        done=_pupil_back(student),
    )


def guardian_link(request, student_id: int):
    student = pages.student_get_for_keep(request.user, request.school, student_id)
    return form_page(
        request,
        GuardianLinkForm(request.POST or None),
        title=_("Add a parent (legal guardian)"),
        intro=str(student),
        save=lambda d: people.guardian_link(actor=request.user, student=student, **d),
        success=PARENT_LINKED,
        done=_pupil_back(student),
    )
