"""The client's address comes from the deployment's proxies, never from the client."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ejournal.client_ip import client_ip
from school import events
from school.models import Event, Role
from school.tests.factories import PASSWORD, member

REAL = "203.0.113.7"
PROXY = "10.0.0.2"


def attempt(client, username, password, **meta):
    return client.post(
        reverse("login"), {"username": username, "password": password}, **meta
    )


def test_forged_forwarded_for_does_not_lift_the_lockout(client, school):
    # given: no proxy configured (the default) and a pupil locked from one address
    pupil = member(Role.STUDENT, school)
    for _ in range(5):
        attempt(client, pupil.username, "wrong", REMOTE_ADDR=REAL)
    # when: the same caller forges a fresh X-Forwarded-For each time
    answers = [
        attempt(
            client,
            pupil.username,
            PASSWORD,
            REMOTE_ADDR=REAL,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(3)
    ]
    # then: still locked, and no session was opened
    assert answers == [429, 429, 429]
    assert "_auth_user_id" not in client.session


def test_rotating_forged_headers_are_counted_against_one_address(client, school):
    pupil = member(Role.STUDENT, school)
    answers = [
        attempt(
            client,
            pupil.username,
            "wrong",
            REMOTE_ADDR=REAL,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(6)
    ]
    assert answers[-2:] == [429, 429]
    assert (
        attempt(client, pupil.username, PASSWORD, REMOTE_ADDR=REAL).status_code == 429
    )


def test_event_log_records_the_real_address_not_the_forged_one(client, school):
    pupil = member(Role.STUDENT, school)
    attempt(
        client,
        pupil.username,
        "wrong",
        REMOTE_ADDR=REAL,
        HTTP_X_FORWARDED_FOR="192.0.2.66",
    )
    attempt(
        client,
        pupil.username,
        PASSWORD,
        REMOTE_ADDR=REAL,
        HTTP_X_FORWARDED_FOR="192.0.2.66",
    )
    failed = Event.objects.get(code=events.LOGIN_FAILED)
    succeeded = Event.objects.get(code=events.LOGIN_SUCCEEDED)
    assert failed.ip == REAL
    assert succeeded.ip == REAL


def test_behind_one_proxy_the_address_it_appended_is_used(client, school, settings):
    # given: one reverse proxy; the client forged a header, the proxy appended
    settings.TRUSTED_PROXY_COUNT = 1
    pupil = member(Role.STUDENT, school)
    forged_then_real = f"192.0.2.66, {REAL}"
    for _ in range(5):
        attempt(
            client,
            pupil.username,
            "wrong",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forged_then_real,
        )
    # when: another forged address, the same real one appended by the proxy
    locked = attempt(
        client,
        pupil.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.77, {REAL}",
    )
    # then: locked, and the events name the real client, not the proxy
    assert locked.status_code == 429
    assert set(Event.objects.values_list("ip", flat=True)) == {REAL}
    # another client behind the same proxy logs in
    other = attempt(
        client,
        pupil.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("count", "networks", "forwarded", "remote", "expected"),
    [
        (0, [], "1.1.1.1", REAL, REAL),
        (0, [], "", REAL, REAL),
        (1, [], "1.1.1.1, 2.2.2.2", PROXY, "2.2.2.2"),
        (1, [], "", PROXY, PROXY),
        (2, [], "1.1.1.1, 2.2.2.2, 10.0.0.9", PROXY, "2.2.2.2"),
        (1, [], "1.1.1.1, not-an-address", PROXY, PROXY),
        (0, ["10.0.0.0/8"], "1.1.1.1, 2.2.2.2, 10.0.0.9", PROXY, "2.2.2.2"),
        (0, ["10.0.0.0/8"], "1.1.1.1", REAL, REAL),
        (0, ["10.0.0.0/8"], "10.0.0.7", PROXY, "10.0.0.7"),
        (
            0,
            ["10.0.0.0/8", "2001:db8::/32"],
            "2001:db9::1, 2001:db8::5",
            PROXY,
            "2001:db9::1",
        ),
    ],
)
def test_client_ip_rules(settings, count, networks, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_PROXY_NETWORKS = networks
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected
