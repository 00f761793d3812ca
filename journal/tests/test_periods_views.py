"""Period marks page (C9, C10) and closing a period (C8)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import PeriodMark
from journal.services import lessons as services
from journal.tests.conftest import MONDAY, at, open_lesson
from school.models import Event, Role
from school.tests.factories import (
    GroupMembershipFactory,
    PeriodSchemeFactory,
    SchoolFactory,
    StudyPeriodFactory,
    WorkKindFactory,
    member,
)

LAST_WEEK = datetime.date(2026, 12, 23)


@pytest.fixture
def period(setup):
    s = setup
    scheme = PeriodSchemeFactory(year=s["year"])
    s["period"] = StudyPeriodFactory(
        scheme=scheme,
        number=2,
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 27),
    )
    s["sick"] = GroupMembershipFactory(group=s["group"]).student
    test_kind = WorkKindFactory(school=s["school"], name="Контрольная", weight=2)
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        for kind, value in ((s["kind"], "3"), (test_kind, "5")):
            services.mark_set(
                actor=s["teacher"],
                lesson=lesson,
                student=s["pupil"],
                work_kind=kind,
                value=value,
            )
        services.attendance_mark(
            actor=s["teacher"], lesson=lesson, student=s["sick"], value="б"
        )
    s["url"] = reverse("journal:period-marks", args=(s["group"].pk, s["subject"].pk))
    return s


def test_page_shows_average_suggestion_warning_and_exemption(period, client):
    s = period
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 12), tick=False):
        response = client.get(s["url"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "4.33" in html or "4,33" in html  # (3×1 + 5×2) / 3
    assert "<td>4</td>" in html  # half up
    assert "Мало отметок: 2 из 5 необходимых." in html
    assert "по уважительной причине" in html
    assert "выставляются в последнюю неделю периода (с 21.12.2026)" in html


def test_saving_period_marks_in_the_last_week(period, client):
    s = period
    client.force_login(s["teacher"])
    with time_machine.travel(at(s["school"], MONDAY, 12), tick=False):
        early = client.post(
            s["url"], {"period": s["period"].pk, f"mark_{s['pupil'].pk}": "4"}
        )
    assert early.status_code == 200
    assert not PeriodMark.objects.exists()
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(s["teacher"])
        data = {
            "period": s["period"].pk,
            f"mark_{s['pupil'].pk}": "4",
            f"defer_{s['sick'].pk}": "on",
        }
        response = client.post(s["url"], data)
        bad = client.post(
            s["url"], {"period": s["period"].pk, f"mark_{s['pupil'].pk}": "9"}
        )
    assert response.status_code == 302
    assert PeriodMark.objects.get(student=s["pupil"]).value == "4"
    assert PeriodMark.objects.get(student=s["sick"]).is_deferred
    assert bad.status_code == 200
    assert PeriodMark.objects.get(student=s["pupil"]).value == "4"


def test_deputy_closes_the_period_teacher_cannot(period, client):
    s = period
    url = reverse("journal:period-close", args=(s["period"].pk,))
    client.force_login(s["teacher"])
    assert client.post(url).status_code == 404
    assert not Event.objects.filter(code="journal.period.closed").exists()
    client.force_login(member(Role.DEPUTY, SchoolFactory()))
    assert client.post(url).status_code == 404
    deputy = member(Role.DEPUTY, s["school"])
    client.force_login(deputy)
    response = client.post(url, {"next": s["url"]})
    assert response.status_code == 302 and response.url == s["url"]
    s["period"].refresh_from_db()
    assert s["period"].is_closed and s["period"].closed_by == deputy


def test_other_school_period_marks_page_is_404(period, client):
    s = period
    client.force_login(member(Role.TEACHER, SchoolFactory()))
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        client.force_login(member(Role.TEACHER, SchoolFactory()))
        assert client.get(s["url"]).status_code == 404
        post = client.post(
            s["url"], {"period": s["period"].pk, f"mark_{s['pupil'].pk}": "5"}
        )
    assert post.status_code == 404
    assert not PeriodMark.objects.exists()
    assert not PeriodMark.history.exists()
