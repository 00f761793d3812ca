"""«Мои уроки сегодня» (C1): today's lessons, substitutions, cancellations, holidays."""

import datetime

import time_machine
from django.urls import reverse

from journal.tests.conftest import MONDAY, at
from school.models import ChangeKind, Holiday, HolidayKind, Role
from school.tests.factories import (
    StudyGroupFactory,
    SubjectFactory,
    TimetableChangeFactory,
    TimetableEntryFactory,
    member,
)


def test_today_lists_lessons_with_substitution_and_cancellation(
    setup, client, django_assert_max_num_queries
):
    s = setup
    # given: the teacher's own lesson 2, a substitution at 3, a cancelled lesson at 4
    colleague = member(Role.TEACHER, s["school"])
    other_group = StudyGroupFactory(year=s["year"], school_class__letter="Б")
    physics = SubjectFactory(school=s["school"], name="Физика")
    substituted = TimetableEntryFactory(
        group=other_group, subject=physics, teacher=colleague, lesson_number=3
    )
    TimetableChangeFactory(
        entry=substituted,
        date=MONDAY,
        kind=ChangeKind.SUBSTITUTION,
        new_teacher=s["teacher"],
        created_by=colleague,
    )
    cancelled = TimetableEntryFactory(
        group=other_group, subject=s["subject"], teacher=s["teacher"], lesson_number=4
    )
    TimetableChangeFactory(entry=cancelled, date=MONDAY, created_by=colleague)
    client.force_login(s["teacher"])
    # when
    with (
        time_machine.travel(at(s["school"], MONDAY, 8), tick=False),
        django_assert_max_num_queries(25),
    ):
        response = client.get(reverse("journal:teacher-home"))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Математика") < html.index("Физика")
    assert "замена" in html
    assert "<s>" in html and "отменён" in html
    lesson_url = reverse(
        "journal:lesson",
        args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 2),
    )
    assert lesson_url in html
    assert "09:25" in html


def test_query_count_does_not_grow_with_lessons(setup, client):
    s = setup
    client.force_login(s["teacher"])
    url = reverse("journal:teacher-home")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(at(s["school"], MONDAY, 8), tick=False):
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for number in (3, 4, 5, 6):
            TimetableEntryFactory(
                group=StudyGroupFactory(year=s["year"]),
                subject=s["subject"],
                teacher=s["teacher"],
                lesson_number=number,
            )
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
    assert response.content.decode().count("Страница урока") == 5
    assert len(many) == len(one)


def test_holiday_says_why_there_are_no_lessons(setup, client):
    s = setup
    Holiday.objects.create(
        school=s["school"],
        year=s["year"],
        kind=HolidayKind.AUTUMN,
        name="Осенние каникулы",
        starts_on=MONDAY,
        ends_on=MONDAY + datetime.timedelta(days=6),
    )
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 8), tick=False):
        response = client.get(reverse("journal:teacher-home"))
    html = response.content.decode()
    assert "Уроков сегодня нет: Осенние каникулы" in html


def test_no_timetable_and_weekend_messages(setup, client):
    s = setup
    newcomer = member(Role.TEACHER, s["school"])
    client.force_login(newcomer)
    with time_machine.travel(at(s["school"], MONDAY, 8), tick=False):
        response = client.get(reverse("journal:teacher-home"))
    assert "У вас нет уроков в расписании" in response.content.decode()
    client.force_login(s["teacher"])
    sunday = MONDAY - datetime.timedelta(days=1)
    with time_machine.travel(at(s["school"], sunday, 8), tick=False):
        response = client.get(reverse("journal:teacher-home"))
    assert "выходной" in response.content.decode()


def test_home_lists_only_this_schools_journals(client, setup):
    from school.tests.factories import (
        MembershipFactory,
        SchoolFactory,
        StudyGroupFactory,
        TeachingAssignmentFactory,
    )

    s = setup
    other = SchoolFactory()
    MembershipFactory(user=s["teacher"], school=other, role="teacher")
    from school.tests.factories import AcademicYearFactory

    foreign_group = StudyGroupFactory(year=AcademicYearFactory(school=other))
    TeachingAssignmentFactory(group=foreign_group, teacher=s["teacher"])
    client.force_login(s["teacher"])
    content = client.get("/journal/").content.decode()
    assert f"/journal/groups/{s['group'].pk}/" in content
    assert f"/journal/groups/{foreign_group.pk}/" not in content
