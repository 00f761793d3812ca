"""Project-wide pytest fixtures."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from school.models import Role
from school.tests.factories import AcademicYearFactory, SchoolFactory, member

# Property tests check rules, not speed: on a shared 2-core machine one example
# can take longer than hypothesis's default 200 ms deadline.
hypothesis_settings.register_profile(
    "ejournal", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ejournal")


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


# --- Shared fixtures: a school with a current year, and people in it. ---


@pytest.fixture
def school(db):
    school = SchoolFactory()
    AcademicYearFactory(school=school)
    return school


@pytest.fixture
def year(school):
    """The school's current academic year."""
    return school.academic_years.get(is_current=True)


@pytest.fixture
def other_school(db):
    return SchoolFactory()


@pytest.fixture
def director(school):
    return member(Role.DIRECTOR, school)


@pytest.fixture
def deputy(school):
    return member(Role.DEPUTY, school)


@pytest.fixture
def sysadmin(school):
    return member(Role.SYSADMIN, school)


@pytest.fixture
def teacher(school):
    return member(Role.TEACHER, school)
