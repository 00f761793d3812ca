import datetime

import pytest
import time_machine

from journal.forms.grid import parse_entries
from journal.models import Attendance, Lesson, Mark
from journal.tests.conftest import MONDAY, at, page_url, post
from school.models import Role
from school.tests.factories import (
    SchoolFactory,
    history_count,
    member,
)


def test_teacher_sees_the_grid_with_today_editable(client, s):
    # given
    client.force_login(s["teacher"])
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.get(page_url(s))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert s["pupil"].user.get_full_name() in html
    assert "23.11" in html and "jg-today" in html
    assert 'data-editable="1"' in html
    assert "Ответ на уроке" in html


def test_class_teacher_reads_the_grid_read_only(client, s):
    reader = member(Role.CLASS_TEACHER, s["school"])
    s["group"].school_class.class_teacher = reader
    s["group"].school_class.save()
    client.force_login(reader)
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.get(page_url(s))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-editable="1"' not in html
    assert "Только просмотр" in html


@pytest.mark.parametrize("who", ["other_teacher", "parent", "pupil", "foreign"])
def test_strangers_get_404_and_write_nothing(client, s, who):
    # given
    user = {
        "other_teacher": lambda: member(Role.TEACHER, s["school"]),
        "parent": lambda: member(Role.PARENT, s["school"]),
        "pupil": lambda: member(Role.STUDENT, s["school"]),
        "foreign": lambda: member(Role.TEACHER, SchoolFactory()),
    }[who]()
    client.force_login(user)
    history = history_count()
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        page = client.get(page_url(s))
    response = post(client, s, "5")
    # then
    assert page.status_code == 404
    assert response.status_code == 404
    assert not Mark.objects.exists() and not Lesson.objects.exists()
    assert history_count() == history


def test_a_typed_mark_opens_the_lesson_and_returns_the_cell(client, s):
    # given
    client.force_login(s["teacher"])
    # when
    response = post(client, s, "5")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="saved"' in html
    assert ">5<" in html
    average = f'id="jg-avg-{s["pupil"].pk}" hx-swap-oob="true">5,00<'
    assert average in html
    mark = Mark.objects.get()
    assert (mark.value, mark.work_kind, mark.author) == ("5", s["kind"], s["teacher"])
    assert mark.history.get().history_user == s["teacher"]


def test_attendance_and_clearing(client, s):
    client.force_login(s["teacher"])
    post(client, s, "5")
    response = post(client, s, "Н")
    assert Attendance.objects.get().value == "н"
    assert 'class="jg-att">н<' in response.content.decode()
    # when: Delete on the cell
    post(client, s, "")
    # then
    assert not Mark.objects.exists() and not Attendance.objects.exists()


def test_a_bad_mark_answers_in_russian_and_writes_nothing(client, s):
    client.force_login(s["teacher"])
    history = history_count()
    response = post(client, s, "7")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="error"' in html
    assert "«7» — не отметка этой системы оценивания." in html
    assert not Lesson.objects.exists() and not Mark.objects.exists()
    assert history_count() == history


def test_a_closed_window_is_refused(client, s):
    # given: the lesson was held on Monday
    client.force_login(s["teacher"])
    post(client, s, "4")
    # when: the next morning
    response = post(client, s, "5", day=MONDAY + datetime.timedelta(days=1), hour=8)
    # then
    html = response.content.decode()
    assert 'data-state="error"' in html and "заявку" in html
    assert Mark.objects.get().value == "4"


def test_before_the_lesson_starts_it_is_refused(client, s):
    client.force_login(s["teacher"])
    response = post(client, s, "5", hour=9, minute=0)
    assert "не начался" in response.content.decode()
    assert not Mark.objects.exists()


def test_special_marks_and_several_entries(client, s):
    client.force_login(s["teacher"])
    post(client, s, "д оп")
    assert Mark.objects.get().value == "Д"
    assert Attendance.objects.get().value == "оп"


def test_parse_entries():
    assert parse_entries("5 н/а Н зач") == [
        ("mark", "5"),
        ("mark", "н/а"),
        ("attendance", "н"),
        ("mark", "зач"),
    ]
    assert parse_entries("  ") == []
