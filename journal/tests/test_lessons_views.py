"""The lesson page: topic from the КТП, homework, comments to parents (C2, C13)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
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


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_homework_with_a_file_is_downloaded_by_its_readers_only(plan, client, media):
    # given: the teacher attaches a worksheet to the common homework
    s = plan
    client.force_login(s["teacher"])
    upload = SimpleUploadedFile(
        "Карточка.pdf", b"%PDF-1.4 worksheet", "application/pdf"
    )
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        client.post(
            s["url"],
            {"action": "homework", "hw-text": "Карточка", "hw-attachment": upload},
        )
        page = client.get(s["url"]).content.decode()
    homework = Homework.objects.get()
    url = reverse("journal:homework-file", args=(homework.pk,))
    # then: the file is stored under a random folder and offered on the page
    assert homework.attachment.name.endswith("/Карточка.pdf")
    assert f"/{s['school'].pk}/" in homework.attachment.name
    assert url in page and "Карточка.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 worksheet"
    assert "attachment" in response["Content-Disposition"]
    assert homework.history.first().history_user == s["teacher"]
    # and: a deputy reads it; another teacher, a parent, another school get 404
    client.force_login(member(Role.DEPUTY, s["school"]))
    assert client.get(url).status_code == 200
    for user in (
        member(Role.TEACHER, s["school"]),
        member(Role.PARENT, s["school"]),
        member(Role.DEPUTY, SchoolFactory()),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_forbidden_file_type_or_size_is_refused_and_nothing_is_saved(
    plan, client, media, settings
):
    s = plan
    client.force_login(s["teacher"])
    program = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.post(
            s["url"],
            {"action": "homework", "hw-text": "См. файл", "hw-attachment": program},
        )
    html = response.content.decode()
    assert "Файлы такого типа прикреплять нельзя" in html
    assert not Homework.objects.exists()
    assert not any(media.rglob("*.exe"))


def test_the_file_can_be_removed_and_history_keeps_it(plan, client, media):
    s = plan
    client.force_login(s["teacher"])
    upload = SimpleUploadedFile("a.txt", b"text", "text/plain")
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        client.post(
            s["url"],
            {"action": "homework", "hw-text": "Текст", "hw-attachment": upload},
        )
        client.post(
            s["url"],
            {"action": "homework", "hw-text": "Текст", "hw-remove_attachment": "on"},
        )
    homework = Homework.objects.get()
    assert not homework.attachment
    assert homework.history.last().attachment.endswith("/a.txt")
    url = reverse("journal:homework-file", args=(homework.pk,))
    assert client.get(url).status_code == 404
