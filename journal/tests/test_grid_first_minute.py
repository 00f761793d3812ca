"""What a teacher meets first in the grid: the school's default kind of work for
new marks, and before the lesson, when entry opens."""

import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from journal.tests.conftest import MONDAY, at, page_url
from school import services as school_services
from school.models import Role
from school.tests.factories import SchoolFactory, WorkKindFactory, member
from school.work_kinds import default_work_kind


def _selected_kind(html: str) -> str:
    select = re.search(r'<select id="jg-kind">(.*?)</select>', html, re.S).group(1)
    selected = re.findall(r'<option value="(\d+)" selected>', select)
    assert len(selected) == 1
    return selected[0]


def _grid(client, s, hour=9, minute=30):
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, hour, minute), tick=False):
        return client.get(page_url(s)).content.decode()


def test_new_marks_get_the_schools_default_kind_not_the_first_by_name(client, s):
    # given: «Диктант ×2» comes first by name; the school's default is the answer
    WorkKindFactory(school=s["school"], name="Диктант", weight=2)
    s["school"].default_work_kind = s["kind"]
    s["school"].save()
    # when
    html = _grid(client, s)
    # then
    assert _selected_kind(html) == str(s["kind"].pk)


def test_without_a_setting_the_lightest_plain_kind_is_chosen(client, s):
    # given: no default set; a heavier kind and a control work sort first by name
    WorkKindFactory(school=s["school"], name="Диктант", weight=2)
    WorkKindFactory(school=s["school"], name="Аттестационная", is_control=True)
    # when
    html = _grid(client, s)
    # then
    assert _selected_kind(html) == str(s["kind"].pk)


def test_a_retired_default_falls_back_to_a_kind_in_use(s):
    retired = WorkKindFactory(school=s["school"], name="Зачёт", is_active=False)
    s["school"].default_work_kind = retired
    kinds = [retired, s["kind"]]
    assert default_work_kind(s["school"], kinds) == s["kind"]


def test_the_director_sets_the_default_kind(s):
    # given
    director = member(Role.DIRECTOR, s["school"])
    dictation = WorkKindFactory(school=s["school"], name="Диктант", weight=2)
    # when
    school_services.school_settings_update(
        actor=director, school=s["school"], data={"default_work_kind": dictation}
    )
    # then
    s["school"].refresh_from_db()
    assert s["school"].default_work_kind == dictation


def test_another_schools_kind_cannot_be_the_default(s):
    director = member(Role.DIRECTOR, s["school"])
    foreign = WorkKindFactory(school=SchoolFactory())
    with pytest.raises(ValidationError):
        school_services.school_settings_update(
            actor=director, school=s["school"], data={"default_work_kind": foreign}
        )
    s["school"].refresh_from_db()
    assert s["school"].default_work_kind is None


def test_before_the_lesson_its_teacher_is_told_when_entry_opens(client, s):
    # when: 09:00, lesson 2 starts at 09:25
    html = _grid(client, s, hour=9, minute=0)
    # then
    assert "Урок начнётся в 09:25, отметки можно ставить с начала урока." in html
    assert "записи вносит учитель предмета" not in html
    assert "entries are made by the subject" not in html


def test_during_the_lesson_no_waiting_notice(client, s):
    html = _grid(client, s, hour=9, minute=30)
    assert "Урок начнётся" not in html
