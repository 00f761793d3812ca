from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from school import events, services
from school.models import AcademicYear, Event, Membership, Role, School
from school.tests.factories import AcademicYearFactory, UserFactory, member


def _history_count(school: School) -> int:
    return school.history.count()


def test_director_updates_settings_with_history_and_event(school, director):
    # given
    before = _history_count(school)
    # when
    services.school_settings_update(
        actor=director,
        school=school,
        data={"edit_window_days": 3, "homework_deadline_hours": Decimal("1.5")},
    )
    # then
    school.refresh_from_db()
    assert school.edit_window_days == 3
    assert school.homework_deadline_hours == Decimal("1.5")
    assert _history_count(school) == before + 1
    assert school.history.first().history_user == director
    event = Event.objects.get(code=events.SCHOOL_SETTINGS_UPDATED)
    assert event.actor == director
    assert event.school == school
    assert event.params["changed"]["edit_window_days"] == ["0", "3"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DEPUTY, Role.PARENT, Role.HR])
def test_other_roles_cannot_change_settings_and_nothing_is_written(school, role):
    # given
    actor = member(role, school)
    before = _history_count(school)
    # when
    with pytest.raises(PermissionDenied):
        services.school_settings_update(
            actor=actor, school=school, data={"edit_window_days": 5}
        )
    # then
    school.refresh_from_db()
    assert school.edit_window_days == 0
    assert _history_count(school) == before
    assert not Event.objects.filter(code=events.SCHOOL_SETTINGS_UPDATED).exists()


def test_director_of_another_school_is_refused(school, other_school):
    # given
    foreign_director = member(Role.DIRECTOR, other_school)
    before = _history_count(school)
    # when
    with pytest.raises(PermissionDenied):
        services.school_settings_update(
            actor=foreign_director, school=school, data={"short_name": "Чужая"}
        )
    # then
    school.refresh_from_db()
    assert school.short_name != "Чужая"
    assert _history_count(school) == before


def test_invalid_settings_are_refused_whole(school, director):
    # given
    before = _history_count(school)
    # when
    with pytest.raises(ValidationError):
        services.school_settings_update(
            actor=director,
            school=school,
            data={"short_name": "Новая", "edit_window_days": 99},
        )
    # then
    school.refresh_from_db()
    assert school.short_name != "Новая"
    assert _history_count(school) == before


def test_new_current_year_unmarks_the_old_one(school, director):
    # given
    old = AcademicYear.objects.get(school=school, is_current=True)
    # when
    new = services.academic_year_create(
        actor=director,
        school=school,
        starts_on=old.ends_on.replace(day=1, month=9),
        ends_on=old.ends_on.replace(year=old.ends_on.year + 1),
        is_current=True,
    )
    # then
    old.refresh_from_db()
    assert not old.is_current
    assert new.is_current
    assert new.name == "2027/2028"
    assert new.history.first().history_user == director


def test_year_must_end_after_it_starts(school, director):
    with pytest.raises(ValidationError):
        services.academic_year_create(
            actor=director,
            school=school,
            starts_on=AcademicYear.default_bounds(school.local_today())[1],
            ends_on=AcademicYear.default_bounds(school.local_today())[0],
        )


def test_sysadmin_grants_role_in_own_school_only(school, other_school, sysadmin):
    # given
    user = UserFactory()
    # when
    membership = services.membership_grant(
        actor=sysadmin, user=user, role=Role.TEACHER, school=school
    )
    # then
    assert membership.municipality == school.municipality
    assert membership.history.first().history_user == sysadmin
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=sysadmin, user=user, role=Role.TEACHER, school=other_school
        )
    assert not Membership.objects.filter(user=user, school=other_school).exists()


def test_teacher_cannot_grant_roles_and_nothing_is_written(school, teacher):
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=teacher, user=user, role=Role.DIRECTOR, school=school
        )
    assert not Membership.objects.filter(user=user).exists()
    assert not Membership.history.filter(user_id=user.pk).exists()


def test_ended_membership_keeps_history_authorship(school, sysadmin, teacher):
    # given
    membership = teacher.memberships.get()
    # when
    services.membership_end(actor=sysadmin, membership=membership)
    # then
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.ended_at is not None
    assert membership.history.first().history_user == sysadmin
    assert teacher.memberships.active().count() == 0


def test_password_change_satisfies_forced_change(school):
    # given
    user = member(Role.PARENT, school, must_change_password=True)
    # when
    services.user_password_change(
        actor=user, user=user, new_password="Nov-parol-2026", ip="10.0.0.1"
    )
    # then
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("Nov-parol-2026")
    event = Event.objects.get(code=events.PASSWORD_CHANGED)
    assert (event.actor, event.ip, event.school) == (user, "10.0.0.1", school)


def test_weak_password_is_refused_and_old_one_kept(school):
    user = member(Role.PARENT, school, must_change_password=True)
    with pytest.raises(ValidationError):
        services.user_password_change(
            actor=user, user=user, new_password="12345678", ip=None
        )
    user.refresh_from_db()
    assert user.must_change_password
    assert not Event.objects.filter(code=events.PASSWORD_CHANGED).exists()


def test_cannot_switch_into_someone_elses_membership(school, teacher, director):
    with pytest.raises(PermissionDenied):
        services.membership_switch(
            actor=teacher, membership=director.memberships.get(), ip=None
        )
    assert not Event.objects.filter(code=events.ROLE_SWITCHED).exists()


def test_only_platform_admin_creates_schools(school, director):
    with pytest.raises(PermissionDenied):
        services.school_create(
            actor=director,
            municipality=school.municipality,
            code="new",
            name="Новая школа",
            short_name="Новая",
        )
    assert not School.objects.filter(code="new").exists()


def test_current_year_falls_back_to_the_one_containing_today(school):
    from school.selectors.accounts import academic_year_current

    AcademicYear.objects.filter(school=school).update(is_current=False)
    starts_on, ends_on = AcademicYear.default_bounds(school.local_today())
    AcademicYear.objects.filter(school=school).delete()
    year = AcademicYearFactory(
        school=school, starts_on=starts_on, ends_on=ends_on, is_current=False
    )
    assert academic_year_current(school) == year
