"""The bulk credentials page: choose a class (or the staff), get a PDF of slips."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms.credentials import STAFF_TARGET, CredentialsIssueForm
from ..http import role_required
from ..models import CredentialsJob, CredentialsJobStatus, Role
from ..selectors import credentials as selectors
from ..services import credentials as services
from ..services import credentials_jobs as jobs

NOBODY_NEEDS = _(
    "Everyone chosen already has a login and password. To replace them, tick "
    "«issue new passwords» and the confirmation."
)
ISSUED = _(
    "Slips printed: %(count)s. Skipped, as they already have a password: %(skipped)s."
)


def _target(request, value: str):
    """The chosen class, None for the staff; anything not allowed is a 404."""
    if value == STAFF_TARGET:
        if request.membership.role != Role.SYSADMIN:
            raise Http404
        return None
    if not value.isdigit():
        raise Http404
    return selectors.credentials_class_get_for_issue(
        request.user, request.membership, int(value)
    )


def _pdf_response(request, batch, school_class) -> HttpResponse:
    school = request.school
    pdf = services.render_slips_pdf(batch, school=school)
    name = services.slips_filename(school=school, school_class=school_class)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The passwords exist only in this response: no cache may keep it.
    response["Cache-Control"] = "no-store, private"
    return response


def _issue(request, school_class, data):
    if school_class is None:
        return services.credentials_issue_for_staff(
            actor=request.user, school=request.school, reissue=data["reissue"]
        )
    return services.credentials_issue_for_class(
        actor=request.user,
        school_class=school_class,
        audience=data["audience"],
        reissue=data["reissue"],
    )


def _handle_post(request, form):
    """The PDF of the staff's slips, a class's job page, or None with the reason
    put on the form."""
    school_class = _target(request, request.POST.get("target", ""))
    if not form.is_valid():
        return None
    if school_class is not None:
        # A class's passwords take long to hash: a Celery job, with a progress bar.
        data = form.cleaned_data
        if not jobs.credentials_job_needed(
            actor=request.user,
            school_class=school_class,
            audience=data["audience"],
            reissue=data["reissue"],
        ):
            form.add_error(None, NOBODY_NEEDS)
            return None
        try:
            job = jobs.credentials_job_create(
                actor=request.user,
                school_class=school_class,
                audience=data["audience"],
                reissue=data["reissue"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return redirect("school:credentials-job", job_id=job.pk)
    try:
        batch = _issue(request, school_class, form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if not batch:
        form.add_error(None, NOBODY_NEEDS)
        return None
    messages.success(request, ISSUED % {"count": len(batch), "skipped": batch.skipped})
    return _pdf_response(request, batch, school_class)


@role_required(Role.CLASS_TEACHER, Role.SYSADMIN)
def credentials_page(request):
    membership = request.membership
    classes = list(selectors.credentials_class_list_for_issue(request.user, membership))
    staff = membership.role == Role.SYSADMIN and (
        permissions.can_issue_staff_credentials(request.user, request.school)
    )
    form = CredentialsIssueForm(request.POST or None, classes=classes, staff=staff)
    if request.method == "POST" and (response := _handle_post(request, form)):
        return response
    counts = selectors.credentials_class_counts(classes)
    staff_counts = selectors.credentials_staff_counts(request.school) if staff else None
    context = {
        "form": form,
        "rows": [(c, counts.get(c.pk)) for c in classes],
        "staff_counts": staff_counts,
    }
    return render(request, "school/credentials_issue.html", context)


@role_required(Role.CLASS_TEACHER, Role.SYSADMIN)
def credentials_job(request, job_id: int):
    """The job's progress; polled by htmx until the PDF is ready."""
    job = jobs.credentials_job_get(request.user, request.school, job_id)
    has_pdf = CredentialsJob.objects.filter(pk=job.pk, pdf__isnull=False).exists()
    finished = job.status in (CredentialsJobStatus.DONE, CredentialsJobStatus.FAILED)
    context = {"job": job, "has_pdf": has_pdf, "finished": finished}
    template = "school/credentials_job.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@role_required(Role.CLASS_TEACHER, Role.SYSADMIN)
def credentials_job_pdf(request, job_id: int):
    """The slips, once: the passwords are dropped when they are handed over."""
    job = jobs.credentials_job_get(request.user, request.school, job_id)
    pdf = jobs.credentials_job_pdf_take(actor=request.user, job=job)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
