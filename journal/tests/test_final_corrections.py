"""Correction requests for period, year, exam and final marks of a closed period:
filed by the teacher, queued for the deputy, applied through ``period_mark_set``
with both people in the history, or rejected (003 §2.3.4, C7, C9)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import CorrectionRequest, CorrectionStatus, PeriodMark
from journal.services import periods as services_periods
from journal.tests.conftest import at
from school.models import Event, Role
from school.tests.factories import (
    PeriodSchemeFactory,
    SchoolFactory,
    StudyPeriodFactory,
    member,
)

FIRST_END = datetime.date(2026, 10, 24)
LAST_END = datetime.date(2026, 12, 27)
AFTER = datetime.date(2027, 1, 12)


@pytest.fixture
def closed(setup):
    """Two quarters with marks entered in their windows, both closed by the deputy."""
    s = setup
    scheme = PeriodSchemeFactory(year=s["year"])
    s["first"] = StudyPeriodFactory(
        scheme=scheme, number=1, starts_on=datetime.date(2026, 9, 1), ends_on=FIRST_END
    )
    s["last"] = StudyPeriodFactory(
        scheme=scheme, number=2, starts_on=datetime.date(2026, 11, 5), ends_on=LAST_END
    )
    s["deputy"] = member(Role.DEPUTY, s["school"])
    for period, kind in ((s["first"], "period"), (s["last"], "year")):
        with time_machine.travel(at(s["school"], period.ends_on, 12), tick=False):
            services_periods.period_mark_set(
                actor=s["teacher"],
                group=s["group"],
                subject=s["subject"],
                student=s["pupil"],
                period=period,
                kind=kind,
                value="3",
            )
            services_periods.period_close(actor=s["deputy"], period=period)
    s["url"] = reverse(
        "journal:final-correction-create", args=(s["group"].pk, s["subject"].pk)
    )
    return s


def file(client, s, mark, value="4", who=None):
    with time_machine.travel(at(s["school"], AFTER, 10), tick=False):
        client.force_login(who or s["teacher"])
        return client.post(
            s["url"],
            {
                "student": s["pupil"].pk,
                "mark": mark,
                "value": value,
                "changes_text": "Исправить 3 на 4",
                "reason": "Не учтена контрольная работа",
            },
        )


def decide(client, s, request, approve, comment=""):
    url = reverse("journal:correction-decide", args=(request.pk,))
    with time_machine.travel(at(s["school"], AFTER, 11), tick=False):
        client.force_login(s["deputy"])
        return client.post(
            url, {"approve": "1" if approve else "0", "comment": comment}
        )


def test_a_closed_period_mark_is_changed_by_an_approved_request(closed, client):
    s = closed
    # given: the closed period's page links to the request, the form offers it
    client.force_login(s["teacher"])
    page = client.get(
        reverse("journal:period-marks", args=(s["group"].pk, s["subject"].pk))
        + f"?period={s['first'].pk}"
    ).content.decode()
    assert f"{s['url']}?period={s['first'].pk}&amp;kind=period" in page
    form = client.get(f"{s['url']}?period={s['first'].pk}&kind=period").content
    assert "1 четверть: отметка за период" in form.decode()
    # when: the teacher files it
    response = file(client, s, f"period:{s['first'].pk}")
    # then: the request carries the fields of 003 §2.3.4.1 and waits for the deputy
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.teacher, request.group, request.subject) == (
        s["teacher"],
        s["group"],
        s["subject"],
    )
    assert (request.period, request.mark_kind) == (s["first"], "period")
    assert request.lesson is None and request.lesson_date == FIRST_END
    assert request.status == CorrectionStatus.PENDING
    assert PeriodMark.objects.get(period=s["first"]).value == "3"
    client.force_login(s["deputy"])
    queue = client.get(reverse("journal:correction-queue")).content.decode()
    assert "Отметка за период, 1 четверть" in queue
    assert "Не учтена контрольная работа" in queue
    # when: the deputy approves
    assert decide(client, s, request, True).status_code == 302
    # then: applied through period_mark_set, both people in the history
    mark = PeriodMark.objects.get(period=s["first"])
    assert mark.value == "4"
    assert mark.author == s["teacher"]
    latest = mark.history.first()
    assert latest.history_user == s["deputy"]
    assert latest.history_change_reason == (
        f"correction #{request.pk} requested by {s['teacher'].username}"
    )
    request.refresh_from_db()
    assert request.status == CorrectionStatus.APPROVED
    assert request.reviewed_by == s["deputy"]
    codes = list(Event.objects.values_list("code", flat=True))
    assert "journal.correction.filed" in codes
    assert "journal.correction.approved" in codes


@pytest.mark.parametrize("kind", ["year", "exam", "final"])
def test_year_exam_and_final_marks_go_with_the_last_period(closed, client, kind):
    s = closed
    client.force_login(s["teacher"])
    final_page = client.get(
        reverse("journal:final-marks", args=(s["group"].pk, s["subject"].pk))
    ).content.decode()
    assert f"{s['url']}?period={s['last'].pk}&amp;kind=year" in final_page
    assert file(client, s, f"{kind}:{s['last'].pk}", "5").status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.period, request.mark_kind) == (s["last"], kind)
    decide(client, s, request, True)
    mark = PeriodMark.objects.get(period=s["last"], kind=kind)
    assert mark.value == "5"
    assert mark.history.first().history_user == s["deputy"]


def test_a_rejected_request_changes_nothing(closed, client):
    s = closed
    file(client, s, f"period:{s['first'].pk}")
    request = CorrectionRequest.objects.get()
    mark = PeriodMark.objects.get(period=s["first"])
    before = mark.history.count()
    # when: rejected without and then with a reason
    assert decide(client, s, request, False).status_code == 200
    assert CorrectionRequest.objects.get().status == CorrectionStatus.PENDING
    decide(client, s, request, False, "Работа не предъявлена")
    # then
    request.refresh_from_db()
    assert request.status == CorrectionStatus.REJECTED
    assert request.review_comment == "Работа не предъявлена"
    assert PeriodMark.objects.get(period=s["first"]).value == "3"
    assert mark.history.count() == before
    client.force_login(s["teacher"])
    mine = client.get(reverse("journal:correction-list")).content.decode()
    assert "Работа не предъявлена" in mine


def test_refusals_write_nothing(closed, client):
    s = closed
    # a value outside the scale; the same value; a year mark on the first period
    for mark, value, message in (
        (f"period:{s['first'].pk}", "7", "не отметка"),
        (f"period:{s['first'].pk}", "3", "изменять нечего"),
        (f"year:{s['first'].pk}", "4", ""),
    ):
        response = file(client, s, mark, value)
        assert response.status_code == 200
        assert message in response.content.decode()
    # an open period is changed on its own page, not by a request
    s["first"].closed_at = None
    s["first"].save()
    response = file(client, s, f"period:{s['first'].pk}")
    assert response.status_code == 200
    # someone who does not teach the subject gets 404
    outsider = member(Role.TEACHER, s["school"])
    assert file(client, s, f"period:{s['last'].pk}", who=outsider).status_code == 404
    stranger = member(Role.TEACHER, SchoolFactory())
    assert file(client, s, f"period:{s['last'].pk}", who=stranger).status_code == 404
    assert not CorrectionRequest.objects.exists()
    assert not CorrectionRequest.history.exists()
    assert not Event.objects.filter(code="journal.correction.filed").exists()
