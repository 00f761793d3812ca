"""Celery entry points of the school app: take ids, call services, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def credentials_job_run_task(job_id: int) -> int:
    """Issue a class's logins in the background; a started job is not rerun."""
    from .services.credentials_jobs import credentials_job_run

    job = credentials_job_run(job_id=job_id)
    return job.issued if job is not None else 0
