"""Web access follows the application and consent (A5; 002 §5.1): without both
registered, a parent gets a page saying what to bring, and nothing of the child."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from diary.access import parents_without_access
from diary.models import DiaryView
from diary.tests.factories import register_diary_access
from school.models import Guardian, Role
from school.tests.factories import EnrollmentFactory, history_count, member

from .builders_week import MONDAY, build_school, homework, lesson, mark, parent_of


@pytest.fixture
def s(db):
    s = build_school()
    held = lesson(s, topic="Сложение дробей")
    mark(s, held, "5", comment="Молодец")
    s["file"] = homework(
        s, held, text="Упражнение 101", attachment=("task.pdf", ContentFile(b"%PDF"))
    )
    return s


def _urls(s):
    pupil = s["pupil"].pk
    return [
        reverse("diary:week", args=[pupil]) + f"?week={MONDAY:%Y-%m-%d}",
        reverse("diary:subjects", args=[pupil]),
        reverse("diary:class-info", args=[pupil]),
        reverse("diary:homework-file", args=[pupil, s["file"].pk]),
    ]


CHILD_FACTS = ("Сложение дробей", "Упражнение 101", "Молодец", "Математика")


@pytest.mark.parametrize("htmx", [False, True])
def test_without_papers_every_diary_url_says_what_to_bring(client, s, htmx):
    # given: the mother is linked to the child, nothing registered
    parent = parent_of(s["pupil"], papers=False)
    client.force_login(parent)
    history, views = history_count(), DiaryView.objects.count()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in _urls(s):
        # when
        response = client.get(url, **headers)
        # then
        content = response.content.decode()
        assert response.status_code == 403, url
        assert "Что принести классному руководителю" in content
        assert "заявление о предоставлении доступа" in content
        assert s["pupil"].user.last_name not in content
        assert not any(fact in content for fact in CHILD_FACTS)
        assert "attachment" not in response.get("Content-Disposition", "")
    # and nothing was recorded
    assert DiaryView.objects.count() == views == 0
    assert history_count() == history


def test_the_page_names_what_is_still_missing(client, s):
    # given: an application registered, no consent yet
    parent = parent_of(s["pupil"], papers=False)
    _application, consent = register_diary_access(parent, s["pupil"])
    consent.delete()
    client.force_login(parent)
    # when
    content = client.get(_urls(s)[0]).content.decode()
    # then
    assert "согласие на обработку персональных данных" in content.split("Ещё не")[1]
    assert (
        "заявление о предоставлении доступа к электронному дневнику</li>"
        not in (content.split("Что принести")[0])
    )


def test_with_application_and_consent_the_diary_opens_and_is_recorded(client, s):
    parent = parent_of(s["pupil"])
    client.force_login(parent)
    response = client.get(_urls(s)[0])
    assert response.status_code == 200
    assert "Сложение дробей" in response.content.decode()
    assert DiaryView.objects.filter(student=s["pupil"]).count() == 1


def test_a_revoked_consent_closes_the_diary(client, s):
    parent = parent_of(s["pupil"], papers=False)
    _application, consent = register_diary_access(parent, s["pupil"])
    consent.revoked_at = consent.registered_at
    consent.save()
    client.force_login(parent)
    assert client.get(_urls(s)[1]).status_code == 403


def test_an_application_without_the_parent_level_does_not_open_it(client, s):
    parent = parent_of(s["pupil"], papers=False)
    application, _consent = register_diary_access(parent, s["pupil"])
    application.access_parent = False
    application.save()
    client.force_login(parent)
    assert client.get(_urls(s)[1]).status_code == 403


def test_with_the_setting_off_a_linked_parent_reads_the_diary(client, s):
    s["school"].diary_requires_consent = False
    s["school"].save()
    client.force_login(parent_of(s["pupil"], papers=False))
    for url in _urls(s):
        assert client.get(url).status_code == 200, url


def test_a_stranger_still_gets_404_not_the_papers_page(client, s):
    client.force_login(parent_of(s["foreign"], papers=False))
    assert client.get(_urls(s)[0]).status_code == 404


def test_the_pupil_reads_own_diary_without_the_parents_papers(client, s):
    from .builders_week import student_login

    client.force_login(student_login(s["pupil"]))
    assert client.get(_urls(s)[1]).status_code == 200


def test_home_shows_nothing_of_a_closed_child(client, s):
    # given: a control work is scheduled for the class
    parent = parent_of(s["pupil"], papers=False)
    client.force_login(parent)
    # when
    content = client.get(reverse("diary:parent-home")).content.decode()
    # then
    assert "Дневник откроется" in content
    assert reverse("diary:subjects", args=[s["pupil"].pk]) not in content


def test_staff_see_on_the_class_page_which_parents_lack_papers(client, s):
    # given: a mother with papers and a father without, in 5А
    school_class = s["group"].school_class
    EnrollmentFactory(school_class=school_class, student=s["pupil"])
    parent_of(s["pupil"])
    father = member(Role.PARENT, s["school"], last_name="Безбумажный")
    guardian = Guardian.objects.create(school=s["school"], user=father)
    guardian.relations.create(school=s["school"], student=s["pupil"], relation="father")
    deputy = member(Role.DEPUTY, s["school"])
    # when
    rows = parents_without_access(school_class, MONDAY)
    client.force_login(deputy)
    content = client.get(
        reverse("school:class-detail", args=[school_class.pk])
    ).content.decode()
    # then
    assert [row.relation.guardian.user for row in rows] == [father]
    section = content.split("Дневник закрыт")[1]
    assert "Безбумажный" in section and "Петрова" not in section
