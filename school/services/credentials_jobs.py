"""A class's logins issued by a Celery job: the slow part (hashing one password a
person) runs before the one transaction that writes them, reporting progress to
the job row that the page polls; the PDF waits for its requester, once."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.selectors.credentials import (
    AUDIENCES,
    credentials_recipients_for_class,
    has_credentials,
)

from .. import permissions
from ..models import (
    CredentialsJob,
    CredentialsJobStatus,
    School,
    SchoolClass,
    User,
)
from . import credentials

log = logging.getLogger(__name__)

# Progress is written every few people: enough for the bar, few writes.
PROGRESS_STEP = 3
# An unfetched PDF with passwords is dropped after this long.
PDF_KEPT = datetime.timedelta(hours=2)
JOB_FAILED = _(
    "The slips could not be prepared; nothing was changed. Try again, and if it "
    "fails again, tell the system administrator."
)
NOBODY_NEEDS = _(
    "Everyone chosen already has a login and password. To replace them, tick "
    "«issue new passwords» and the confirmation."
)


@transaction.atomic
def credentials_job_create(
    *, actor: User, school_class: SchoolClass, audience: str, reissue: bool = False
) -> CredentialsJob:
    """Queue the issue of a class's logins; the worker does it after commit."""
    from ..tasks import credentials_job_run_task

    permissions.ensure_can_issue_class_credentials(actor, school_class)
    if audience not in AUDIENCES:
        raise ValidationError(credentials.UNKNOWN_AUDIENCE)
    job = CredentialsJob(
        school=school_class.school,
        requested_by=actor,
        school_class=school_class,
        audience=audience,
        reissue=reissue,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: credentials_job_run_task.delay(job.pk))
    return job


def _candidates(job: CredentialsJob) -> list[User]:
    recipients = credentials_recipients_for_class(job.school_class, job.audience)
    users = [r.user for r in recipients if r.user.pk != job.requested_by_id]
    return [u for u in users if job.reissue or not has_credentials(u)]


def credentials_job_needed(
    *, actor: User, school_class: SchoolClass, audience: str, reissue: bool
) -> int:
    """How many of the class's chosen people the issue would give a password."""
    job = CredentialsJob(
        school_class=school_class,
        requested_by=actor,
        audience=audience,
        reissue=reissue,
    )
    return len(_candidates(job)) if audience in AUDIENCES else 1


def _progress(job: CredentialsJob, done: int) -> None:
    job.done = done
    job.save(update_fields=["done"])


def credentials_job_run(*, job_id: int) -> CredentialsJob | None:
    """Prepare the passwords, issue them in one transaction, keep the PDF; a job
    already started is left alone, so running twice issues once."""
    claimed = CredentialsJob.objects.filter(
        pk=job_id, status=CredentialsJobStatus.QUEUED
    ).update(status=CredentialsJobStatus.RUNNING)
    if not claimed:
        return None
    credentials_jobs_drop_stale()
    job = CredentialsJob.objects.select_related(
        "school", "school_class__school", "requested_by"
    ).get(pk=job_id)
    try:
        users = _candidates(job)
        job.total = len(users)
        job.save(update_fields=["total"])
        prepared = {}
        for number, user in enumerate(users, start=1):
            password = credentials.password_generate()
            prepared[user.pk] = (password, make_password(password))
            if number % PROGRESS_STEP == 0:
                _progress(job, number)
        batch = credentials.credentials_issue_for_class(
            actor=job.requested_by,
            school_class=job.school_class,
            audience=job.audience,
            reissue=job.reissue,
            prepared=prepared,
        )
        if batch:
            job.pdf = credentials.render_slips_pdf(batch, school=job.school)
            job.filename = credentials.slips_filename(
                school=job.school, school_class=job.school_class
            )
        else:
            job.error = str(NOBODY_NEEDS)
        job.done, job.issued, job.skipped = job.total, len(batch), batch.skipped
        job.status = CredentialsJobStatus.DONE
    except Exception:  # the page must say so; the issue itself was rolled back
        log.exception("credentials job %s failed", job_id)
        job.status, job.error = CredentialsJobStatus.FAILED, str(JOB_FAILED)
    job.finished_at = timezone.now()
    job.save()
    return job


def credentials_job_get(user: User, school: School | None, job_id: int):
    """The requester's own job in the active school; anyone else's is 404."""
    job = (
        CredentialsJob.objects.for_school(school)
        .select_related("school_class")
        .defer("pdf")
        .filter(pk=job_id, requested_by=user)
        .first()
    )
    if job is None or school is None:
        raise Http404
    credentials_jobs_drop_stale()
    return job


def credentials_jobs_drop_stale() -> int:
    """Forget every PDF of slips left unfetched for longer than PDF_KEPT."""
    cutoff = timezone.now() - PDF_KEPT
    return CredentialsJob.objects.filter(
        finished_at__lt=cutoff, pdf__isnull=False
    ).update(pdf=None)


@transaction.atomic
def credentials_job_pdf_take(*, actor: User, job: CredentialsJob) -> bytes:
    """Hand the slips to their requester once; the passwords then exist nowhere."""
    if job.requested_by_id != actor.pk:
        raise PermissionDenied
    row = CredentialsJob.objects.select_for_update().get(pk=job.pk)
    if not row.pdf:
        raise Http404
    content = bytes(row.pdf)
    row.pdf, row.downloaded_at = None, timezone.now()
    row.save(update_fields=["pdf", "downloaded_at"])
    return content
