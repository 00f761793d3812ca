"""Celery entry points of the archive: take ids, call services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from school.errors import ApplicationError

from . import copies
from .services import exports, schedule


def _busy(error: ApplicationError) -> bool:
    return str(error) == str(copies.BUSY)


@shared_task(bind=True, max_retries=12)
def backup_daily_task(self) -> str | None:
    """Hourly: the day's copy at BACKUP_HOUR, municipality time."""
    try:
        return schedule.backup_daily()
    except ApplicationError as error:
        if _busy(error):
            raise self.retry(countdown=300) from error
        raise


@shared_task
def restore_test_weekly_task() -> str | None:
    """Hourly: the weekly restore drill into a scratch database."""
    return schedule.restore_test_weekly()


@shared_task(bind=True, max_retries=12)
def backup_period_end_task(self, period_id: int) -> str | None:
    """After a period is closed: one period-end copy for it."""
    try:
        return schedule.backup_period_end(period_id=period_id)
    except ApplicationError as error:
        if _busy(error):
            raise self.retry(countdown=300) from error
        raise


@shared_task
def export_run_task(job_id: int) -> None:
    """Build the export of one school; the page polls the job's progress."""
    exports.export_run(job_id=job_id)
