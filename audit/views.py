"""Compromise report pages: report, the list, and the review of one report (A6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from school.errors import ApplicationError
from school.http import role_required
from school.models import Role
from school.services import credentials

from . import compromise as services
from .forms import CompromiseCreateForm, CompromiseSelfForm
from .models import CompromiseReport, ItemDecision

READERS = (Role.SYSADMIN, Role.DEPUTY, Role.DIRECTOR)

LOCKED_SELF = _(
    "Your account is locked and you are logged out. Ask the school's system "
    "administrator for a new password."
)
LOCKED_OTHER = _(
    "The account is locked and its sessions ended. Issue a new password below when "
    "the person comes for it."
)


def compromise_self(request):
    school = request.school
    if school is None:
        raise Http404
    form = CompromiseSelfForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.compromise_report(
                actor=request.user,
                user=request.user,
                school=school,
                since=form.cleaned_data["since"],
            )
        except ValidationError as error:
            form.add_error("since", error)
        else:
            logout(request)
            messages.warning(request, LOCKED_SELF)
            return redirect("login")
    return render(request, "audit/compromise_self.html", {"form": form})


@role_required(Role.SYSADMIN)
def compromise_create(request):
    form = CompromiseCreateForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.compromise_report(
                actor=request.user,
                user=form.cleaned_data["user"],
                school=request.school,
                since=form.cleaned_data["since"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, LOCKED_OTHER)
            return redirect("audit:compromise-detail", pk=report.pk)
    return render(request, "audit/compromise_create.html", {"form": form})


@role_required(*READERS)
def compromise_list(request):
    reports = CompromiseReport.objects.filter(school=request.school).select_related(
        "user", "reported_by"
    )
    return render(request, "audit/compromise_list.html", {"reports": reports[:200]})


def _report(request, pk: int) -> CompromiseReport:
    return get_object_or_404(
        CompromiseReport.objects.select_related("user", "reported_by", "school"),
        pk=pk,
        school=request.school,
    )


@role_required(*READERS)
def compromise_detail(request, pk: int):
    report = _report(request, pk)
    context = {
        "report": report,
        "items": report.items.select_related("decided_by"),
        "can_review": services.can_review_compromise(request.user, report.school),
        "can_issue": request.membership.role == Role.SYSADMIN,
        "pending": ItemDecision.PENDING,
    }
    return render(request, "audit/compromise_detail.html", context)


@require_POST
@role_required(Role.DEPUTY, Role.DIRECTOR)
def compromise_review(request, pk: int):
    report = _report(request, pk)
    action, item_id = request.POST.get("action", ""), request.POST.get("item", "")
    try:
        if action == "revert_all":
            services.compromise_revert_all(actor=request.user, report=report)
        elif action in ("revert", "confirm") and item_id.isdigit():
            item = get_object_or_404(report.items, pk=int(item_id))
            if action == "revert":
                services.compromise_item_revert(actor=request.user, item=item)
            else:
                services.compromise_item_confirm(actor=request.user, item=item)
        else:
            raise Http404
    except (ApplicationError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or error.messages[0])
    return redirect("audit:compromise-detail", pk=report.pk)


@require_POST
@role_required(Role.SYSADMIN)
def compromise_password(request, pk: int):
    report = _report(request, pk)
    batch = credentials.credentials_issue_for_person(
        actor=request.user, school=report.school, user=report.user
    )
    pdf = credentials.render_slips_pdf(batch, school=report.school)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{report.pk}.pdf"'
    # The password exists only in this response: no cache may keep it.
    response["Cache-Control"] = "no-store, private"
    return response
