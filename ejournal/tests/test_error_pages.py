"""With DEBUG off every error answers a Russian page in the site's layout."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from school.models import Role
from school.tests.factories import SchoolFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.urls("ejournal.tests.urls_errors")]

LAYOUT = ('class="header"', 'class="footer"', "Электронный журнал")


@pytest.fixture
def browser_client(settings):
    settings.DEBUG = False
    # a browser that prefers English still gets the Russian pages
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


def assert_russian_page(response, status, heading):
    assert response.status_code == status
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert '<html lang="ru">' in body
    for part in LAYOUT:
        assert part in body
    for english in ("Not Found", "Forbidden", "Bad Request", "Server Error"):
        assert english not in body


def test_a_missing_page_is_answered_in_russian(browser_client):
    # given: a logged-in teacher (anonymous users are sent to the login page)
    teacher = member(Role.TEACHER, SchoolFactory())
    browser_client.force_login(teacher)
    # when
    response = browser_client.get("/no-such-page/")
    # then
    assert_russian_page(response, 404, "Страница не найдена")
    assert teacher.get_short_name() in response.content.decode()


def test_a_forbidden_action_is_answered_in_russian(browser_client):
    response = browser_client.get("/test-errors/403/")
    assert_russian_page(response, 403, "Доступ запрещён")


def test_a_failed_csrf_check_is_answered_in_russian(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert_russian_page(response, 403, "Страница устарела")


def test_a_bad_request_is_answered_in_russian(browser_client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert_russian_page(browser_client.get("/test-errors/400/"), 400, "Неверный запрос")
    # a request to an unknown host name is refused the same way
    response = browser_client.get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()


def test_a_server_error_is_answered_in_russian_without_touching_the_database(
    browser_client,
):
    # when
    with CaptureQueriesContext(connection) as queries:
        response = browser_client.get("/test-errors/500/")
    # then: the page needs neither the database nor context processors
    assert_russian_page(response, 500, "Ошибка на сервере")
    assert len(queries) == 0
    assert "{%" not in response.content.decode()
