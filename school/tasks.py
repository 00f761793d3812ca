"""Celery entry points of the school app: take ids, call services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .models import School
from .services import structure


@shared_task
def teaching_assignments_expire_task() -> int:
    """Hourly: revoke the journal of loads that ended, in each school's own day."""
    return sum(
        structure.teaching_assignments_expire(school=school)
        for school in School.objects.filter(is_active=True)
    )


@shared_task
def credentials_job_run_task(job_id: int) -> int:
    """Issue a class's logins in the background; a started job is not rerun."""
    from .services.credentials_jobs import credentials_job_run

    job = credentials_job_run(job_id=job_id)
    return job.issued if job is not None else 0
