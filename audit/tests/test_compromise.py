"""A compromise report (A6): lock at once, list what was done, revert or confirm."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import CompromiseItem, CompromiseReport, ItemDecision
from journal.models import Attendance, CorrectionRequest, Mark
from journal.tests.conftest import MONDAY, at, post
from school.models import Event, Role, User
from school.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(s):
    s["sysadmin"] = member(Role.SYSADMIN, s["school"])
    s["deputy"] = member(Role.DEPUTY, s["school"])
    s["teacher"].set_password("a-long-password-1")
    s["teacher"].save()
    return s


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _at(s, hour, minute=0):
    return time_machine.travel(at(s["school"], MONDAY, hour, minute), tick=False)


def _report_by_sysadmin(s, since="2026-11-23T09:40"):
    sysadmin = _client(s["sysadmin"])
    with _at(s, 10):
        response = sysadmin.post(
            reverse("audit:compromise-create"),
            {"user": s["teacher"].pk, "since": since, "confirm": "on"},
        )
    report = CompromiseReport.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    return sysadmin, report


def test_the_full_flow_after_a_real_sequence_of_operations(world):
    s = world
    teacher = _client(s["teacher"])
    # given: a genuine mark at 09:30, then someone else in the account at 09:45
    assert post(teacher, s, "5", minute=30).status_code == 200
    assert post(teacher, s, "2 н", minute=45).status_code == 200
    assert Mark.objects.get().value == "2" and Attendance.objects.get().value == "н"
    # when: the sysadmin reports the account compromised since 09:40
    sysadmin, report = _report_by_sysadmin(s)
    # then: the account is locked and its session is over
    user = User.objects.get(pk=s["teacher"].pk)
    assert not user.has_usable_password() and user.must_change_password
    with _at(s, 10, 1):
        assert teacher.get(reverse("home")).status_code == 302
    assert Event.objects.filter(code="accounts.compromise.reported").exists()
    # and: the two operations since 09:40 are listed, the genuine one is not
    items = list(report.items.order_by("-source"))
    labels = [i.source for i in items]
    assert labels == ["journal_historicalmark", "journal_historicalattendance"]
    assert all(i.revertible for i in items)
    # when: the deputy reverts the mark, then everything left
    deputy = _client(s["deputy"])
    url = reverse("audit:compromise-review", args=[report.pk])
    with _at(s, 10, 5):
        page = deputy.get(reverse("audit:compromise-detail", args=[report.pk]))
        assert "Отметка" in page.content.decode() or "mark" in page.content.decode()
        deputy.post(url, {"action": "revert", "item": items[0].pk})
        assert Mark.objects.get().value == "5"
        deputy.post(url, {"action": "revert_all"})
    # then: the journal is as before 09:40, history names the request and report
    assert not Attendance.objects.exists()
    latest = Mark.history.order_by("-history_date", "-history_id").first()
    assert latest.value == "5" and latest.history_user == s["deputy"]
    request = CorrectionRequest.objects.order_by("pk").first()
    assert f"correction #{request.pk}" in latest.history_change_reason
    assert f"№ {report.pk}" in request.reason
    report.refresh_from_db()
    assert report.status == "closed"
    assert set(report.items.values_list("decision", flat=True)) == {"reverted"}
    # when: the sysadmin issues a new password through the credentials flow
    with _at(s, 10, 10):
        slip = sysadmin.post(reverse("audit:compromise-password", args=[report.pk]))
    # then
    assert slip["Content-Type"] == "application/pdf"
    user.refresh_from_db()
    assert user.has_usable_password() and user.must_change_password


def test_an_operation_confirmed_as_genuine_stays(world):
    s = world
    teacher = _client(s["teacher"])
    post(teacher, s, "4", minute=45)
    _sysadmin, report = _report_by_sysadmin(s)
    item = report.items.get(source="journal_historicalmark")
    with _at(s, 10, 5):
        _client(s["deputy"]).post(
            reverse("audit:compromise-review", args=[report.pk]),
            {"action": "confirm", "item": item.pk},
        )
    item.refresh_from_db()
    assert item.decision == ItemDecision.CONFIRMED
    assert Mark.objects.get().value == "4"


def test_only_the_deputy_or_director_reviews_and_denial_writes_nothing(world):
    s = world
    post(_client(s["teacher"]), s, "4", minute=45)
    _sysadmin, report = _report_by_sysadmin(s)
    item = report.items.get(source="journal_historicalmark")
    history = Mark.history.count()
    url = reverse("audit:compromise-review", args=[report.pk])
    for user in (s["sysadmin"], member(Role.TEACHER, s["school"])):
        with _at(s, 10, 5):
            response = _client(user).post(url, {"action": "revert", "item": item.pk})
        assert response.status_code == 404
    item.refresh_from_db()
    assert item.decision == ItemDecision.PENDING
    assert Mark.objects.get().value == "4" and Mark.history.count() == history
    assert not CorrectionRequest.objects.exists()


def test_another_school_sees_no_report(world, other_school):
    s = world
    _sysadmin, report = _report_by_sysadmin(s)
    stranger = member(Role.DEPUTY, other_school)
    client = _client(stranger)
    assert (
        client.get(reverse("audit:compromise-detail", args=[report.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("audit:compromise-review", args=[report.pk]),
            {"action": "revert_all"},
        ).status_code
        == 404
    )


def test_a_user_reports_from_their_password_page(world):
    s = world
    teacher = _client(s["teacher"])
    with _at(s, 11):
        page = teacher.get(reverse("password-change")).content.decode()
        assert reverse("audit:compromise-self") in page
        response = teacher.post(
            reverse("audit:compromise-self"), {"since": "", "confirm": "on"}
        )
        after = teacher.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert after.status_code == 302
    report = CompromiseReport.objects.get()
    assert report.reported_by == s["teacher"] and report.user == s["teacher"]
    assert not User.objects.get(pk=s["teacher"].pk).has_usable_password()


def test_a_future_moment_is_refused_and_nothing_is_locked(world):
    s = world
    with _at(s, 10):
        response = _client(s["sysadmin"]).post(
            reverse("audit:compromise-create"),
            {"user": s["teacher"].pk, "since": "2026-11-24T09:00", "confirm": "on"},
        )
    assert response.status_code == 200
    assert "будущ" in response.content.decode()
    assert not CompromiseReport.objects.exists()
    assert User.objects.get(pk=s["teacher"].pk).has_usable_password()
    assert not CompromiseItem.objects.exists()
