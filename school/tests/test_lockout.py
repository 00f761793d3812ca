"""django-axes locks a username from one address only, and only for a while."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from school import events
from school.models import Event, Role
from school.tests.factories import PASSWORD, member

NAT = "203.0.113.7"


def attempt(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_lock_that_login_from_that_address_only(client, school):
    # given: a class behind one NAT address
    pupil = member(Role.STUDENT, school)
    classmate = member(Role.STUDENT, school)
    # when: one pupil mistypes five times; the fifth locks
    for _ in range(4):
        assert attempt(client, pupil.username, "wrong", NAT).status_code == 200
    assert attempt(client, pupil.username, "wrong", NAT).status_code == 429
    # then: that login is locked from that address, even with the right password
    locked = attempt(client, pupil.username, PASSWORD, NAT)
    assert locked.status_code == 429
    assert "Вход временно заблокирован" in locked.content.decode()
    assert "15 минут" in locked.content.decode()
    assert Event.objects.filter(code=events.LOGIN_LOCKED, actor=pupil).exists()
    # a classmate behind the same NAT still logs in
    client.logout()
    assert attempt(client, classmate.username, PASSWORD, NAT).status_code == 302
    client.logout()
    # the same login from home still works
    assert attempt(client, pupil.username, PASSWORD, "198.51.100.9").status_code == 302


def test_lock_lifts_after_the_cool_off(client, school):
    pupil = member(Role.STUDENT, school)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, pupil.username, "wrong", NAT)
        assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 429
    # Each attempt while locked counts from its own time: guessing on prolongs it.
    later = start + datetime.timedelta(minutes=14)
    with time_machine.travel(later, tick=False):
        assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 429
    with time_machine.travel(later + datetime.timedelta(minutes=14), tick=False):
        assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 429
    with time_machine.travel(later + datetime.timedelta(minutes=30), tick=False):
        assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 302


def test_four_failures_then_success_resets_the_count(client, school):
    pupil = member(Role.STUDENT, school)
    for _ in range(4):
        attempt(client, pupil.username, "wrong", NAT)
    assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, pupil.username, "wrong", NAT)
    assert attempt(client, pupil.username, PASSWORD, NAT).status_code == 302
