"""Russian unless the user picks another language; the browser's is never used."""

import pytest
from django.test import Client
from django.urls import reverse

from school.models import Role
from school.tests.factories import SchoolFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_browser():
    return Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")


def test_an_english_browser_gets_the_login_page_in_russian(english_browser):
    response = english_browser.get(reverse("login"))
    body = response.content.decode()
    assert 'lang="ru"' in body
    assert "Войти" in body
    assert response.headers["Content-Language"] == "ru"


def test_an_english_browser_gets_the_journal_in_russian(english_browser):
    # given
    teacher = member(Role.TEACHER, SchoolFactory())
    english_browser.force_login(teacher)
    # when
    body = english_browser.get(reverse("profile")).content.decode()
    # then
    assert 'lang="ru"' in body
    assert "Выйти" in body
    assert "Log out" not in body


def test_a_user_who_picks_english_gets_english_and_back(english_browser):
    # given
    teacher = member(Role.TEACHER, SchoolFactory())
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(teacher)
    # when: English is picked in the profile
    response = client.post(reverse("profile"), {"language": "en"})
    # then: every page is English for this user whatever the browser says
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.language == "en"
    assert teacher.history.first().history_user == teacher
    body = client.get(reverse("profile")).content.decode()
    assert 'lang="en"' in body
    assert "Log out" in body
    # another user on the same server still gets Russian
    other = member(Role.TEACHER, SchoolFactory())
    english_browser.force_login(other)
    assert "Выйти" in english_browser.get(reverse("profile")).content.decode()
    # when: back to the service's language
    client.post(reverse("profile"), {"language": ""})
    # then
    assert "Выйти" in client.get(reverse("profile")).content.decode()


def test_an_unknown_language_is_refused_and_nothing_is_written():
    teacher = member(Role.TEACHER, SchoolFactory())
    client = Client()
    client.force_login(teacher)
    before = teacher.history.count()
    response = client.post(reverse("profile"), {"language": "de"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.language == ""
    assert teacher.history.count() == before


def test_the_login_page_language_can_still_be_switched(english_browser):
    # given: an anonymous visitor picks English on the login page
    response = english_browser.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}
    )
    assert response.status_code == 302
    # then
    assert 'lang="en"' in english_browser.get(reverse("login")).content.decode()
