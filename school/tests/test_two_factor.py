"""Two-factor login (issue 16 item 10): TOTP after the password, recovery codes,
the lock on wrong codes, the school's requirement and the sysadmin's reset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from school import events
from school.models import Event, Role
from school.services import two_factor
from school.tests.factories import PASSWORD, SchoolFactory, member
from school.tests.two_factor_helpers import hex_to_b32, totp

VERIFY = reverse("school:two-factor-verify")
ENROL = reverse("school:two-factor-enrol")


def enrol(user) -> tuple[str, list[str]]:
    """Enrol through the service with a real code; returns the secret and codes."""
    key = two_factor.new_key()
    secret = hex_to_b32(key)
    codes = two_factor.two_factor_enrol(
        actor=user, key=key, token=totp(secret), ip="127.0.0.1"
    )
    return secret, codes


def password_login(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def codes_of(user, code):
    return Event.objects.filter(actor=user, code=code).count()


@pytest.fixture
def required_school(db):
    from school.tests.factories import AcademicYearFactory

    school = SchoolFactory(two_factor_required=True)
    AcademicYearFactory(school=school)
    return school


def test_login_asks_for_the_code_and_takes_a_real_totp_code(client, school):
    # given: a director with an authenticator
    director = member(Role.DIRECTOR, school)
    secret, _codes = enrol(director)
    # when: the password is right
    password_login(client, director)
    # then: every page sends to the code page, the admin too
    for url in ("/", reverse("school:office-home"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
    page = client.get(VERIFY)
    assert "Введите код из приложения" in page.content.decode()
    # when: the next step's code is typed (the enrolment used the current one)
    response = client.post(VERIFY, {"code": totp(secret, offset=1), "next": ""})
    # then
    assert response.status_code == 302
    assert client.get(reverse("school:office-home")).status_code == 200
    assert codes_of(director, events.TWO_FACTOR_SUCCEEDED) == 1


def test_an_enrolment_code_cannot_be_used_again(client, school):
    director = member(Role.DIRECTOR, school)
    key = two_factor.new_key()
    code = totp(hex_to_b32(key))
    two_factor.two_factor_enrol(actor=director, key=key, token=code, ip=None)
    password_login(client, director)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Код неверен" in response.content.decode()
    assert codes_of(director, events.TWO_FACTOR_FAILED) == 1


def test_wrong_codes_lock_the_second_step_even_for_the_right_code(client, school):
    # given
    director = member(Role.DIRECTOR, school)
    secret, _codes = enrol(director)
    password_login(client, director)
    # when: four wrong codes are refused, the fifth locks and logs out
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    locked = client.post(VERIFY, {"code": "000000"})
    assert locked.status_code == 429
    assert "Слишком много неверных кодов" in locked.content.decode()
    assert client.get(reverse("school:office-home")).status_code == 302
    # then: a new password login does not reopen the guessing, a right code
    # is not even checked
    password_login(client, director)
    response = client.post(VERIFY, {"code": totp(secret, offset=1)})
    assert response.status_code == 429
    assert codes_of(director, events.TWO_FACTOR_FAILED) == 5
    assert codes_of(director, events.TWO_FACTOR_LOCKED) == 2
    assert codes_of(director, events.TWO_FACTOR_SUCCEEDED) == 0
    assert client.get(reverse("school:office-home")).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, school):
    import datetime

    import time_machine
    from django.utils import timezone

    director = member(Role.DIRECTOR, school)
    secret, _codes = enrol(director)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_login(client, director)
        for _ in range(5):
            client.post(VERIFY, {"code": "111111"})
    later = start + datetime.timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        password_login(client, director)
        code = totp(secret, at=later.timestamp())
        assert client.post(VERIFY, {"code": code}).status_code == 302
    assert codes_of(director, events.TWO_FACTOR_SUCCEEDED) == 1


def test_a_recovery_code_works_once(client, school):
    # given
    sysadmin = member(Role.SYSADMIN, school)
    _secret, codes = enrol(sysadmin)
    assert len(codes) == 10
    password_login(client, sysadmin)
    # when
    response = client.post(VERIFY, {"code": codes[0].upper()})
    # then
    assert response.status_code == 302
    assert client.get(reverse("school:sysadmin-home")).status_code == 200
    event = Event.objects.get(actor=sysadmin, code=events.TWO_FACTOR_RECOVERY_USED)
    assert event.params == {"left": 9}
    # when: the same code again in a new session
    client.post(reverse("logout"))
    password_login(client, sysadmin)
    response = client.post(VERIFY, {"code": codes[0]})
    # then
    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=sysadmin).count() == 9
    assert codes_of(sysadmin, events.TWO_FACTOR_FAILED) == 1


def test_a_required_role_without_a_device_reaches_only_the_enrolment(
    client, required_school
):
    # given: a director of a school that requires the second factor
    director = member(Role.DIRECTOR, required_school)
    password_login(client, director)
    # then: nothing but the enrolment opens
    for url in (
        "/",
        reverse("school:office-home"),
        reverse("school:settings", args=[required_school.pk]),
        reverse("school:two-factor"),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ENROL
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    # when: the code of the key shown on the page is typed
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page.content.decode())
    assert not TOTPDevice.objects.filter(user=director).exists()  # GET wrote nothing
    wrong = client.post(ENROL, {"code": "12345"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=director).exists()
    response = client.post(ENROL, {"code": totp(secret.group(1))})
    # then: the recovery codes are shown once and the pages open
    assert response["Location"] == reverse("school:two-factor-codes")
    shown = client.get(response["Location"]).content.decode()
    tokens = StaticToken.objects.filter(device__user=director)
    assert all(t.token in shown for t in tokens) and tokens.count() == 10
    assert client.get(reverse("school:two-factor-codes")).status_code == 302
    assert client.get(reverse("school:office-home")).status_code == 200
    assert codes_of(director, events.TWO_FACTOR_ENROLLED) == 1


def test_a_teacher_of_a_requiring_school_is_not_asked(client, required_school):
    teacher = member(Role.TEACHER, required_school)
    password_login(client, teacher)
    assert client.get(reverse("journal:teacher-home")).status_code == 200


def test_turning_the_requirement_on_sends_the_director_to_enrol(client, school):
    # given: a director working without a second factor
    director = member(Role.DIRECTOR, school)
    client.force_login(director)
    assert client.get(reverse("school:office-home")).status_code == 200
    data = {
        "name": school.name,
        "short_name": school.short_name,
        "address": "",
        "time_zone": school.time_zone,
        "edit_window_days": 0,
        "homework_deadline_hours": "2,0",
        "default_grading_scale": school.default_grading_scale,
        "two_factor_required": "on",
    }
    # when
    response = client.post(reverse("school:settings", args=[school.pk]), data)
    # then
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.two_factor_required
    assert client.get(reverse("school:office-home"))["Location"] == ENROL


def test_the_sysadmin_resets_a_lost_second_factor(client, school, other_school):
    # given
    sysadmin = member(Role.SYSADMIN, school)
    director = member(Role.DIRECTOR, school)
    enrol(director)
    client.force_login(sysadmin)
    listing = client.get(reverse("school:two-factor-staff", args=[school.pk]))
    assert director.username in listing.content.decode()
    # when
    url = reverse("school:two-factor-reset", args=[school.pk, director.pk])
    response = client.post(url)
    # then
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not StaticDevice.objects.filter(user=director).exists()
    event = Event.objects.get(code=events.TWO_FACTOR_RESET)
    assert (event.actor, event.school, event.params["user"]) == (
        sysadmin,
        school,
        director.pk,
    )


def test_only_the_schools_sysadmin_resets(client, school, other_school):
    director = member(Role.DIRECTOR, school)
    enrol(director)
    foreign_sysadmin = member(Role.SYSADMIN, other_school)
    url = reverse("school:two-factor-reset", args=[school.pk, director.pk])
    for actor in (member(Role.TEACHER, school), director, foreign_sysadmin):
        client.force_login(actor)
        if actor == director:
            client.post(VERIFY, {"code": "x"})  # unverified: sent to the code page
        response = client.post(url)
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response["Location"].startswith(VERIFY)
    foreign_url = reverse(
        "school:two-factor-reset", args=[other_school.pk, director.pk]
    )
    client.force_login(foreign_sysadmin)
    assert client.post(foreign_url).status_code == 404
    assert TOTPDevice.objects.filter(user=director).count() == 1
    assert not Event.objects.filter(code=events.TWO_FACTOR_RESET).exists()


def test_parents_have_no_second_factor_page(client, school):
    client.force_login(member(Role.PARENT, school))
    assert client.get(reverse("school:two-factor")).status_code == 404
    assert client.get(ENROL).status_code == 404


def test_a_reset_during_the_second_step_frees_the_waiting_session(client, school):
    # given: a director between the password and the code
    director = member(Role.DIRECTOR, school)
    enrol(director)
    password_login(client, director)
    assert client.get("/")["Location"].startswith(VERIFY)
    # when: the sysadmin resets the lost authenticator meanwhile
    two_factor.two_factor_reset(
        actor=member(Role.SYSADMIN, school), school=school, user=director, ip=None
    )
    # then: the code page lets the session on instead of looping
    assert client.get(VERIFY)["Location"] == reverse("home")
    assert client.get(reverse("school:office-home")).status_code == 200
