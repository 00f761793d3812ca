"""Every place a time zone is chosen lists the offset with the zone's main cities."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from school.forms.accounts import SchoolSettingsForm
from school.models import Municipality, Role, School
from school.models.tenancy import RUSSIAN_TIME_ZONES
from school.tests.factories import SchoolFactory, UserFactory, member

LABEL = re.compile(r"^UTC\+(\d{1,2}) — [^()]+$")


def test_each_zone_is_labelled_with_its_real_offset_and_cities():
    now = datetime.datetime.now(datetime.UTC)
    with translation.override("ru"):
        for key, label in RUSSIAN_TIME_ZONES:
            match = LABEL.match(str(label))
            assert match, label
            offset = now.astimezone(zoneinfo.ZoneInfo(key)).utcoffset()
            assert int(match[1]) == offset // datetime.timedelta(hours=1), key
    offsets = [int(LABEL.match(str(label))[1]) for _key, label in RUSSIAN_TIME_ZONES]
    assert offsets == sorted(offsets)
    assert set(offsets) == set(range(2, 13))  # the eleven zones of Russia


def test_a_khabarovsk_school_finds_its_city():
    with translation.override("ru"):
        labels = {key: str(label) for key, label in RUSSIAN_TIME_ZONES}
    assert labels["Asia/Vladivostok"].startswith("UTC+10 — Владивосток, Хабаровск")
    assert labels["Europe/Moscow"].startswith("UTC+3 — Москва, Санкт-Петербург")
    assert labels["Asia/Yekaterinburg"].startswith("UTC+5 — Екатеринбург, Челябинск")


@pytest.mark.django_db
def test_the_settings_page_and_the_admin_offer_the_same_list(client):
    # given
    school = SchoolFactory()
    director = member(Role.DIRECTOR, school)
    client.force_login(director)
    # when
    page = client.get(reverse("school:settings", args=[school.pk]))
    # then
    body = page.content.decode()
    assert "UTC+10 — Владивосток, Хабаровск" in body
    assert ">Владивосток (UTC+10)<" not in body
    form_choices = dict(SchoolSettingsForm().fields["time_zone"].choices)
    assert set(form_choices) - {""} == {key for key, _ in RUSSIAN_TIME_ZONES}
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    for model in (School, Municipality):
        admin_form = site._registry[model].get_form(request)
        field = admin_form.base_fields["time_zone"]
        assert set(dict(field.choices)) - {""} == {k for k, _ in RUSSIAN_TIME_ZONES}
