"""Year, exam and final marks (C9): entered with the last period, deferral, 404s."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import PeriodMark
from journal.tests.conftest import at
from school.models import Role
from school.tests.factories import (
    SchoolFactory,
    StudyPeriodFactory,
    history_count,
    member,
)

LAST_WEEK = datetime.date(2026, 12, 23)  # the last period ends on 27.12


@pytest.fixture
def finals(s):
    s["first"] = StudyPeriodFactory(
        scheme=s["period"].scheme,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 11, 4),
    )
    PeriodMark.objects.create(
        school=s["school"],
        group=s["group"],
        subject=s["subject"],
        student=s["pupil"],
        kind="period",
        period=s["first"],
        value="4",
        author=s["teacher"],
    )
    s["url"] = reverse("journal:final-marks", args=(s["group"].pk, s["subject"].pk))
    return s


def fields(s, year="", exam="", final="", defer=False):
    pk = s["pupil"].pk
    data = {f"year_{pk}": year, f"exam_{pk}": exam, f"final_{pk}": final}
    if defer:
        data[f"defer_{pk}"] = "on"
    return data


def test_teacher_enters_year_exam_and_final_marks(client, finals):
    s = finals
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(s["teacher"])
        page = client.get(s["url"]).content.decode()
        assert "(4)" in page  # the year suggestion from the one period mark
        response = client.post(s["url"], fields(s, "4", "5", "5"))
    assert response.status_code == 302
    saved = {
        m.kind: (m.value, m.period_id)
        for m in PeriodMark.objects.exclude(kind="period")
    }
    assert saved == {
        "year": ("4", s["period"].pk),
        "exam": ("5", s["period"].pk),
        "final": ("5", s["period"].pk),
    }
    final = PeriodMark.objects.get(kind="final")
    assert final.history.first().history_user == s["teacher"]


def test_the_final_mark_can_be_deferred_for_a_sick_pupil(client, finals):
    s = finals
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(s["teacher"])
        client.post(s["url"], fields(s, year="4", defer=True))
        page = client.get(s["url"]).content.decode()
    final = PeriodMark.objects.get(kind="final")
    assert (final.value, final.is_deferred) == ("", True)
    assert "checked" in page


def test_before_the_last_week_nothing_is_saved_and_the_page_says_when(client, finals):
    s = finals
    before = history_count()
    with time_machine.travel(at(s["school"], datetime.date(2026, 12, 1), 12)):
        client.force_login(s["teacher"])
        response = client.post(s["url"], fields(s, "4", "", "4"))
    assert response.status_code == 200
    assert "последнюю неделю" in response.content.decode()
    assert not PeriodMark.objects.exclude(kind="period").exists()
    assert history_count() == before


def test_a_bad_value_is_refused_and_nothing_is_saved(client, finals):
    s = finals
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(s["teacher"])
        response = client.post(s["url"], fields(s, "4", "", "9"))
    assert response.status_code == 200
    assert not PeriodMark.objects.exclude(kind="period").exists()


@pytest.mark.parametrize("who", ["other_teacher", "parent", "foreign"])
def test_strangers_get_404_and_write_nothing(client, finals, who):
    s = finals
    user = {
        "other_teacher": lambda: member(Role.TEACHER, s["school"]),
        "parent": lambda: member(Role.PARENT, s["school"]),
        "foreign": lambda: member(Role.DEPUTY, SchoolFactory()),
    }[who]()
    before = history_count()
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(user)
        assert client.get(s["url"]).status_code == 404
        assert client.post(s["url"], fields(s, "5")).status_code == 404
    assert history_count() == before


def test_the_deputy_reads_without_forms(client, finals):
    s = finals
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(member(Role.DEPUTY, s["school"]))
        page = client.get(s["url"])
        assert page.status_code == 200
        assert client.post(s["url"], fields(s, "5")).status_code == 404
    assert 'name="year_' not in page.content.decode()
