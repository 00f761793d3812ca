"""The sysadmin's page of backups and the «Выгрузка всех данных»."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from school.http import client_ip, role_required
from school.models import Event, Role

from . import events, permissions, selectors
from .copies import Kind
from .forms import ExportForm
from .models import ExportJob, ExportStatus
from .services import exports


def _job_for(request, pk: int) -> ExportJob:
    """A job of the active school that the user may export; else the same 404."""
    school = request.school
    if not permissions.can_export_school(request.user, school):
        raise Http404
    job = ExportJob.objects.for_school(school).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@role_required(Role.SYSADMIN)
def backup_page(request, form=None):
    school = request.school
    if not permissions.can_view_backups(request.user, school):
        raise Http404
    context = {
        "health": selectors.backup_health(),
        "copies": selectors.backup_list()[:60],
        "free": selectors.free_space(),
        "kinds": Kind.LABELS,
        "max_age": settings.BACKUP_MAX_AGE_HOURS,
        "mirror": settings.BACKUP_MIRROR_DIR,
        "events": Event.objects.filter(
            school__isnull=True, code__startswith="archive.backup."
        )[:10],
        "form": form or ExportForm(),
        "jobs": ExportJob.objects.for_school(school)[:10],
        "can_export": permissions.can_export_school(request.user, school),
    }
    return render(request, "archive/backup_page.html", context)


@require_POST
@role_required(Role.SYSADMIN)
def export_create(request):
    form = ExportForm(request.POST)
    if form.is_valid():
        try:
            exports.export_request(
                actor=request.user, school=request.school, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("archive:backup-page")
    return backup_page(request, form=form)


@role_required(Role.SYSADMIN)
def export_detail(request, pk: int):
    job = _job_for(request, pk)
    return render(request, "archive/backup_page.html#export-row", {"job": job})


@role_required(Role.SYSADMIN)
def export_download(request, pk: int):
    job = _job_for(request, pk)
    if job.status != ExportStatus.DONE or not job.file_name:
        raise Http404
    path = Path(settings.EXPORT_DIR) / Path(job.file_name).name
    if not path.is_file():
        raise Http404
    events.export_downloaded(
        actor=request.user, school=job.school, job=job.pk, ip=client_ip(request)
    )
    handle = path.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=path.name)
    response["Cache-Control"] = "no-store"
    return response
