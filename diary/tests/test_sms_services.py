"""SMS of new marks (D4): composing from a high-water mark, the outbox, and the
SMS.RU adapter against a local fake gateway."""

import datetime
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary import sms
from diary.models import DeliveryStatus, SmsMessage
from diary.services import consent as services_consent
from diary.services import delivery as services_delivery
from diary.tasks import sms_send_task

from .builders_week import MONDAY, at, lesson, mark
from .delivery_world import ALL_ACTIONS, build_world, papers

PHONE = "8 (912) 345-67-89"
NUMBER = "79123456789"


class FakeGateway(BaseHTTPRequestHandler):
    """Answers like SMS.RU's /sms/send with json=1; `server.answers` scripts it."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        self.server.requests.append((self.path, fields))
        body = self.server.answers.pop(0) if self.server.answers else _ok(fields)
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def _ok(fields):
    return {
        "status": "OK",
        "status_code": 100,
        "sms": {
            fields["to"]: {"status": "OK", "status_code": 100, "sms_id": "000-100"}
        },
        "balance": 100.5,
    }


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    server.requests, server.answers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_RU_URL = f"http://127.0.0.1:{server.server_port}/sms/send"
    settings.SMS_RU_API_ID = "test-api-id"
    settings.SMS_SENDER = "SCHOOL"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def w(db):
    with time_machine.travel(at_school(MONDAY, 8), tick=False):
        yield build_world()


def at_school(day, hour, minute=0):
    return at(_MOSCOW, day, hour, minute)


class _Moscow:
    time_zone = "Europe/Moscow"


_MOSCOW = _Moscow()


def run(hour, minute=0, day=MONDAY):
    with time_machine.travel(at_school(day, hour, minute), tick=False):
        return sms_send_task.apply().get()


def test_the_adapter_posts_to_the_gateway_and_reads_the_id(gateway):
    # when
    backend = sms.SmsRuBackend()
    message_id = backend.send(PHONE, "Новые отметки: Математика 5")
    # then
    assert message_id == "000-100"
    path, fields = gateway.requests[0]
    assert path == "/sms/send"
    assert fields == {
        "api_id": "test-api-id",
        "to": NUMBER,
        "msg": "Новые отметки: Математика 5",
        "json": "1",
        "from": "SCHOOL",
    }


def test_the_adapter_reports_a_refusal_and_an_unreachable_gateway(gateway, settings):
    # given: the account has no money left
    gateway.answers.append(
        {"status": "ERROR", "status_code": 201, "status_text": "Не хватает средств"}
    )
    # then
    with pytest.raises(sms.SmsError, match="201"):
        sms.SmsRuBackend().send(PHONE, "…")
    # given: a number refused inside an accepted request
    gateway.answers.append(
        {"status": "OK", "sms": {NUMBER: {"status": "ERROR", "status_code": 207}}}
    )
    with pytest.raises(sms.SmsError, match="207"):
        sms.SmsRuBackend().send(PHONE, "…")
    # given: nothing listens there
    with pytest.raises(sms.SmsError, match="unreachable"):
        sms.SmsRuBackend(url="http://127.0.0.1:9/sms/send").send(PHONE, "…")


def test_new_marks_are_told_once(w, outbox):
    # given: a parent subscribed on Monday morning; two marks at 9:30
    papers(w, phone=PHONE, sms_marks=True)
    maths = lesson(w.__dict__)
    with time_machine.travel(at_school(MONDAY, 9, 30), tick=False):
        mark(w.__dict__, maths, "5")
        mark(w.__dict__, maths, "4", kind=w.test_kind)
    # when: a run a minute later leaves them (the teacher may still correct)
    assert run(9, 31) == 0
    # then: the next run tells both in one text, the one after tells nothing
    assert run(9, 40) == 1
    assert run(9, 45) == 0
    assert outbox == [(NUMBER, outbox[0][1])]
    assert "5" in outbox[0][1] and "4" in outbox[0][1]
    assert SmsMessage.objects.get().status == DeliveryStatus.SENT


def test_night_marks_wait_for_the_morning(w, outbox):
    # given
    papers(w, phone=PHONE, sms_marks=True)
    with time_machine.travel(at_school(MONDAY, 22, 0), tick=False):
        mark(w.__dict__, lesson(w.__dict__), "3")
    # when: composed at night, sent only from 08:00
    run(23, 0)
    assert outbox == []
    assert SmsMessage.objects.get().status == DeliveryStatus.PENDING
    run(8, 5, day=MONDAY + datetime.timedelta(days=1))
    # then
    assert len(outbox) == 1


def test_no_sms_without_consent_to_electronic_sending_or_after_revocation(w, outbox):
    # given: the sheet does not tick 6.9
    papers(
        w, phone=PHONE, sms_marks=True, actions=[a for a in ALL_ACTIONS if a != "6.9"]
    )
    with time_machine.travel(at_school(MONDAY, 9), tick=False):
        mark(w.__dict__, lesson(w.__dict__), "5")
    assert run(10) == 0
    # given: a full consent, a mark composed at night, then the revocation
    _application, consent = papers(w, phone=PHONE, sms_marks=True)
    with time_machine.travel(at_school(MONDAY, 21, 30), tick=False):
        mark(w.__dict__, lesson(w.__dict__, number=6), "2")
    run(23)
    assert SmsMessage.objects.filter(status=DeliveryStatus.PENDING).exists()
    with time_machine.travel(at_school(MONDAY, 23, 30), tick=False):
        services_consent.consent_revoke(actor=w.parent, consent=consent)
    # when
    run(9, day=MONDAY + datetime.timedelta(days=1))
    # then
    assert outbox == []
    assert not SmsMessage.objects.exists()


def test_the_gateway_adapter_sends_the_outbox(w, gateway, settings):
    # given: the real adapter behind the setting
    settings.SMS_BACKEND = "diary.sms.SmsRuBackend"
    papers(w, phone=PHONE, sms_marks=True)
    with time_machine.travel(at_school(MONDAY, 9), tick=False):
        mark(w.__dict__, lesson(w.__dict__), "5")
    gateway.answers.append({"status": "ERROR", "status_code": 220})
    # when: the first try is refused, the next run succeeds
    assert run(10) == 0
    assert run(10, 5) == 1
    # then
    row = SmsMessage.objects.get()
    assert row.status == DeliveryStatus.SENT and row.attempts == 2
    assert row.provider_id == "000-100"
    assert [f["to"] for _path, f in gateway.requests] == [NUMBER, NUMBER]


def test_compose_costs_the_same_queries_at_two_sizes(w, django_assert_num_queries):
    # given: one subscriber with a new mark
    papers(w, phone=PHONE, sms_marks=True)
    maths = lesson(w.__dict__)
    with time_machine.travel(at_school(MONDAY, 9), tick=False):
        mark(w.__dict__, maths, "5")
    with (
        time_machine.travel(at_school(MONDAY, 10), tick=False),
        CaptureQueriesContext(connection) as one,
    ):
        assert services_delivery.sms_compose(school=w.school) == 1
    # when: two subscribers with new marks
    papers(
        w,
        guardian=w.foreign_guardian,
        student=w.foreign,
        phone=PHONE,
        sms_marks=True,
        actor=w.deputy,
    )
    other = lesson(w.__dict__, group=w.other, number=4)
    with time_machine.travel(at_school(MONDAY, 11), tick=False):
        mark(w.__dict__, maths, "4", kind=w.test_kind)
        mark(w.__dict__, other, "3", student=w.foreign)
    # then
    with (
        time_machine.travel(at_school(MONDAY, 12), tick=False),
        django_assert_num_queries(len(one.captured_queries)),
    ):
        assert services_delivery.sms_compose(school=w.school) == 2
