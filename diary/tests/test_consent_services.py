"""Applications and consent sheets (A5): who registers them, what is stored,
revocation and the working-day count to destruction."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from diary.models import AccessApplication, Consent, DeliveryForm, SmsMessage
from diary.permissions import family as permissions
from diary.selectors import consent as selectors_consent
from diary.selectors import delivery as selectors_delivery
from diary.services import consent as services_consent
from school.models import Event, GuardianRelation, Holiday, HolidayKind, Role
from school.tests.factories import SchoolFactory, history_count, member

from .builders_week import at
from .delivery_world import ALL_ACTIONS, SIGNED, build_world, papers

TODAY = datetime.date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def w(db):
    with time_machine.travel(at_noon(TODAY), tick=False):
        yield build_world()


def at_noon(day):
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)


def test_class_teacher_registers_application_and_sheet(w):
    # when
    application, consent = papers(
        w,
        delivery=DeliveryForm.EMAIL,
        categories=["1.3", "4.3"],
        actions=["6.4", "6.9"],
        phone="+7 912 345-67-89",
        sms_marks=True,
    )
    # then: dated, attributed, each checkbox kept
    assert application.registered_by == w.class_teacher
    assert application.submitted_on == SIGNED
    assert application.history.get().history_user == w.class_teacher
    assert consent.categories == ["1.3", "4.3"]
    assert consent.actions == ["6.4", "6.9"]
    assert consent.allows_electronic and not consent.allows_paper
    assert consent.registered_by == w.class_teacher
    assert consent.history.get().history_user == w.class_teacher
    assert consent.relation == "mother"


def test_deputy_registers_for_any_class(w):
    # when
    _application, consent = papers(
        w, guardian=w.foreign_guardian, student=w.foreign, actor=w.deputy
    )
    # then
    assert consent.registered_by == w.deputy


@pytest.mark.parametrize(
    "who", ["other_class_teacher", "teacher", "parent", "foreign_director"]
)
def test_others_cannot_register_and_nothing_is_written(w, who):
    # given
    actor = (
        member(Role.DIRECTOR, SchoolFactory())
        if who == "foreign_director"
        else getattr(w, who)
    )
    before = history_count()
    # when / then
    with pytest.raises(PermissionDenied):
        papers(w, actor=actor)
    assert not AccessApplication.objects.exists()
    assert not Consent.objects.exists()
    assert history_count() == before


def test_a_new_sheet_replaces_the_previous_one(w):
    # given
    _application, first = papers(w, actions=["6.4"])
    # when
    _application, second = papers(w)
    # then
    first.refresh_from_db()
    assert first.superseded_at is not None and second.is_valid
    assert AccessApplication.objects.filter(superseded_at__isnull=True).count() == 1


def test_unknown_items_and_missing_address_are_refused(w):
    with pytest.raises(ValidationError):
        papers(w, categories=["9.9"])
    with pytest.raises(ValidationError):
        papers(w, delivery=DeliveryForm.EMAIL, email="")
    assert not Consent.objects.exists()


def test_revocation_stops_delivery_and_diary_at_once(w):
    # given: a parent receiving digests and SMS, with one SMS still queued
    application, consent = papers(w, phone="+79123456789", sms_marks=True)
    SmsMessage.objects.create(
        school=w.school,
        guardian=w.guardian,
        student=w.pupil,
        phone=application.phone,
        text="…",
    )
    assert selectors_delivery.digest_recipients(w.school, w.monday)
    assert permissions.can_view_diary(w.parent, w.pupil, Role.PARENT)
    # when
    with time_machine.travel(at(w.school, TODAY, 11), tick=False):
        consent = services_consent.consent_revoke(actor=w.parent, consent=consent)
    # then: nothing more is sent, the diary is closed, destruction is scheduled
    assert selectors_delivery.digest_recipients(w.school, w.monday) == []
    assert selectors_delivery.sms_subscriptions(w.school) == []
    assert not SmsMessage.objects.exists()
    assert not GuardianRelation.objects.filter(guardian=w.guardian).exists()
    assert not permissions.can_view_diary(w.parent, w.pupil, Role.PARENT)
    assert consent.revocation_received_on == TODAY
    assert consent.purge_due_on == datetime.date(2026, 12, 8)
    event = Event.objects.get(code="diary.consent.revoked")
    assert event.actor == w.parent and event.params["consent"] == consent.pk


def test_another_parent_cannot_revoke(w):
    # given
    _application, consent = papers(w)
    before = history_count()
    # when / then
    with pytest.raises(PermissionDenied):
        services_consent.consent_revoke(actor=w.foreign_parent, consent=consent)
    consent.refresh_from_db()
    assert consent.is_valid and history_count() == before


def test_staff_registers_a_revocation_received_earlier(w):
    # given
    _application, consent = papers(w)
    # when: the written revocation arrived on Friday and is entered on Tuesday
    with time_machine.travel(at(w.school, TODAY, 11), tick=False):
        consent = services_consent.consent_revoke(
            actor=w.class_teacher,
            consent=consent,
            received_on=datetime.date(2026, 11, 20),
        )
    # then: ten working days from Friday 20.11 is Friday 04.12
    assert consent.revoked_by == w.class_teacher
    assert consent.purge_due_on == datetime.date(2026, 12, 4)


def test_working_days_skip_weekends_and_school_days_off(w):
    # given: a whole-school day off, and pupils' holidays which are working days
    Holiday.objects.create(
        school=w.school,
        year=w.year,
        kind=HolidayKind.DAY_OFF,
        name="День народного единства",
        starts_on=datetime.date(2026, 11, 4),
        ends_on=datetime.date(2026, 11, 4),
    )
    Holiday.objects.create(
        school=w.school,
        year=w.year,
        kind=HolidayKind.AUTUMN,
        name="Осенние каникулы",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 11, 8),
    )
    Holiday.objects.create(
        school=w.school,
        year=w.year,
        kind=HolidayKind.DAY_OFF,
        name="Только для первых классов",
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 11, 5),
        grade_to=1,
    )
    # when: received on Friday 30.10
    due = selectors_consent.working_days_after(
        w.school, datetime.date(2026, 10, 30), 10
    )
    # then: 2, 3, 5, 6, 9, 10, 11, 12, 13, 16 November
    assert due == datetime.date(2026, 11, 16)
    # a Saturday start counts from Monday
    assert selectors_consent.working_days_after(
        w.school, datetime.date(2026, 11, 28), 1
    ) == datetime.date(2026, 11, 30)


def test_sheet_without_consent_to_progress_sends_nothing(w):
    # given: e-mail chosen, but the sheet does not tick "6.9"
    papers(w, actions=[a for a in ALL_ACTIONS if a != "6.9"])
    # then
    assert selectors_delivery.digest_recipients(w.school, w.monday) == []
