"""Imports of lists (upload, preview, apply) and their XLSX exports (B10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from .. import imports as kinds
from ..errors import ApplicationError
from ..forms.imports import ImportUploadForm
from ..http import role_required
from ..models import ImportKind, ImportStatus, Role
from ..selectors import imports as selectors
from ..services import imports as services

IMPORT_ROLES = (Role.DEPUTY, Role.DIRECTOR, Role.SYSADMIN, Role.HR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

APPLIED = _("The list has been imported.")
ROLLED_BACK = _("The import was not applied: some rows failed. Nothing was written.")


def _kinds(request) -> list[str]:
    allowed = selectors.import_kinds_for_user(request.user, request.school)
    if not allowed:
        raise Http404
    return allowed


@role_required(*IMPORT_ROLES)
def import_list(request):
    allowed = _kinds(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, kinds=allowed)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.import_job_create(
            actor=request.user,
            school=request.school,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
        )
        return redirect("school:import-detail", pk=job.pk)
    context = {
        "form": form,
        "jobs": selectors.import_job_list_for_user(request.user, request.school)[:50],
        "formats": [
            (ImportKind(k).label, kinds.get(k).COLUMNS)
            for k in allowed
            if k in kinds.KINDS
        ],
        "exports": [
            (k, ImportKind(k).label) for k in selectors.EXPORT_KINDS if k in allowed
        ],
    }
    return render(request, "school/import_list.html", context)


@role_required(*IMPORT_ROLES)
def import_detail(request, pk: int):
    job = selectors.import_job_get_for_user(request.user, request.school, pk)
    if request.method == "POST":
        try:
            job = services.import_job_apply(actor=request.user, job=job)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if job.status == ImportStatus.APPLIED:
                messages.success(request, APPLIED)
            else:
                messages.error(request, ROLLED_BACK)
        return redirect("school:import-detail", pk=job.pk)
    listed = (
        job.errors
        if job.status == ImportStatus.INVALID
        else job.summary.get("rows", [])
    )
    page = Paginator(listed, services.PREVIEW_ROWS).get_page(request.GET.get("page"))
    total = job.summary.get("errors", len(job.errors))
    return render(
        request,
        "school/import_detail.html",
        {"job": job, "page": page, "errors_total": total},
    )


@role_required(*IMPORT_ROLES)
def export(request, kind: str):
    if kind not in selectors.EXPORT_KINDS or kind not in _kinds(request):
        raise Http404
    content = services.export_workbook(
        actor=request.user, school=request.school, kind=kind
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"{ImportKind(kind).label}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
