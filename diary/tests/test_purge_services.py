"""Destruction of a revoking parent's personal data on the tenth working day (A5)."""

import datetime
import json
import time

import pytest
import time_machine

from diary.models import (
    AccessApplication,
    Consent,
    DeliveryForm,
    DiaryView,
    DigestDelivery,
    SmsCursor,
)
from diary.services import consent as services_consent
from diary.tasks import consents_purge_task
from journal.models import Mark
from school.models import Event, Guardian, GuardianRelation, Membership, Role, User
from school.tests.factories import MembershipFactory

from .builders_week import at, lesson, mark
from .delivery_world import build_world, papers

REVOKED_ON = datetime.date(2026, 11, 24)  # Tuesday
DUE = datetime.date(2026, 12, 8)  # the tenth working day after it
DESTROYED = "diary.personal_data.destroyed"


@pytest.fixture
def w(db):
    with time_machine.travel(at_hour(REVOKED_ON, 9), tick=False):
        yield build_world()


def at_hour(day, hour):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def revoked(w, **kwargs):
    """A parent with papers, a diary view, a delivery log and a mark of the child,
    who revokes the consent on REVOKED_ON."""
    _application, consent = papers(w, phone="+79123456789", sms_marks=True, **kwargs)
    w.guardian.phone, w.guardian.email = "+79123456789", "anna@example.ru"
    w.guardian._history_user = w.class_teacher
    w.guardian.save()
    DiaryView.objects.create(
        school=w.school,
        student=w.pupil,
        viewer=w.parent,
        role=Role.PARENT,
        viewed_on=REVOKED_ON,
    )
    DigestDelivery.objects.create(
        school=w.school,
        guardian=w.guardian,
        student=w.pupil,
        week=w.monday,
        recipient="anna@example.ru",
        status="sent",
    )
    SmsCursor.objects.create(
        school=w.school,
        guardian=w.guardian,
        student=w.pupil,
        created_at=at(w.school, REVOKED_ON, 8),
    )
    mark(w.__dict__, lesson(w.__dict__), "4")
    with time_machine.travel(at(w.school, REVOKED_ON, 15), tick=False):
        return services_consent.consent_revoke(actor=w.parent, consent=consent)


def run_purge(w, day, hour):
    with time_machine.travel(at(w.school, day, hour), tick=False):
        return consents_purge_task.apply().get()


def personal_traces(w) -> list[str]:
    """Every table where the parent's names, phone or e-mail still appear."""
    needles = ("Петрова", "Анна", "+79123456789", "anna@example.ru")
    found = []
    for model in (
        User,
        User.history.model,
        Guardian.history.model,
        Consent,
        Consent.history.model,
        AccessApplication,
        AccessApplication.history.model,
        Event,
    ):
        for row in model.objects.values():
            text = json.dumps(row, default=str, ensure_ascii=False)
            own = model not in (User, User.history.model) or row["id"] == w.parent.pk
            if own and any(n in text for n in needles):
                found.append(f"{model.__name__}#{row['id']}")
    return found


