"""Project-wide pytest fixtures."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker thread on the test Redis broker, for asynchronous flows."""
    from celery.contrib.testing.worker import start_worker

    from ejournal.celery import app

    app.conf.update(broker_url=settings.CELERY_BROKER_URL)
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield app
