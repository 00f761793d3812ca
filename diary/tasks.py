"""Celery entry points of the diary: take ids, call services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from diary.services import consent as services_consent
from diary.services import delivery as services_delivery
from school.models import School


def _schools():
    return School.objects.filter(is_active=True).order_by("pk")


@shared_task
def digests_send_task() -> int:
    """Hourly: each school's weekly digests once its own Saturday afternoon came."""
    sent = 0
    for school in _schools():
        monday = services_delivery.digest_week_due(school)
        if monday is not None:
            sent += services_delivery.digests_send(school=school, monday=monday)[0]
    return sent


@shared_task
def sms_send_task() -> int:
    """Every few minutes: queue SMS of new marks, send them in the school's day."""
    sent = 0
    for school in _schools():
        services_delivery.sms_compose(school=school)
        if services_delivery.sms_hours(school):
            sent += services_delivery.sms_outbox_send(school=school)[0]
    return sent


@shared_task
def consents_purge_task() -> int:
    """Hourly: destroy the data of revocations whose tenth working day has come."""
    return sum(
        services_consent.consents_purge_due(school=school) for school in _schools()
    )
