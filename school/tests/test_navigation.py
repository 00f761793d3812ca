"""Every tile on a role's home page opens for that role: no dead or forbidden links."""

import re

import pytest
from django.urls import reverse

from school.models import Role
from school.services import structure
from school.tests.factories import member

HOME_ROLES = [
    Role.DIRECTOR,
    Role.DEPUTY,
    Role.SYSADMIN,
    Role.HR,
    Role.TEACHER,
    Role.CLASS_TEACHER,
]


@pytest.mark.parametrize("role", HOME_ROLES)
def test_every_home_tile_opens(client, school, role):
    # given: a class whose class teacher is the user when the role is class teacher
    user = member(role, school)
    if role == Role.CLASS_TEACHER:
        member_teacher = user.memberships.get()
        member_teacher.role = Role.TEACHER
        member_teacher.save()
        deputy = member(Role.DEPUTY, school)
        structure.school_class_create(
            actor=deputy,
            year=school.academic_years.get(),
            grade=5,
            letter="А",
            class_teacher=user,
        )
    client.force_login(user)
    # when
    home = client.get(reverse("home"), follow=True)
    tiles = re.findall(r'class="tile" href="([^"]+)"', home.content.decode())
    # then
    assert tiles, role
    for url in tiles:
        assert client.get(url).status_code == 200, (role, url)
