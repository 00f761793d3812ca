import datetime

import pytest
from django.urls import reverse

from diary.tests.factories import register_diary_access
from school.models import ControlWork, Role
from school.tests.factories import (
    GroupMembershipFactory,
    GuardianFactory,
    StudyGroupFactory,
    SubjectFactory,
    UserFactory,
    member,
)


@pytest.fixture
def today(school):
    return school.local_today()


def _work(group, day, title):
    return ControlWork.objects.create(
        school=group.school,
        year=group.year,
        group=group,
        subject=SubjectFactory(school=group.school),
        date=day,
        title=title,
        created_by=UserFactory(),
    )


def _pupil_in(group, **kwargs):
    membership = GroupMembershipFactory(
        group=group, starts_on=group.year.starts_on, **kwargs
    )
    return membership.student


def _parent_of(student):
    parent = member(Role.PARENT, student.school)
    guardian = GuardianFactory(school=student.school, user=parent)
    guardian.relations.create(school=student.school, student=student, relation="mother")
    register_diary_access(guardian, student)
    return parent


def test_parent_sees_control_works_of_own_child_only(client, school, today):
    # given: two classes with a control work each
    year = school.academic_years.get()
    mine = StudyGroupFactory(year=year)
    theirs = StudyGroupFactory(year=year)
    child = _pupil_in(mine)
    _pupil_in(theirs)
    _work(mine, today + datetime.timedelta(days=3), "Контрольная по дробям")
    _work(theirs, today + datetime.timedelta(days=3), "Чужая контрольная")
    parent = _parent_of(child)
    # when
    client.force_login(parent)
    content = client.get(reverse("diary:parent-home")).content.decode()
    # then
    assert child.user.get_full_name() in content
    assert "Контрольная по дробям" in content
    assert "Чужая контрольная" not in content


def test_pupil_sees_own_works_within_membership_dates(client, school, today):
    year = school.academic_years.get()
    group = StudyGroupFactory(year=year)
    joined = today + datetime.timedelta(days=10)
    pupil = GroupMembershipFactory(group=group, starts_on=joined).student
    pupil.user.memberships.create(
        school=school, municipality=school.municipality, role=Role.STUDENT
    )
    _work(group, today + datetime.timedelta(days=5), "До зачисления")
    _work(group, today + datetime.timedelta(days=15), "После зачисления")
    client.force_login(pupil.user)
    content = client.get(reverse("diary:student-home")).content.decode()
    assert "После зачисления" in content
    assert "До зачисления" not in content


def test_parent_without_linked_children_is_told_whom_to_ask(client, school):
    client.force_login(member(Role.PARENT, school))
    content = client.get(reverse("diary:parent-home")).content.decode()
    assert "классному руководителю" in content


@pytest.mark.parametrize("children", [1, 4])
def test_family_home_queries_do_not_grow_with_children(
    client, school, today, children, django_assert_num_queries
):
    year = school.academic_years.get()
    parent = member(Role.PARENT, school)
    guardian = GuardianFactory(school=school, user=parent)
    for n in range(children):
        group = StudyGroupFactory(year=year)
        child = _pupil_in(group)
        guardian.relations.create(school=school, student=child, relation="father")
        register_diary_access(guardian, child)
        _work(group, today + datetime.timedelta(days=n + 1), f"Работа {n}")
    client.force_login(parent)
    # 7 + the header messages badge + the papers of all children (one query each)
    with django_assert_num_queries(9):
        client.get(reverse("diary:parent-home"))
