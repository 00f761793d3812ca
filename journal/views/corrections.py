"""Correction requests: the teacher's form and list, the deputy's queue (C7)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from journal import permissions
from journal.forms.corrections import CorrectionForm, DecisionForm
from journal.selectors import corrections as selectors_corrections
from journal.selectors import lessons as selectors_lessons
from journal.selectors import periods as selectors_periods
from journal.services import corrections as services_corrections
from journal.views.common import add_errors, parse_day
from school.errors import ApplicationError

REQUEST_FILED = _("The correction request is filed and waits for the deputy.")
REQUEST_APPROVED = _("The request is approved and the change is applied.")
REQUEST_REJECTED = _("The request is rejected.")


# --- Correction requests -------------------------------------------------------


def correction_create(request, group_id, subject_id, day, number):
    slot = selectors_lessons.lesson_slot_get(
        request.user, request.school, group_id, subject_id, parse_day(day), number
    )
    if not slot.can_edit:
        raise Http404
    form = CorrectionForm(
        request.POST or None,
        initial={"student": request.GET.get("student")},
        pupils=slot.pupils,
        work_kinds=selectors_lessons.work_kinds_for(slot.group.school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_corrections.correction_request_file(
                actor=request.user,
                group=slot.group,
                subject=slot.subject,
                date=slot.date,
                lesson_number=slot.number,
                lesson=slot.lesson,
                changes=[form.change()],
                changes_text=form.cleaned_data["changes_text"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, ApplicationError) as error:
            add_errors(form, error)
        else:
            messages.success(request, REQUEST_FILED)
            return redirect("journal:correction-list")
    context = {"slot": slot, "form": form, "today": request.school.local_today()}
    return render(request, "journal/page_correction_form.html", context)


def correction_list(request):
    rows = selectors_corrections.correction_list_for_teacher(
        request.user, request.school
    )
    can_decide = permissions.can_decide_corrections(request.user, request.school)
    context = {"rows": rows, "can_decide": can_decide}
    return render(request, "journal/page_correction_list.html", context)


def correction_queue(request, form=None, failed=None):
    queue = selectors_corrections.correction_queue_for_decider(
        request.user, request.school
    )
    context = {
        **queue,
        "form": form or DecisionForm(),
        "failed": failed,
        "periods": selectors_periods.periods_to_close(request.school),
    }
    return render(request, "journal/page_correction_queue.html", context)


@require_POST
def correction_decide(request, request_id):
    correction = selectors_corrections.correction_get_for_decide(
        request.user, request.school, request_id
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["approve"]
        try:
            services_corrections.correction_request_decide(
                actor=request.user,
                request=correction,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, ApplicationError) as error:
            add_errors(form, error)
        else:
            messages.success(request, REQUEST_APPROVED if approve else REQUEST_REJECTED)
            return redirect("journal:correction-queue")
    return correction_queue(request, form=form, failed=correction.pk)