def test_data_survives_the_day_before_and_is_destroyed_on_the_day(w):
    # given
    consent = revoked(w)
    assert consent.purge_due_on == DUE
    # when: the last hour of the day before, on the school's clock
    assert run_purge(w, DUE - datetime.timedelta(days=1), 23) == 0
    # then: nothing destroyed yet
    assert Guardian.objects.filter(pk=w.guardian.pk).exists()
    assert User.objects.get(pk=w.parent.pk).last_name == "Петрова"
    assert not Event.objects.filter(code=DESTROYED).exists()
    assert len(personal_traces(w)) >= 6
    login = w.parent.username
    assert Event.objects.filter(actor_username=login).exists()
    # when: the first run of the due day
    assert run_purge(w, DUE, 0) == 1
    # then: the parent's data and access are gone, with their history copies
    assert personal_traces(w) == []
    user = User.objects.get(pk=w.parent.pk)
    assert not user.is_active and user.username == f"deleted-{user.pk}"
    assert not user.has_usable_password()
    # the login, made of the name, survives nowhere, not even in the events log
    assert not Event.objects.filter(actor_username=login).exists()
    assert Event.objects.get(code="diary.consent.revoked").actor_username == (
        user.username
    )
    assert not Guardian.objects.filter(pk=w.guardian.pk).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not Membership.history.model.objects.filter(user_id=user.pk).exists()
    assert not GuardianRelation.history.model.objects.filter(
        guardian_id=w.guardian.pk
    ).exists()
    assert not DiaryView.objects.filter(viewer=user).exists()
    assert not DigestDelivery.objects.exists() and not SmsCursor.objects.exists()
    consent.refresh_from_db()
    assert consent.purged_at is not None and consent.guardian is None
    assert consent.signer_name == "" and consent.categories  # the sheet's shape stays
    # the pupil's journal is intact
    assert Mark.objects.filter(student=w.pupil).count() == 1
    assert w.pupil.user.last_name == User.objects.get(pk=w.pupil.user_id).last_name
    # the proof names no one
    event = Event.objects.get(code=DESTROYED)
    assert event.params["scope"] == "parent"
    assert event.params["consent"] == consent.pk
    assert event.params["destroyed"]["accounts"] == 1
    assert event.params["purge_due_on"] == DUE.isoformat()


def test_purge_is_idempotent(w):
    # given
    revoked(w)
    run_purge(w, DUE, 1)
    # when: the job runs again, later and another day
    assert run_purge(w, DUE, 2) == 0
    assert run_purge(w, DUE + datetime.timedelta(days=3), 10) == 0
    # then: one proof, nothing else changed
    assert Event.objects.filter(code=DESTROYED).count() == 1


def test_a_parent_of_another_child_keeps_their_account(w):
    # given: the parent also has the foreign pupil, with a valid consent
    GuardianRelation.objects.create(
        school=w.school, guardian=w.guardian, student=w.foreign, relation="mother"
    )
    papers(w, student=w.foreign, actor=w.deputy, delivery=DeliveryForm.PAPER)
    consent = revoked(w)
    # when
    run_purge(w, DUE, 1)
    # then: only the data about the first child went
    event = Event.objects.get(code=DESTROYED)
    assert event.params["scope"] == "child"
    assert Guardian.objects.filter(pk=w.guardian.pk).exists()
    assert User.objects.get(pk=w.parent.pk).last_name == "Петрова"
    assert (
        AccessApplication.objects.get(guardian=w.guardian, student=w.pupil).email == ""
    )
    assert Consent.objects.get(pk=consent.pk).signer_name == ""
    assert Consent.objects.get(guardian=w.guardian, student=w.foreign).is_valid
    assert not GuardianRelation.history.model.objects.filter(
        guardian_id=w.guardian.pk, student_id=w.pupil.pk
    ).exists()


def test_an_account_used_elsewhere_is_kept_but_the_parent_record_goes(w):
    # given: the parent also teaches at the school
    MembershipFactory(user=w.parent, school=w.school, role=Role.TEACHER)
    revoked(w)
    # when
    run_purge(w, DUE, 1)
    # then
    user = User.objects.get(pk=w.parent.pk)
    assert user.is_active and user.last_name == "Петрова"
    assert not Guardian.objects.filter(pk=w.guardian.pk).exists()
    assert list(user.memberships.values_list("role", flat=True)) == [Role.TEACHER]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_purge(celery_worker):
    # given: a revocation received three weeks ago, registered by the deputy
    w = build_world()
    today = w.school.local_today()
    papers(w, actor=w.deputy, signed_on=today - datetime.timedelta(days=60))
    consent = Consent.objects.get()
    received = today - datetime.timedelta(days=21)
    services_consent.consent_revoke(
        actor=w.deputy, consent=consent, received_on=received
    )
    # when: the worker runs the hourly job
    consents_purge_task.delay()
    # then
    deadline = time.monotonic() + 30
    while not Event.objects.filter(code=DESTROYED).exists():
        assert time.monotonic() < deadline, "the worker did not destroy the data"
        time.sleep(0.2)
    assert not Guardian.objects.filter(pk=w.guardian.pk).exists()
    assert User.objects.get(pk=w.parent.pk).last_name == ""
