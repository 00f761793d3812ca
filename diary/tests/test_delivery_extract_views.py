"""The printed weekly extract (выписка, D4) for parents who chose paper."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from diary.models import DeliveryForm
from school.models import Event, GuardianRelation
from school.tests.factories import EnrollmentFactory, GroupMembershipFactory

from .builders_week import MONDAY, homework, lesson, mark, parent_of
from .delivery_world import build_world, papers

NOW = datetime.datetime(2026, 11, 28, 9, tzinfo=datetime.UTC)


@pytest.fixture
def w(db):
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        maths = lesson(world.__dict__, topic="Сложение дробей")
        mark(world.__dict__, maths, "5", comment="Молодец")
        homework(world.__dict__, maths, text="№ 12, 14")
        yield world


def url(w, school_class=None):
    target = school_class or w.school_class
    return reverse("diary:extract-class", args=(target.pk,)) + "?week=2026-11-25"


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_class_teacher_prints_the_paper_extracts_of_the_class(client, w):
    # given: two pupils whose parents chose paper, one who chose e-mail
    papers(w, delivery=DeliveryForm.PAPER)
    second = GroupMembershipFactory(group=w.group, student__user__last_name="Смирнов")
    EnrollmentFactory(school_class=w.school_class, student=second.student)
    guardian = GuardianRelation.objects.get(
        guardian__user=parent_of(second.student, papers=False)
    ).guardian
    papers(w, guardian=guardian, student=second.student, delivery=DeliveryForm.PAPER)
    third = GroupMembershipFactory(group=w.group, student__user__last_name="Орлова")
    EnrollmentFactory(school_class=w.school_class, student=third.student)
    guardian = GuardianRelation.objects.get(
        guardian__user=parent_of(third.student, papers=False)
    ).guardian
    papers(w, guardian=guardian, student=third.student, delivery=DeliveryForm.EMAIL)
    # when
    client.force_login(w.class_teacher)
    response = client.get(url(w))
    # then: one page a pupil who chose paper, with the week's journal
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = text_of(response.content)
    assert len(pages) == 2
    everything = "\n".join(pages)
    assert "Смирнов" in everything and "Орлова" not in everything
    assert "Сложение дробей" in everything and "Молодец" in everything
    assert "23.11.2026" in everything
    event = Event.objects.get(code="diary.extract.printed")
    assert event.params == {
        "school_class": w.school_class.pk,
        "week": MONDAY.isoformat(),
        "pupils": 2,
    }


def test_without_consent_to_paper_nothing_is_printed(client, w):
    # given: paper chosen, but the sheet does not tick 6.10
    papers(w, delivery=DeliveryForm.PAPER, actions=["6.4", "6.9"])
    # when
    client.force_login(w.class_teacher)
    response = client.get(url(w))
    # then: back to the register with a notice, no PDF and no event
    assert response.status_code == 302
    assert not Event.objects.filter(code="diary.extract.printed").exists()


@pytest.mark.parametrize("who", ["other_class_teacher", "teacher", "parent"])
def test_others_cannot_print_the_class(client, w, who):
    # given
    papers(w, delivery=DeliveryForm.PAPER)
    client.force_login(getattr(w, who))
    # when / then
    assert client.get(url(w)).status_code == 404
    assert not Event.objects.filter(code="diary.extract.printed").exists()
