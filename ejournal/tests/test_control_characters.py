"""NUL and other control characters in a request answer a Russian 400, never a 500."""

import pytest
from django.urls import reverse

from school import events
from school.models import Event, Role
from school.tests.factories import PASSWORD, member

REFUSAL = "недопустимые управляющие символы"


def test_nul_in_the_login_name_answers_a_russian_400_and_writes_nothing(client, db):
    # when
    response = client.post(reverse("login"), {"username": "admin\x00", "password": "x"})
    # then
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f\x00"])
def test_control_character_in_a_password_or_name_is_refused(client, db, char):
    response = client.post(
        reverse("login"), {"username": f"te{char}acher", "password": f"p{char}"}
    )
    assert response.status_code == 400


def test_nul_in_a_query_parameter_answers_400(client, school, sysadmin):
    client.force_login(sysadmin)
    url = reverse("school:event-list", args=[school.pk])
    response = client.get(url, {"code": "accounts\x00"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert client.get(url, {"code": "accounts"}).status_code == 200


def test_nul_in_a_parameter_name_answers_400(client, db):
    response = client.get(reverse("login") + "?next%00=1")
    assert response.status_code == 400


def test_tabs_and_line_breaks_are_ordinary_text(client, school, teacher):
    # given: a wrong password typed with a tab and a line break
    response = client.post(
        reverse("login"), {"username": teacher.username, "password": "a\tb\r\nc"}
    )
    # then: an ordinary refused login, written to the events log
    assert response.status_code == 200
    assert Event.objects.filter(code=events.LOGIN_FAILED).count() == 1


def test_the_refused_login_event_survives_a_nul_that_reaches_it(db, teacher):
    # given: a caller past the request gate (a command, a test client, a future form)
    event = events.login_failed(username="te\x00acher", ip="203.0.113.7", locked=False)
    # then: the event is written with the NUL made visible, not raised
    event.refresh_from_db()
    assert "\x00" not in event.actor_username
    assert event.actor is None


def test_a_right_login_still_works(client, school, teacher):
    response = client.post(
        reverse("login"), {"username": teacher.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert member(Role.PARENT, school)
