import pytest
from django.core.exceptions import PermissionDenied

from school import permissions
from school.models import GroupKind, GroupMembership, Role
from school.services import structure
from school.tests.factories import (
    MunicipalityFactory,
    SchoolFactory,
    StudentFactory,
    SubjectFactory,
    UserFactory,
    member,
)


def test_member_sees_only_own_school(school, other_school, teacher):
    assert list(permissions.schools_visible_to(teacher)) == [school]
    assert school in permissions.schools_visible_to(teacher)
    assert other_school not in permissions.schools_visible_to(teacher)


def test_inspector_sees_schools_of_own_department_only(db):
    # given
    mine = MunicipalityFactory()
    first, second = SchoolFactory(municipality=mine), SchoolFactory(municipality=mine)
    foreign = SchoolFactory(municipality=MunicipalityFactory())
    inspector = member(Role.INSPECTOR, first)
    # then
    assert set(permissions.schools_visible_to(inspector)) == {first, second}
    assert foreign not in permissions.schools_visible_to(inspector)
    assert not permissions.can_change_school_settings(inspector, first)


def test_ended_membership_gives_no_access(school, teacher):
    teacher.memberships.update(is_active=False)
    assert school not in permissions.schools_visible_to(teacher)


def test_disabled_account_gives_no_access(school, director):
    director.is_active = False
    director.save()
    assert not permissions.can_change_school_settings(director, school)


@pytest.mark.parametrize(
    ("role", "settings_ok", "events_ok"),
    [
        (Role.DIRECTOR, True, False),
        (Role.SYSADMIN, True, True),
        (Role.DEPUTY, False, False),
        (Role.TEACHER, False, False),
        (Role.CLASS_TEACHER, False, False),
        (Role.HR, False, False),
        (Role.PARENT, False, False),
        (Role.STUDENT, False, False),
    ],
)
def test_role_matrix(school, other_school, role, settings_ok, events_ok):
    user = member(role, school)
    assert permissions.can_change_school_settings(user, school) is settings_ok
    assert permissions.can_view_events(user, school) is events_ok
    # Nothing of another school, whatever the role.
    assert not permissions.can_change_school_settings(user, other_school)
    assert not permissions.can_view_events(user, other_school)


def test_platform_superuser_sees_everything(school, other_school):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert set(permissions.schools_visible_to(admin)) >= {school, other_school}
    assert permissions.can_view_events(admin, other_school)


def test_group_members_are_edited_by_one_rule_in_service_and_page(school, teacher):
    # given: a class with its class teacher, a subgroup of it and an elective
    year = school.academic_years.get()
    deputy = member(Role.DEPUTY, school)
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=6, letter="А", class_teacher=teacher
    )
    whole = structure.whole_class_group(school_class)
    subgroup = structure.study_group_create(
        actor=deputy,
        year=year,
        kind=GroupKind.SUBGROUP,
        name="6А-1",
        grade=6,
        school_class=school_class,
        subject=SubjectFactory(school=school),
    )
    elective = structure.study_group_create(
        actor=deputy, year=year, kind=GroupKind.ELECTIVE, name="Шахматы", grade=6
    )
    # then: the class teacher forms subgroups, the administration the rest,
    # and the whole-class group (the class list) is nobody's to edit by hand
    can = permissions.can_edit_group_members
    assert (can(teacher, subgroup), can(teacher, elective)) == (True, False)
    assert (can(deputy, subgroup), can(deputy, elective)) == (True, True)
    assert not can(deputy, whole) and not can(teacher, whole)
    with pytest.raises(PermissionDenied):
        structure.group_member_add(
            actor=deputy,
            group=whole,
            student=StudentFactory(school=school),
            starts_on=year.starts_on,
        )
    assert not GroupMembership.objects.filter(group=whole).exists()
