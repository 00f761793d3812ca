"""Correction requests through the pages (C7): file, approve, reject, 404s."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import CorrectionRequest, CorrectionStatus, Mark
from journal.tests.conftest import MONDAY, at, open_lesson, put_mark
from school.models import Role
from school.tests.factories import SchoolFactory, member

LATER = MONDAY + datetime.timedelta(days=3)


@pytest.fixture
def marked(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        s["lesson"] = open_lesson(s)
        put_mark(s, s["lesson"], "2")
    s["deputy"] = member(Role.DEPUTY, s["school"])
    s["url"] = reverse(
        "journal:correction-create",
        args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 2),
    )
    return s


def file_through_page(client, s):
    client.force_login(s["teacher"])
    return client.post(
        s["url"],
        {
            "student": s["pupil"].pk,
            "target": "mark",
            "work_kind": s["kind"].pk,
            "value": "4",
            "changes_text": "Исправить 2 на 4",
            "reason": "Ошибка при вводе",
        },
    )


def decide(client, who, request, approve, comment=""):
    client.force_login(who)
    url = reverse("journal:correction-decide", args=(request.pk,))
    return client.post(url, {"approve": "1" if approve else "0", "comment": comment})


def test_teacher_files_and_deputy_approves(marked, client):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        # given: the form shows the fields of 003 §2.3.4.1
        client.force_login(s["teacher"])
        form = client.get(s["url"]).content.decode()
        assert "Дата обращения" in form and "26.11.2026" in form
        assert "23.11.2026" in form and "Математика" in form
        # when: the teacher files, the deputy approves
        assert file_through_page(client, s).status_code == 302
        request = CorrectionRequest.objects.get()
        mine = client.get(reverse("journal:correction-list")).content.decode()
        assert "Исправить 2 на 4" in mine
        client.force_login(s["deputy"])
        queue = client.get(reverse("journal:correction-queue")).content.decode()
        assert "Ошибка при вводе" in queue
        response = decide(client, s["deputy"], request, True)
    # then
    assert response.status_code == 302
    assert Mark.objects.get().value == "4"
    request.refresh_from_db()
    assert request.status == CorrectionStatus.APPROVED
    assert request.changes == [
        {
            "target": "mark",
            "student": s["pupil"].pk,
            "value": "4",
            "work_kind": s["kind"].pk,
        }
    ]


def test_reject_needs_a_reason(marked, client):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        file_through_page(client, s)
        request = CorrectionRequest.objects.get()
        bare = decide(client, s["deputy"], request, False)
        assert bare.status_code == 200
        assert "Укажите причину" in bare.content.decode() or bare.context["form"].errors
        assert CorrectionRequest.objects.get().status == CorrectionStatus.PENDING
        decide(client, s["deputy"], request, False, "Нет подтверждения")
        client.force_login(s["teacher"])
        mine = client.get(reverse("journal:correction-list")).content.decode()
    request.refresh_from_db()
    assert request.status == CorrectionStatus.REJECTED
    assert "Нет подтверждения" in mine
    assert Mark.objects.get().value == "2"


def test_teacher_cannot_open_the_queue_or_decide(marked, client):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        file_through_page(client, s)
        request = CorrectionRequest.objects.get()
        assert client.get(reverse("journal:correction-queue")).status_code == 404
        assert decide(client, s["teacher"], request, True).status_code == 404
    assert CorrectionRequest.objects.get().status == CorrectionStatus.PENDING
    assert Mark.objects.get().value == "2"


def test_another_schools_request_is_404_and_untouched(marked, client):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        file_through_page(client, s)
        request = CorrectionRequest.objects.get()
        stranger = member(Role.DEPUTY, SchoolFactory())
        assert decide(client, stranger, request, True).status_code == 404
        client.force_login(member(Role.TEACHER, SchoolFactory()))
        other_file = client.post(s["url"], {"changes_text": "x", "reason": "y"})
    assert other_file.status_code == 404
    assert CorrectionRequest.objects.count() == 1
    assert CorrectionRequest.history.count() == 1
    assert CorrectionRequest.objects.get().status == CorrectionStatus.PENDING
    assert Mark.objects.get().value == "2"


def test_a_lesson_never_opened_can_still_be_corrected(setup, client):
    # given: Monday's lesson took place but nothing was entered in its window
    s = setup
    s["url"] = reverse(
        "journal:correction-create",
        args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 2),
    )
    deputy = member(Role.DEPUTY, s["school"])
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        # when: the form opens with the pupil chosen, the teacher files, the deputy
        # approves
        client.force_login(s["teacher"])
        form = client.get(s["url"], {"student": s["pupil"].pk})
        assert f'value="{s["pupil"].pk}" selected' in form.content.decode()
        assert file_through_page(client, s).status_code == 302
        request = CorrectionRequest.objects.get()
        decide(client, deputy, request, True)
    # then: the lesson got its column under the teacher; the mark is in
    assert request.lesson.teacher == s["teacher"]
    assert Mark.objects.get().value == "4"
    assert Mark.objects.get().history.first().history_user == deputy
