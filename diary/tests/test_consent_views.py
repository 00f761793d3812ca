"""Pages of applications and consents (A5): the permission matrix, registering
from the forms, the parent's own papers, revocation (A4 isolation)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from diary.models import AccessApplication, Consent
from school.models import Role
from school.tests.factories import SchoolFactory, history_count, member

from .delivery_world import build_world, papers

NOW = datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)


@pytest.fixture
def w(db):
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        world.application, world.consent = papers(world)
        world.outsider = member(Role.DIRECTOR, SchoolFactory())
        yield world


def urls(w):
    pair = (w.pupil.pk, w.guardian.pk)
    return {
        "classes": reverse("diary:consent-classes"),
        "class": reverse("diary:consent-class", args=(w.school_class.pk,)),
        "application": reverse("diary:consent-application-create", args=pair),
        "sheet": reverse("diary:consent-create", args=pair),
        "detail": reverse("diary:consent-detail", args=(w.consent.pk,)),
        "application-detail": reverse(
            "diary:consent-application-detail", args=(w.application.pk,)
        ),
        "mine": reverse("diary:consent-mine"),
    }


# who → pages that answer 200; every other page answers 404.
MATRIX = {
    "class_teacher": {
        "classes",
        "class",
        "application",
        "sheet",
        "detail",
        "application-detail",
    },
    "deputy": {
        "classes",
        "class",
        "application",
        "sheet",
        "detail",
        "application-detail",
    },
    "other_class_teacher": {"classes"},
    "teacher": set(),
    "parent": {"detail", "application-detail", "mine"},
    "foreign_parent": {"mine"},
    # A director of another school sees the list of their own school's classes.
    "outsider": {"classes"},
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_permission_matrix(client, w, who):
    # given
    client.force_login(getattr(w, who))
    # when / then
    for name, url in urls(w).items():
        status = client.get(url).status_code
        expected = 200 if name in MATRIX[who] else 404
        assert status == expected, (who, name, status)


@pytest.mark.parametrize(
    "who", ["other_class_teacher", "teacher", "parent", "outsider"]
)
def test_denied_posts_write_nothing(client, w, who):
    # given
    client.force_login(getattr(w, who))
    before = (
        AccessApplication.objects.count(),
        Consent.objects.count(),
        history_count(),
    )
    page = urls(w)
    # when
    answers = [
        client.post(
            page["application"], {"submitted_on": "2026-11-20", "delivery": "paper"}
        ).status_code,
        client.post(
            page["sheet"],
            {
                "signer_name": "X",
                "signed_on": "2026-11-20",
                "categories": ["4.3"],
                "actions": ["6.9"],
            },
        ).status_code,
    ]
    if who != "parent":
        answers.append(
            client.post(
                reverse("diary:consent-revoke", args=(w.consent.pk,)), {"confirm": "on"}
            ).status_code
        )
    # then
    assert set(answers) == {404}
    after = (
        AccessApplication.objects.count(),
        Consent.objects.count(),
        history_count(),
    )
    assert after == before
    w.consent.refresh_from_db()
    assert w.consent.is_valid


def test_class_teacher_registers_from_the_forms(client, w):
    # given
    client.force_login(w.class_teacher)
    page = urls(w)
    # when
    with time_machine.travel(NOW, tick=False):
        first = client.post(
            page["application"],
            {
                "submitted_on": "2026-11-20",
                "access_parent": "on",
                "delivery": "paper",
                "phone": "+79123456789",
                "sms_marks": "on",
            },
        )
        second = client.post(
            page["sheet"],
            {
                "number": "17",
                "signer_name": "Петрова Анна Ивановна",
                "signed_on": "2026-11-20",
                "categories": ["1.3", "4.3"],
                "actions": ["6.4", "6.10"],
            },
        )
    # then
    assert first.status_code == second.status_code == 302
    application = AccessApplication.objects.get(superseded_at__isnull=True)
    assert application.delivery == "paper" and application.sms_marks
    consent = Consent.objects.get(revoked_at__isnull=True, superseded_at__isnull=True)
    assert consent.number == "17" and consent.allows_paper
    assert not consent.allows_electronic
    assert consent.history.first().history_user == w.class_teacher


def test_the_sheet_shows_every_item_as_a_checkbox(client, w):
    # when
    client.force_login(w.class_teacher)
    form = client.get(urls(w)["sheet"]).content.decode()
    # then: 20 categories and 15 actions of 002 Appendix 2
    assert form.count('type="checkbox" name="categories"') == 20
    assert form.count('type="checkbox" name="actions"') == 15
    assert "Сведения об успеваемости" in form


def test_the_parent_sees_and_revokes_their_own_consent(client, w):
    # given
    client.force_login(w.parent)
    page = urls(w)
    assert w.pupil.user.get_full_name() in client.get(page["mine"]).content.decode()
    # when
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("diary:consent-revoke", args=(w.consent.pk,)),
            {"confirm": "on", "received_on": "2026-11-01"},
            follow=True,
        )
    # then: the parent's own revocation counts from today, not a typed date
    w.consent.refresh_from_db()
    assert w.consent.revocation_received_on == datetime.date(2026, 11, 24)
    assert "08.12.2026" in response.content.decode()
    # a second revocation is not offered
    again = client.post(
        reverse("diary:consent-revoke", args=(w.consent.pk,)), {"confirm": "on"}
    )
    assert again.status_code == 404


def test_the_register_lists_pupils_parents_and_revocations(client, w):
    # given
    with time_machine.travel(NOW, tick=False):
        from diary.services import consent as services_consent

        services_consent.consent_revoke(actor=w.class_teacher, consent=w.consent)
    # when
    client.force_login(w.class_teacher)
    with time_machine.travel(NOW, tick=False):
        page = client.get(urls(w)["class"]).content.decode()
    # then
    assert w.pupil.user.get_full_name() in page
    assert "08.12.2026" in page
