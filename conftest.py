"""Project-wide pytest fixtures."""

import pytest
from django.core.cache import cache

from school.models import Role
from school.tests.factories import AcademicYearFactory, SchoolFactory, member


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
