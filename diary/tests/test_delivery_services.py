"""The weekly e-mail digest (D4): to a local SMTP server, once a week per parent
and child, in the school's time zone, in batches of constant query count."""

import datetime
import email
import socket
from email.policy import default as default_policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.models import DeliveryForm, DigestDelivery
from diary.services import delivery as services_delivery
from diary.tasks import digests_send_task
from school.models import Event, Guardian, GuardianRelation
from school.tests.factories import (
    EnrollmentFactory,
    GroupMembershipFactory,
    SchoolFactory,
)

from .builders_week import MONDAY, at, homework, lesson, mark, parent_of
from .delivery_world import build_world, papers

SATURDAY = MONDAY + datetime.timedelta(days=5)


class Inbox:
    """An SMTP handler that keeps what it receives and counts connections."""

    def __init__(self):
        self.messages = []
        self.connections = 0
        self.refuse = set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def w(db):
    monday_morning = datetime.datetime(2026, 11, 23, 5, tzinfo=datetime.UTC)
    with time_machine.travel(monday_morning, tick=False):
        world = build_world()
        maths = lesson(world.__dict__, topic="Сложение дробей")
        mark(world.__dict__, maths, "5", comment="Молодец")
        homework(world.__dict__, maths, text="№ 12, 14")
        yield world


def second_parent(w):
    """The father of the same pupil, with his own e-mail."""
    father = parent_of(w.pupil, papers=False)
    father.last_name = "Петров"
    father.save()
    guardian = Guardian.objects.get(user=father)
    return guardian


def run_task(w, day=SATURDAY, hour=17):
    with time_machine.travel(at(w.school, day, hour), tick=False):
        return digests_send_task.apply().get()


def test_each_parent_gets_exactly_one_digest_even_when_run_twice(w, smtp):
    # given: mother and father asked for the e-mail digest and consented
    papers(w, email="anna@example.ru")
    father = second_parent(w)
    papers(w, guardian=father, email="oleg@example.ru")
    # when: the hourly job runs twice on Saturday evening
    assert run_task(w) == 2
    assert run_task(w, hour=18) == 0
    # then: one letter each, over one SMTP connection
    assert len(smtp.to("anna@example.ru")) == 1
    assert len(smtp.to("oleg@example.ru")) == 1
    assert len(smtp.messages) == 2
    assert smtp.connections == 1
    letter = smtp.to("anna@example.ru")[0]
    assert "23.11–28.11.2026" in letter["Subject"]
    text = letter.get_body(("plain",)).get_content()
    html = letter.get_body(("html",)).get_content()
    for content in (text, html):
        assert "Сложение дробей" in content
        assert "Молодец" in content
        assert "№ 12, 14" in content
    assert "/week/?week=2026-11-23" in text
    assert DigestDelivery.objects.filter(status="sent").count() == 2
    assert Event.objects.get(code="diary.digest.sent").params["sent"] == 2


def test_nothing_before_the_school_saturday_afternoon(w, smtp):
    # given
    papers(w)
    # when: Saturday morning and Friday evening
    assert run_task(w, hour=11) == 0
    assert run_task(w, day=SATURDAY - datetime.timedelta(days=1), hour=20) == 0
    # then
    assert smtp.messages == []


def test_the_due_hour_is_the_schools_own():
    # given: 07:00 UTC on Saturday is 17:00 in Vladivostok, 10:00 in Moscow
    now = datetime.datetime(2026, 11, 28, 7, tzinfo=datetime.UTC)
    east = SchoolFactory.build(time_zone="Asia/Vladivostok")
    west = SchoolFactory.build(time_zone="Europe/Moscow")
    # then
    assert services_delivery.digest_week_due(east, now) == MONDAY
    assert services_delivery.digest_week_due(west, now) is None
    # Sunday night in Moscow is still the same week
    late = datetime.datetime(2026, 11, 29, 20, 59, tzinfo=datetime.UTC)
    assert services_delivery.digest_week_due(west, late) == MONDAY


def test_no_digest_without_consent_on_paper_or_after_revocation(w, smtp):
    # given: the mother chose paper; the father chose e-mail but never consented
    papers(w, delivery=DeliveryForm.PAPER)
    father = second_parent(w)
    from diary.services import consent as services_consent

    services_consent.application_register(
        actor=w.class_teacher,
        student=w.pupil,
        guardian=father,
        submitted_on=datetime.date(2026, 9, 1),
        delivery=DeliveryForm.EMAIL,
        email="oleg@example.ru",
    )
    # when
    assert run_task(w) == 0
    # then
    assert smtp.messages == []
    assert not DigestDelivery.objects.exists()


def test_a_refused_letter_is_retried_on_the_next_run(w, smtp):
    # given: the server refuses the father's mailbox for now
    papers(w, email="anna@example.ru")
    papers(w, guardian=second_parent(w), email="oleg@example.ru")
    smtp.refuse.add("oleg@example.ru")
    # when
    assert run_task(w) == 1
    smtp.refuse.clear()
    assert run_task(w, hour=18) == 1
    # then
    assert len(smtp.to("anna@example.ru")) == 1
    assert len(smtp.to("oleg@example.ru")) == 1
    assert DigestDelivery.objects.filter(status="sent").count() == 2


def _family(w, n):
    """n more pupils of 5А, each with a parent who chose the e-mail digest."""
    for i in range(n):
        pupil = GroupMembershipFactory(group=w.group).student
        EnrollmentFactory(school_class=w.school_class, student=pupil)
        parent = parent_of(pupil, papers=False)
        guardian = GuardianRelation.objects.get(guardian__user=parent).guardian
        papers(w, guardian=guardian, student=pupil, email=f"p{i}@example.ru")
        mark(w.__dict__, lesson_of(w), "4", student=pupil)


def lesson_of(w):
    from journal.models import Lesson

    return Lesson.objects.get(group=w.group, date=MONDAY)


def test_a_batch_costs_the_same_queries_at_two_sizes(w, django_assert_num_queries):
    # given: 10 families; batches of 2 and of 8
    _family(w, 10)
    with CaptureQueriesContext(connection) as small:
        first = services_delivery.digest_batch_send(
            school=w.school, monday=MONDAY, limit=2
        )
    assert first.sent == 2
    # when / then
    with django_assert_num_queries(len(small.captured_queries)):
        second = services_delivery.digest_batch_send(
            school=w.school, monday=MONDAY, after_id=first.last_id, limit=8
        )
    assert second.sent == 8
    assert len(small.captured_queries) <= 20
