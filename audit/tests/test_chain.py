"""The tamper-evident log: sealed rows, and rows edited around the service found."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import chain
from audit.models import ChainHead, ChainLink
from audit.services import audit_verify
from journal.models import Mark
from journal.tests.conftest import MONDAY, at, open_lesson, put_mark
from school import events
from school.models import Event, Role, School
from school.tests.factories import member

pytestmark = pytest.mark.django_db


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _problems(school: School) -> list[chain.Problem]:
    return chain.chain_verify().get(school.pk, [])


@pytest.fixture
def written(setup):
    """A lesson, two marks and a few events in a school, all sealed."""
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        put_mark(s, lesson, "4")
        put_mark(s, lesson, "5")
        for n in range(3):
            events.record("test.fact", actor=s["teacher"], school=s["school"], n=n)
        chain.chain_extend()
    return s


def test_every_event_and_history_row_is_sealed_in_its_school_chain(written):
    # given
    school = written["school"]
    # then
    links = ChainLink.objects.filter(chain=school.pk)
    sources = set(links.values_list("source", flat=True))
    assert {"school_event", "journal_historicalmark"} <= sources
    assert links.filter(source="journal_historicalmark").count() == 2
    assert list(links.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, links.count() + 1)
    )
    assert ChainHead.objects.get(chain=school.pk).seq == links.count()
    assert _problems(school) == []
    # and: a second run seals nothing twice
    assert chain.chain_extend() == 0


def test_a_row_changed_with_sql_is_named(written):
    # given
    school = written["school"]
    event = Event.objects.filter(school=school, code="test.fact").order_by("pk")[1]
    # when: the event is edited in the database, around the service
    _sql("UPDATE school_event SET params = '{\"n\": 99}' WHERE id = %s", [event.pk])
    # then
    first = _problems(school)[0]
    assert (first.source, first.row_id, first.what) == (
        "school_event",
        event.pk,
        chain.CHANGED,
    )
    link = ChainLink.objects.get(source="school_event", row_id=event.pk)
    assert first.seq == link.seq


def test_a_history_row_deleted_with_sql_is_named(written):
    # given
    school = written["school"]
    row = Mark.history.order_by("history_id").first()
    # when
    _sql("DELETE FROM journal_historicalmark WHERE history_id = %s", [row.pk])
    # then
    found = _problems(school)
    assert [(p.row_id, p.what) for p in found] == [(row.pk, chain.DELETED)]


def test_a_back_dated_row_inserted_with_sql_is_named(written):
    # given
    school, teacher = written["school"], written["teacher"]
    # when: an event "from last week" is inserted straight into the table
    _sql(
        "INSERT INTO school_event (created_at, actor_id, actor_username, school_id, "
        "code, params) VALUES (%s, %s, %s, %s, 'journal.mark.set', '{}')",
        [
            at(school, MONDAY, 9) - datetime.timedelta(days=7),
            teacher.pk,
            "x",
            school.pk,
        ],
    )
    chain.chain_extend()
    # then
    inserted = Event.objects.get(code="journal.mark.set")
    found = _problems(school)
    assert [(p.row_id, p.what) for p in found] == [(inserted.pk, chain.INSERTED)]


def test_a_link_deleted_from_the_chain_is_named(written):
    # given: two hours later the cursor has moved past every sealed row
    school = written["school"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        chain.chain_extend()
    link = ChainLink.objects.filter(source="school_event", chain=school.pk).first()
    # when: a link is removed to hide its row
    _sql("DELETE FROM audit_chainlink WHERE id = %s", [link.pk])
    # then: the gap and the row no link seals are both named
    found = _problems(school)
    assert (found[0].seq, found[0].what) == (link.seq + 1, chain.LINK_BROKEN)
    assert (link.row_id, chain.INSERTED) in {(p.row_id, p.what) for p in found}


def test_a_changed_link_breaks_the_chain_there(written):
    # given
    school = written["school"]
    link = ChainLink.objects.filter(chain=school.pk).order_by("seq")[2]
    # when
    _sql("UPDATE audit_chainlink SET digest = %s WHERE id = %s", ["0" * 64, link.pk])
    # then
    first = _problems(school)[0]
    assert (first.seq, first.what) == (link.seq, chain.LINK_BROKEN)


def test_verify_audit_names_the_first_broken_link_and_fails(written, capsys):
    # given
    school = written["school"]
    event = Event.objects.filter(school=school, code="test.fact").first()
    _sql("UPDATE school_event SET actor_username = 'someone' WHERE id = %s", [event.pk])
    # when
    with pytest.raises(CommandError):
        call_command("verify_audit")
    # then
    out = capsys.readouterr().out
    assert f"цепочка {school.pk}: нарушена" in out
    assert f"school_event id={event.pk}: строка изменена" in out


def test_verify_audit_passes_on_an_untouched_log(written, capsys):
    call_command("verify_audit")
    assert "Все цепочки в порядке." in capsys.readouterr().out


def test_the_sysadmin_page_shows_the_last_result(written, client):
    # given
    school = written["school"]
    sysadmin = member(Role.SYSADMIN, school)
    client.force_login(sysadmin)
    url = reverse("school:sysadmin-home")
    before = client.get(url).content.decode()
    audit_verify()
    ok = client.get(url).content.decode()
    event = Event.objects.filter(school=school, code="test.fact").first()
    _sql("UPDATE school_event SET code = 'x' WHERE id = %s", [event.pk])
    audit_verify()
    # when
    broken = client.get(url).content.decode()
    # then
    assert "ещё не выполнялась" in before
    assert "ничего не изменено" in ok
    assert "нарушен" in broken and f"id={event.pk}" in broken


def test_events_and_history_cannot_be_changed_or_deleted_in_the_application(
    written,
):
    # given
    event = Event.objects.filter(code="test.fact").first()
    row = Mark.history.first()
    value = row.value
    # when / then
    event.code = "forged"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied), transaction.atomic():
        event.delete()
    row.value = "2"
    with pytest.raises(PermissionDenied):
        row.save()
    with pytest.raises(PermissionDenied), transaction.atomic():
        Mark.history.filter(pk=row.pk).delete()
    assert Event.objects.get(pk=event.pk).code == "test.fact"
    assert Mark.history.get(pk=row.pk).value == value
    assert _problems(written["school"]) == []


def test_the_admin_cannot_change_or_delete_events(written, client):
    # given
    admin = member(Role.SYSADMIN, written["school"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    event = Event.objects.filter(code="test.fact").first()
    change = reverse("admin:school_event_change", args=[event.pk])
    delete = reverse("admin:school_event_delete", args=[event.pk])
    # when
    client.post(change, {"code": "forged"})
    client.post(delete, {"post": "yes"})
    client.post(
        reverse("admin:school_event_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    # then
    assert Event.objects.get(pk=event.pk).code == "test.fact"
    assert _problems(written["school"]) == []


def test_sealing_adds_no_statement_to_a_mark_save(setup):
    # given
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        # when
        with CaptureQueriesContext(connection) as queries:
            put_mark(s, lesson, "4")
    # then: nothing of the audit app runs on the write path
    assert not [q for q in queries.captured_queries if "audit_" in q["sql"]]


def test_the_beat_schedule_runs_both_jobs():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["audit-verify"]["task"] == "audit.tasks.audit_verify_task"
    assert schedule["audit-chain-extend"]["task"] == "audit.tasks.chain_extend_task"
