"""Sessions end after idleness and after a fixed time, and end everywhere on logout."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from school import events
from school.models import Event, Role, School
from school.tests.factories import PASSWORD, UserFactory, member

NEW_PASSWORD = "Moi-novyi-parol-7"


@pytest.fixture(autouse=True)
def _real_limits(settings):
    """The defaults of base.py; the test settings lift them for time-travel tests."""
    settings.SESSION_IDLE_MINUTES_STAFF = 30
    settings.SESSION_IDLE_MINUTES_FAMILY = 120
    settings.SESSION_ABSOLUTE_HOURS = 12


def login(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def minutes(n):
    return datetime.timedelta(minutes=n)


def test_staff_session_ends_after_thirty_idle_minutes(client, school, teacher):
    # given: a teacher logged in on a shared PC
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, teacher)
        key = client.session.session_key
    # when: nobody touches it for 31 minutes
    with time_machine.travel(start + minutes(31), tick=False):
        response = client.get(reverse("journal:teacher-home"))
    # then: back to the login page, the server-side session is gone, logged
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()
    event = Event.objects.get(code=events.SESSION_EXPIRED)
    assert (event.actor, event.params["reason"]) == (teacher, "idle")


def test_activity_keeps_a_staff_session(client, school, teacher):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, teacher)
    for step in range(1, 7):
        with time_machine.travel(start + minutes(20 * step), tick=False):
            assert client.get(reverse("journal:teacher-home")).status_code == 200


def test_family_idle_timeout_is_longer(client, school):
    parent = member(Role.PARENT, school)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, parent)
    with time_machine.travel(start + minutes(100), tick=False):
        assert client.get(reverse("diary:parent-home")).status_code == 200
    with time_machine.travel(start + minutes(100 + 121), tick=False):
        assert client.get(reverse("diary:parent-home")).status_code == 302


def test_absolute_timeout_ends_even_an_active_session(client, school, teacher):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, teacher)
    # active every 25 minutes for eleven and a half hours
    for step in range(1, 28):
        with time_machine.travel(start + minutes(25 * step), tick=False):
            assert client.get(reverse("journal:teacher-home")).status_code == 200
    with time_machine.travel(start + minutes(12 * 60 + 5), tick=False):
        response = client.get(reverse("journal:teacher-home"))
    assert response.status_code == 302
    event = Event.objects.get(code=events.SESSION_EXPIRED)
    assert event.params["reason"] == "absolute"


def test_an_expired_htmx_request_redirects_the_whole_page(client, school, teacher):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, teacher)
    with time_machine.travel(start + minutes(45), tick=False):
        response = client.get(reverse("journal:teacher-home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_logout_ends_the_server_side_session(client, school, teacher):
    login(client, teacher)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=cookie).exists()
    # the old cookie, replayed, opens nothing
    client.cookies["sessionid"] = cookie
    assert client.get(reverse("journal:teacher-home")).status_code == 302


def test_password_change_ends_the_other_sessions(client, school):
    # given: the same parent logged in on two computers
    parent = member(Role.PARENT, school)
    other = Client()
    login(client, parent)
    login(other, parent)
    # when: a new password is set on the first
    client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    # then: the first goes on, the second is logged out
    assert client.get(reverse("diary:parent-home")).status_code == 200
    assert other.get(reverse("diary:parent-home")).status_code == 302


def test_must_change_password_reaches_not_even_the_admin(client, school):
    # given: a platform administrator whose password was just issued
    admin = UserFactory(is_superuser=True, is_staff=True, must_change_password=True)
    client.force_login(admin)
    name_before = school.name
    # when: the admin is opened and a change posted
    pages = [
        reverse("admin:index"),
        reverse("admin:school_school_changelist"),
        reverse("admin:school_school_change", args=[school.pk]),
    ]
    answers = [client.get(url) for url in pages]
    posted = client.post(pages[2], {"name": "Взлом", "short_name": "Взлом"})
    # then: every answer leads to the password page; nothing was written
    for response in [*answers, posted]:
        assert response.status_code == 302
        assert response.url == reverse("password-change")
    assert School.objects.get(pk=school.pk).name == name_before
    # the password page and logout still answer
    assert client.get(reverse("password-change")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
