"""Topic plans (КТП) and the control-work schedule (ВШК) pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..errors import ApplicationError
from ..forms.plans import (
    ControlWorkForm,
    PlanCopyForm,
    PlanImportForm,
    PlanItemForm,
    month_end,
    month_step,
    parse_month,
)
from ..models import SchoolClass
from ..selectors import plans as selectors
from ..selectors.accounts import academic_year_current
from ..services import control_works
from ..services import plans as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LESSON_ADDED = _("The lesson is added to the plan.")
LESSON_SAVED = _("The lesson is saved.")
LESSON_DELETED = _("The lesson is deleted; the lessons after it moved up.")
PLAN_LOADED = _(
    "The plan is loaded: %(lessons)s lessons (new: %(created)s, changed: "
    "%(updated)s, removed: %(deleted)s)."
)
PLAN_COPIED = _("The plan is copied: %(lessons)s lessons.")
WORK_SAVED = _("The control work is saved in the schedule.")
WORK_DELETED = _("The control work is removed from the schedule.")
NO_YEAR = _("The school has no current academic year yet.")


def _staff_school(request):
    school = request.school
    if school is None or not permissions.can_view_control_works(request.user, school):
        raise Http404
    return school


def _add_errors(form, error: ValidationError | ApplicationError) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, str(error.message))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- Plans --------------------------------------------------------------------


def plan_list(request):
    school = _staff_school(request)
    year = academic_year_current(school)
    rows = selectors.plan_rows_for_user(request.user, school, year) if year else []
    context = {"year": year, "rows": rows, "no_year": NO_YEAR}
    return render(request, "school/plan_list.html", context)


def _plan_of(request, group_id: int, subject_id: int, *, edit: bool = False):
    school = _staff_school(request)
    group = selectors.plan_group_get_for_view(request.user, school, group_id)
    subject = selectors.plan_subject_get(school, subject_id)
    if edit and not permissions.can_edit_plan(request.user, group, subject):
        raise Http404
    return group, subject


def _detail(request, group, subject, status: int = 200, **forms):
    items = list(selectors.plan_item_list(group, subject))
    can_edit = permissions.can_edit_plan(request.user, group, subject)
    sources = selectors.plan_copy_sources(group, subject) if can_edit else []
    context = {
        "group": group,
        "subject": subject,
        "items": items,
        "can_edit": can_edit,
        "hours": sum(i.hours for i in items),
        "item_form": forms.get("item_form") or PlanItemForm(),
        "import_form": forms.get("import_form") or PlanImportForm(),
        "copy_form": forms.get("copy_form")
        or PlanCopyForm(
            sources=sources, initial={"shift_dates_to": group.year.starts_on}
        ),
        "sources": sources,
        "row_errors": forms.get("row_errors"),
    }
    return render(request, "school/plan_detail.html", context, status=status)


def plan_detail(request, group_id: int, subject_id: int):
    group, subject = _plan_of(request, group_id, subject_id)
    return _detail(request, group, subject)


@require_POST
def plan_item_create(request, group_id: int, subject_id: int):
    group, subject = _plan_of(request, group_id, subject_id, edit=True)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_create(
                actor=request.user, group=group, subject=subject, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, LESSON_ADDED)
            return redirect("school:plan-detail", group.pk, subject.pk)
    return _detail(request, group, subject, status=400, item_form=form)


def plan_item_update(request, group_id: int, subject_id: int, item_id: int):
    group, subject = _plan_of(request, group_id, subject_id, edit=True)
    item = selectors.plan_item_get_for_edit(request.user, group, subject, item_id)
    initial = {f: getattr(item, f) for f in ("number", *services.PLAN_FIELDS)}
    form = PlanItemForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_update(
                actor=request.user, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, LESSON_SAVED)
            return redirect("school:plan-detail", group.pk, subject.pk)
    context = {"group": group, "subject": subject, "item": item, "form": form}
    return render(request, "school/plan_item_form.html", context)


@require_POST
def plan_item_delete(request, group_id: int, subject_id: int, item_id: int):
    group, subject = _plan_of(request, group_id, subject_id, edit=True)
    item = selectors.plan_item_get_for_edit(request.user, group, subject, item_id)
    services.plan_item_delete(actor=request.user, item=item)
    messages.success(request, LESSON_DELETED)
    return redirect("school:plan-detail", group.pk, subject.pk)


@require_POST
def plan_import(request, group_id: int, subject_id: int):
    group, subject = _plan_of(request, group_id, subject_id, edit=True)
    form = PlanImportForm(request.POST, request.FILES)
    row_errors = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = services.plan_import(
                actor=request.user,
                group=group,
                subject=subject,
                file=upload,
                filename=upload.name,
            )
        except services.PlanFileInvalid as error:
            row_errors = error.rows
        except ValidationError as error:
            form.add_error("file", error)
        else:
            lessons = selectors.plan_item_list(group, subject).count()
            messages.success(request, PLAN_LOADED % {"lessons": lessons, **counts})
            return redirect("school:plan-detail", group.pk, subject.pk)
    return _detail(
        request, group, subject, status=400, import_form=form, row_errors=row_errors
    )


def plan_export(request, group_id: int, subject_id: int):
    group, subject = _plan_of(request, group_id, subject_id)
    data = services.plan_xlsx_write(selectors.plan_item_list(group, subject))
    response = HttpResponse(data, content_type=XLSX)
    name = f"КТП {group.name} {subject.name}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
def plan_copy(request, group_id: int, subject_id: int):
    group, subject = _plan_of(request, group_id, subject_id, edit=True)
    sources = selectors.plan_copy_sources(group, subject)
    form = PlanCopyForm(request.POST, sources=sources)
    if form.is_valid():
        source = next(s for s in sources if s.group.pk == form.cleaned_data["source"])
        try:
            services.plan_copy(
                actor=request.user,
                source_group=source.group,
                source_subject=subject,
                target_group=group,
                target_subject=subject,
                shift_dates_to=form.cleaned_data["shift_dates_to"],
                replace=form.cleaned_data["replace"],
            )
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, PLAN_COPIED % {"lessons": source.count})
            return redirect("school:plan-detail", group.pk, subject.pk)
    return _detail(request, group, subject, status=400, copy_form=form)


# --- Control works ------------------------------------------------------------


def control_work_list(request):
    school = _staff_school(request)
    first = parse_month(request.GET.get("month"), school.local_today())
    year = academic_year_current(school)
    classes = list(SchoolClass.objects.for_school(school).filter(year=year))
    chosen = next((c for c in classes if str(c.pk) == request.GET.get("class")), None)
    works = selectors.control_work_list_for_school(
        request.user, school, first, month_end(first)
    )
    if chosen is not None:
        works = works.filter(group__school_class=chosen)
    context = {
        "month": first,
        "previous": month_step(first, -1),
        "next": month_step(first, 1),
        "classes": classes,
        "chosen": chosen,
        "works": works,
        "can_manage": permissions.can_manage_control_works(request.user, school),
    }
    return render(request, "school/control_work_list.html", context)


def _work_form_page(request, work=None):
    school = _staff_school(request)
    if not permissions.can_manage_control_works(request.user, school):
        raise Http404
    year = work.year if work else academic_year_current(school)
    if year is None:
        raise Http404
    initial = {}
    if work is not None:
        initial = {f: getattr(work, f) for f in ControlWorkForm.base_fields}
    form = ControlWorkForm(
        request.POST or None, initial=initial, school=school, year=year
    )
    if request.method == "POST" and form.is_valid():
        try:
            if work is None:
                work = control_works.control_work_create(
                    actor=request.user, **form.cleaned_data
                )
            else:
                control_works.control_work_update(
                    actor=request.user, work=work, **form.cleaned_data
                )
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, WORK_SAVED)
            url = redirect("school:control-work-list").url
            return redirect(f"{url}?month={work.date:%Y-%m}")
    context = {"form": form, "work": work}
    return render(request, "school/control_work_form.html", context)


def control_work_create(request):
    return _work_form_page(request)


def control_work_update(request, work_id: int):
    work = selectors.control_work_get_for_edit(request.user, request.school, work_id)
    return _work_form_page(request, work)


@require_POST
def control_work_delete(request, work_id: int):
    work = selectors.control_work_get_for_edit(request.user, request.school, work_id)
    control_works.control_work_delete(actor=request.user, work=work)
    messages.success(request, WORK_DELETED)
    url = redirect("school:control-work-list").url
    return redirect(f"{url}?month={work.date:%Y-%m}")
