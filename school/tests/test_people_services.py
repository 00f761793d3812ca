import datetime

import pytest
from django.core.exceptions import PermissionDenied

from school.models import Role, User
from school.services import people, structure
from school.services.people import pupil_person_update
from school.tests.factories import member, pupil_admitted

D = datetime.date


@pytest.fixture
def school_class(school, deputy):
    year = school.academic_years.get()
    return structure.school_class_create(actor=deputy, year=year, grade=3, letter="А")


def test_class_teacher_corrects_a_parents_name(school, deputy, school_class):
    # given
    teacher = member(Role.TEACHER, school)
    structure.class_teacher_assign(
        actor=deputy, school_class=school_class, teacher=teacher
    )
    pupil = pupil_admitted(
        deputy, school_class, "1", last_name="Сомов", first_name="Илья"
    )
    link = people.guardian_link(
        actor=deputy, student=pupil, relation="father", last_name="Сомв", first_name="О"
    )
    # when
    person = pupil_person_update(
        actor=teacher,
        student=pupil,
        person=link.guardian.user,
        last_name="Сомов",
        first_name="Олег",
    )
    # then
    assert person.get_full_name() == "Сомов Олег"
    assert person.history.first().history_user == teacher


def test_another_class_teacher_and_strangers_are_refused(school, deputy, school_class):
    # given
    year = school.academic_years.get()
    other_class = structure.school_class_create(
        actor=deputy, year=year, grade=3, letter="Б"
    )
    other_teacher = member(Role.TEACHER, school)
    structure.class_teacher_assign(
        actor=deputy, school_class=other_class, teacher=other_teacher
    )
    pupil = pupil_admitted(
        deputy, school_class, "2", last_name="Сомов", first_name="Илья"
    )
    stranger = member(Role.TEACHER, school)
    rows = User.history.count()
    # when / then
    with pytest.raises(PermissionDenied):
        pupil_person_update(
            actor=other_teacher, student=pupil, person=pupil.user, last_name="Х"
        )
    with pytest.raises(PermissionDenied):
        pupil_person_update(actor=deputy, student=pupil, person=stranger, last_name="Х")
    assert User.history.count() == rows
    pupil.user.refresh_from_db()
    assert pupil.user.last_name == "Сомов"
