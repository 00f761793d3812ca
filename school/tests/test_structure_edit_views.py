"""ИУП on the pupil page, changing the class teacher, editing a room (B2, B3)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from school.models import IndividualPlan, Role, Room, SchoolClass
from school.services import structure
from school.services.structure import room_update
from school.tests.factories import (
    AcademicYearFactory,
    SchoolFactory,
    history_count,
    member,
    pupil_admitted,
)

D = datetime.date
TODAY = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def school_class(school, deputy):
    year = school.academic_years.get()
    return structure.school_class_create(actor=deputy, year=year, grade=5, letter="А")


@pytest.fixture
def pupil(deputy, school_class):
    return pupil_admitted(
        deputy, school_class, "П-1", last_name="Зайцев", first_name="Глеб"
    )


@pytest.fixture
def room(school, deputy):
    return structure.room_create(actor=deputy, school=school, name="12", capacity=25)


def strangers(school):
    """Clients of a teacher of the school and of a deputy of another school."""
    other = SchoolFactory()
    AcademicYearFactory(school=other)
    clients = []
    for person in (member(Role.TEACHER, school), member(Role.DEPUTY, other)):
        clients.append(Client())
        clients[-1].force_login(person)
        clients[-1].user = person
    return clients


PLAN = {"basis": "Приказ № 17-у от 20.11.2026", "notes": "Обучение на дому"}


# --- Individual study plans --------------------------------------------------


def test_deputy_puts_a_pupil_on_an_individual_plan(client, deputy, pupil):
    # given
    client.force_login(deputy)
    url = reverse("school:individual-plan-create", args=[pupil.pk])
    # when
    response = client.post(url, PLAN)
    # then
    assert response.status_code == 302
    plan = IndividualPlan.objects.get(student=pupil)
    assert plan.basis == PLAN["basis"]
    assert plan.history.first().history_user == deputy
    card = client.get(reverse("school:pupil-detail", args=[pupil.pk])).content
    assert PLAN["basis"] in card.decode()
    groups = client.get(reverse("school:group-list")).content.decode()
    assert "Обучающиеся по ИУП" in groups
    assert "Зайцев Глеб" in groups


def test_a_second_plan_for_the_year_shows_a_russian_error(client, deputy, pupil):
    # given
    client.force_login(deputy)
    url = reverse("school:individual-plan-create", args=[pupil.pk])
    client.post(url, PLAN)
    before = history_count()
    # when
    response = client.post(url, {"basis": "Приказ № 18-у"})
    # then
    assert response.status_code == 200
    assert "уже обучается по индивидуальному учебному плану" in (
        response.content.decode()
    )
    assert IndividualPlan.objects.filter(student=pupil).count() == 1
    assert history_count() == before


def test_the_service_refuses_a_duplicate_plan_without_a_database_error(
    school, deputy, pupil
):
    # given
    year = school.academic_years.get()
    structure.individual_plan_create(actor=deputy, year=year, student=pupil, basis="1")
    # when / then
    with pytest.raises(ValidationError):
        structure.individual_plan_create(
            actor=deputy, year=year, student=pupil, basis="2"
        )
    assert IndividualPlan.objects.count() == 1


def test_strangers_cannot_put_a_pupil_on_a_plan(school, pupil):
    # given
    clients = strangers(school)
    url = reverse("school:individual-plan-create", args=[pupil.pk])
    before = history_count()
    # when
    responses = [c.post(url, PLAN) for c in clients]
    # then
    assert [r.status_code for r in responses] == [404, 404]
    assert not IndividualPlan.objects.exists()
    assert history_count() == before


def test_a_teacher_sees_the_plan_but_no_form(client, school, deputy, pupil):
    # given
    year = school.academic_years.get()
    structure.individual_plan_create(
        actor=deputy, year=year, student=pupil, basis="Приказ № 5"
    )
    client.force_login(member(Role.TEACHER, school))
    # when
    response = client.get(reverse("school:pupil-detail", args=[pupil.pk]))
    # then
    page = response.content.decode()
    assert "Приказ № 5" in page
    assert "structure-form" not in page


# --- Class teacher ---------------------------------------------------------


def test_deputy_changes_and_clears_the_class_teacher(
    client, school, deputy, school_class
):
    # given
    teacher = member(Role.TEACHER, school)
    client.force_login(deputy)
    url = reverse("school:class-teacher-assign", args=[school_class.pk])
    # when
    appointed = client.post(url, {"teacher": teacher.pk})
    school_class.refresh_from_db()
    appointed_teacher = school_class.class_teacher
    cleared = client.post(url, {"teacher": ""})
    # then
    assert appointed.status_code == cleared.status_code == 302
    assert appointed_teacher == teacher
    school_class.refresh_from_db()
    assert school_class.class_teacher is None
    assert school_class.history.first().history_user == deputy


def test_someone_who_does_not_teach_here_is_refused_in_russian(
    client, school, deputy, school_class
):
    # given
    parent = member(Role.PARENT, school)
    client.force_login(deputy)
    before = history_count()
    # when
    response = client.post(
        reverse("school:class-teacher-assign", args=[school_class.pk]),
        {"teacher": parent.pk},
    )
    # then
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert SchoolClass.objects.get(pk=school_class.pk).class_teacher is None
    assert history_count() == before


def test_strangers_cannot_change_the_class_teacher(school, school_class):
    # given
    clients = strangers(school)
    url = reverse("school:class-teacher-assign", args=[school_class.pk])
    before = history_count()
    # when
    teacher = clients[0].user
    responses = [c.post(url, {"teacher": teacher.pk}) for c in clients]
    # then
    assert [r.status_code for r in responses] == [404, 404]
    assert SchoolClass.objects.get(pk=school_class.pk).class_teacher is None
    assert history_count() == before


# --- Rooms ---------------------------------------------------------------------


def test_deputy_edits_a_room(client, deputy, room):
    # given
    client.force_login(deputy)
    # when
    response = client.post(
        reverse("school:room-update", args=[room.pk]), {"name": "12а", "capacity": 30}
    )
    # then
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("12а", 30)
    assert room.history.first().history_user == deputy
    assert reverse("school:room-update", args=[room.pk]) in (
        client.get(reverse("school:reference")).content.decode()
    )


def test_a_taken_room_name_shows_an_error(client, school, deputy, room):
    # given
    structure.room_create(actor=deputy, school=school, name="14")
    client.force_login(deputy)
    before = history_count()
    # when
    response = client.post(
        reverse("school:room-update", args=[room.pk]), {"name": "14", "capacity": ""}
    )
    # then
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()
    assert Room.objects.get(pk=room.pk).name == "12"
    assert history_count() == before


def test_strangers_cannot_edit_a_room(school, room):
    # given
    clients = strangers(school)
    url = reverse("school:room-update", args=[room.pk])
    before = history_count()
    # when
    responses = [c.post(url, {"name": "Чужой", "capacity": 1}) for c in clients]
    # then
    assert [r.status_code for r in responses] == [404, 404]
    assert Room.objects.get(pk=room.pk).name == "12"
    assert history_count() == before
    with pytest.raises(PermissionDenied):
        room_update(actor=clients[0].user, room=room, name="Чужой", capacity=1)
