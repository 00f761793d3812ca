"""The lesson page: topic from the КТП, homework, comments to parents (C2, C13)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import Homework, Lesson, ParentComment
from journal.tests.conftest import MONDAY, at
from school.models import LessonPlanItem, Role
from school.tests.factories import SchoolFactory, member

LATER = MONDAY + datetime.timedelta(days=3)


@pytest.fixture
def plan(setup):
    s = setup
    common = {"school": s["school"], "year": s["year"], "group": s["group"]}
    s["items"] = [
        LessonPlanItem.objects.create(
            **common, subject=s["subject"], number=n, topic=topic
        )
        for n, topic in ((1, "Натуральные числа"), (2, "Дроби"))
    ]
    s["url"] = reverse(
        "journal:lesson", args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 2)
    )
    return s


def test_records_a_topic_from_the_plan_and_homework(plan, client):
    s = plan
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        # given: the page suggests the first unused topic and opens nothing on GET
        page = client.get(s["url"]).content.decode()
        assert "Следующая тема по КТП: 1. Натуральные числа" in page
        assert not Lesson.objects.exists()
        # when
        client.post(s["url"], {"action": "record", "plan_item": s["items"][0].pk})
        client.post(s["url"], {"action": "homework", "hw-text": "№ 12, 14"})
        client.post(
            s["url"],
            {"action": "personal", "ihw-student": s["pupil"].pk, "ihw-text": "№ 20"},
        )
        response = client.post(
            s["url"],
            {"action": "comment", "pc-student": s["pupil"].pk, "pc-text": "Молодец"},
            follow=True,
        )
    # then
    lesson = Lesson.objects.get()
    assert (lesson.plan_item, lesson.topic) == (s["items"][0], "Натуральные числа")
    assert Homework.objects.get(student=None).text == "№ 12, 14"
    assert Homework.objects.get(student=s["pupil"]).text == "№ 20"
    assert ParentComment.objects.get().text == "Молодец"
    html = response.content.decode()
    assert "Молодец" in html and "№ 20" in html
    assert "Следующая тема по КТП: 2. Дроби" in html


def test_typed_topic_and_closed_window_error(plan, client):
    s = plan
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        client.post(s["url"], {"action": "record", "topic": "Повторение"})
    assert Lesson.objects.get().topic == "Повторение"
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        client.force_login(s["teacher"])  # the session of Monday has expired
        response = client.post(s["url"], {"action": "record", "topic": "Другое"})
    assert response.status_code == 200
    assert "Срок внесения сведений по этому уроку истёк" in response.content.decode()
    assert Lesson.objects.get().topic == "Повторение"


def test_empty_topic_is_a_form_error(plan, client):
    s = plan
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.post(s["url"], {"action": "record", "topic": " "})
    assert "Выберите тему из КТП или впишите её." in response.content.decode()
    assert not Lesson.objects.exists()


def test_deputy_reads_without_forms(plan, client):
    s = plan
    client.force_login(member(Role.DEPUTY, s["school"]))
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        page = client.get(s["url"])
        post = client.post(s["url"], {"action": "record", "topic": "Взлом"})
    assert page.status_code == 200
    assert "не изменять" in page.content.decode()
    assert post.status_code == 404
    assert not Lesson.objects.exists()


def test_other_school_and_unknown_slot_are_404(plan, client):
    s = plan
    stranger = member(Role.TEACHER, SchoolFactory())
    client.force_login(stranger)
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        assert client.get(s["url"]).status_code == 404
        post = client.post(s["url"], {"action": "record", "topic": "Чужое"})
    assert post.status_code == 404
    assert not Lesson.objects.exists()
    assert not Lesson.history.exists()
    client.force_login(s["teacher"])
    wrong = reverse(
        "journal:lesson", args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 5)
    )
    bad_date = s["url"].replace(MONDAY.isoformat(), "2026-13-40")
    assert client.get(wrong).status_code == 404
    assert client.get(bad_date).status_code == 404
