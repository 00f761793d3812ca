"""A marks-free class (grade 1) is offered no kind of work, no comment to a mark and
no homework, on the grid and on the lesson page; a forced post writes nothing."""

import pytest
import time_machine
from django.urls import reverse

from journal.models import Homework

from .conftest import MONDAY, at, page_url

LESSON = "2026-11-23"


def lesson_url(s):
    return reverse("journal:lesson", args=(s["group"].pk, s["subject"].pk, LESSON, 2))


def first_grade(s):
    group = s["group"]
    group.school_class.grade = 1
    group.school_class.save()
    group.grade = 1  # a class's whole-class group carries its grade
    group.save()
    return s


def get(client, s, url):
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        return client.get(url).content.decode()


@pytest.mark.parametrize("grade", [1, 5])
def test_the_grid_offers_the_kind_and_the_comment_only_with_marks(client, s, grade):
    # given
    if grade == 1:
        first_grade(s)
    # when
    body = get(client, s, page_url(s))
    # then
    marks_free = grade == 1
    assert ('id="jg-kind"' in body) is not marks_free
    assert ('id="jg-comment"' in body) is not marks_free
    assert ("Введите посещаемость (н, б, у, оп)" in body) is marks_free
    assert 'id="jg-grid"' in body  # attendance is still kept in the grid


@pytest.mark.parametrize("grade", [1, 5])
def test_the_lesson_page_offers_homework_only_with_marks(client, s, grade):
    if grade == 1:
        first_grade(s)
    body = get(client, s, lesson_url(s))
    marks_free = grade == 1
    assert ('value="homework"' in body) is not marks_free
    assert ('value="personal"' in body) is not marks_free
    assert ('name="hw-text"' in body) is not marks_free
    assert 'value="record"' in body  # topic and material are still kept
    assert ("без отметок и домашних заданий" in body) is marks_free


def test_a_forced_homework_post_is_refused_and_writes_nothing(client, s):
    # given
    first_grade(s)
    client.force_login(s["teacher"])
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.post(
            lesson_url(s), {"action": "homework", "hw-text": "§ 1"}, follow=True
        )
    # then
    assert response.status_code == 200
    assert "без отметок" in response.content.decode()
    assert not Homework.objects.exists()
    assert not Homework.history.exists()
