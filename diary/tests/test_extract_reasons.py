"""The paper-extract button says why each pupil is left out (D4; 002 §2.6)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from diary.extract_reasons import (
    NO_APPLICATION,
    NO_PAPER_CONSENT,
    NO_PARENT,
    NOT_PAPER,
    extract_left_out,
)
from diary.models import DeliveryForm
from school.models import GuardianRelation
from school.tests.factories import EnrollmentFactory, GroupMembershipFactory

from .builders_week import MONDAY, parent_of
from .delivery_world import build_world, papers

NOW = datetime.datetime(2026, 11, 28, 9, tzinfo=datetime.UTC)


@pytest.fixture
def w(db):
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def _pupil(w, last_name, **paper_args):
    pupil = GroupMembershipFactory(
        group=w.group, student__user__last_name=last_name
    ).student
    EnrollmentFactory(school_class=w.school_class, student=pupil)
    if paper_args is not None:
        parent = parent_of(pupil, papers=False)
        guardian = GuardianRelation.objects.get(guardian__user=parent).guardian
        if paper_args:
            papers(w, guardian=guardian, student=pupil, **paper_args)
    return pupil


def test_each_left_out_pupil_has_its_reason(w):
    # given: the world's pupil chose paper with consent; others did not get there
    papers(w, delivery=DeliveryForm.PAPER)
    _pupil(w, "Безбумажная")  # a parent, no papers at all
    _pupil(w, "Почтовый", delivery=DeliveryForm.EMAIL)
    _pupil(w, "Несогласный", delivery=DeliveryForm.PAPER, actions=["6.4", "6.9"])
    orphan = GroupMembershipFactory(
        group=w.group, student__user__last_name="Одинокий"
    ).student
    EnrollmentFactory(school_class=w.school_class, student=orphan)
    # when
    left_out = extract_left_out(w.school_class, MONDAY)
    # then
    reasons = {item.student.user.last_name: item.reason for item in left_out}
    assert w.pupil.user.last_name not in reasons
    assert reasons == {
        "Безбумажная": str(NO_APPLICATION),
        "Почтовый": str(NOT_PAPER) % {"forms": DeliveryForm.EMAIL.label},
        "Несогласный": str(NO_PAPER_CONSENT),
        "Одинокий": str(NO_PARENT),
    }


def test_the_class_page_explains_instead_of_returning_silently(client, w):
    # given: nobody chose paper
    _pupil(w, "Почтовый", delivery=DeliveryForm.EMAIL)
    client.force_login(w.class_teacher)
    # when: the class teacher presses the button
    with time_machine.travel(NOW, tick=False):
        response = client.get(
            reverse("diary:extract-class", args=(w.school_class.pk,))
            + "?week=2026-11-25",
            follow=True,
        )
    # then: back on the class page, each pupil with the reason
    content = response.content.decode()
    assert "Почтовый" in content
    assert "нет заявления на бумажную выписку: родители выбрали" in content
    assert "еженедельная сводка" in content.split('id="extract-left-out"')[1]
