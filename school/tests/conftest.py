import pytest

from school.models import Role
from school.tests.factories import AcademicYearFactory, SchoolFactory, member


@pytest.fixture
def school(db):
    school = SchoolFactory()
    AcademicYearFactory(school=school)
    return school


@pytest.fixture
def other_school(db):
    return SchoolFactory()


@pytest.fixture
def director(school):
    return member(Role.DIRECTOR, school)


@pytest.fixture
def sysadmin(school):
    return member(Role.SYSADMIN, school)


@pytest.fixture
def teacher(school):
    return member(Role.TEACHER, school)
