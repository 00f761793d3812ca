import datetime

import pytest
from django.core.exceptions import PermissionDenied

from school import events
from school.models import Event, Membership, Role, User
from school.services import credentials
from school.tests.factories import (
    GuardianRelationFactory,
    MembershipFactory,
    SchoolClassFactory,
    StaffMemberFactory,
    UserFactory,
    class_teacher_of,
    member,
    parent_of,
    pupil,
)

ISSUED = events.CREDENTIALS_ISSUED


@pytest.fixture
def class_5a(school):
    school_class = SchoolClassFactory(
        school=school, year=school.academic_years.first(), letter="А"
    )
    masha = pupil(school_class, "Иванова", "Мария", "Петровна")
    petya = pupil(school_class, "Ёжиков", "Пётр", "Ильич")
    parent_of(masha, "Иванова", "Елена", "Сергеевна")
    parent_of(petya, "Ёжиков", "Илья", "Юрьевич")
    return school_class


def snapshot():
    """Everything an issue could write: passwords, history, memberships, events."""
    return (
        sorted(User.objects.values_list("pk", "username", "password")),
        User.history.count(),
        Membership.objects.count(),
        Membership.history.count(),
        Event.objects.count(),
    )


def test_class_teacher_issues_for_own_class(class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    # when
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="both"
    )
    # then
    assert [(c.full_name, c.login, c.role_label) for c in batch] == [
        ("Ёжиков Пётр Ильич", "ezhikov.pi", "ученик 5А"),
        ("Ёжиков Илья Юрьевич", "ezhikov.ii", "родитель: Ёжиков Пётр (5А)"),
        ("Иванова Мария Петровна", "ivanova.mp", "ученик 5А"),
        ("Иванова Елена Сергеевна", "ivanova.es", "родитель: Иванова Мария (5А)"),
    ]
    assert batch.skipped == 0
    for issued in batch:
        user = User.objects.get(pk=issued.user.pk)
        assert user.username == issued.login
        assert user.check_password(issued.password)
        assert user.must_change_password
        assert user.history.first().history_user == teacher
    roles = set(
        Membership.objects.filter(school=class_5a.school, is_active=True)
        .exclude(user=teacher)
        .values_list("user__username", "role")
    )
    assert roles == {
        ("ezhikov.pi", Role.STUDENT),
        ("ezhikov.ii", Role.PARENT),
        ("ivanova.mp", Role.STUDENT),
        ("ivanova.es", Role.PARENT),
    }
    assert Membership.history.filter(history_user=teacher).count() == 4
    event = Event.objects.get(code=ISSUED)
    assert event.actor == teacher
    assert event.school == class_5a.school
    assert event.params == {
        "class": "5А",
        "class_id": class_5a.pk,
        "audience": "both",
        "count": 4,
        "skipped": 0,
        "reissue": False,
    }
    assert not any(c.password in str(event.params) for c in batch)


def test_password_is_not_in_repr(class_5a):
    teacher = class_teacher_of(class_5a)
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    assert batch[0].password not in repr(batch)


def test_audience_chooses_pupils_or_parents(class_5a):
    teacher = class_teacher_of(class_5a)
    pupils = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    parents = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="guardians"
    )
    assert [c.login for c in pupils] == ["ezhikov.pi", "ivanova.mp"]
    assert [c.login for c in parents] == ["ezhikov.ii", "ivanova.es"]


def test_pupils_who_left_and_other_classes_get_nothing(school, class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    gone = pupil(class_5a, "Ушедший", "Олег")
    enrollment = gone.enrollments.get()
    enrollment.ends_on = datetime.date(2026, 10, 1)
    enrollment.save()
    other = SchoolClassFactory(school=school, year=class_5a.year)
    pupil(other, "Чужой", "Антон")
    # when
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    # then
    assert [c.login for c in batch] == ["ezhikov.pi", "ivanova.mp"]


def test_parent_of_two_in_the_class_gets_one_slip(class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    mother = (
        class_5a.enrollments.get(student__user__first_name="Мария")
        .student.guardian_relations.get()
        .guardian
    )
    sister = pupil(class_5a, "Иванова", "Дарья", "Петровна")
    GuardianRelationFactory(student=sister, guardian=mother)
    # when
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="guardians"
    )
    # then
    labels = [c.role_label for c in batch if c.user == mother.user]
    assert labels == ["родитель: Иванова Дарья, Иванова Мария (5А)"]


def test_same_initials_get_numbered_logins(class_5a):
    teacher = class_teacher_of(class_5a)
    UserFactory(username="ivanova.mp")
    pupil(class_5a, "Иванова", "Марина", "Павловна")
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    assert sorted(c.login for c in batch) == [
        "ezhikov.pi",
        "ivanova.mp2",
        "ivanova.mp3",
    ]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PARENT, Role.DIRECTOR])
def test_other_roles_are_refused_and_nothing_is_written(class_5a, role):
    # given
    actor = member(role, class_5a.school)
    before = snapshot()
    # when
    with pytest.raises(PermissionDenied):
        credentials.credentials_issue_for_class(
            actor=actor, school_class=class_5a, audience="both"
        )
    # then
    assert snapshot() == before


def test_class_teacher_of_another_class_is_refused(school, class_5a):
    # given
    other = SchoolClassFactory(school=school, year=class_5a.year)
    teacher = class_teacher_of(other)
    before = snapshot()
    # when
    with pytest.raises(PermissionDenied):
        credentials.credentials_issue_for_class(
            actor=teacher, school_class=class_5a, audience="both"
        )
    # then
    assert snapshot() == before
    assert not Event.objects.filter(code=ISSUED).exists()


def test_sysadmin_of_another_school_is_refused(other_school, class_5a):
    actor = member(Role.SYSADMIN, other_school)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        credentials.credentials_issue_for_class(
            actor=actor, school_class=class_5a, audience="both"
        )
    assert snapshot() == before


def test_sysadmin_issues_for_any_class_of_the_school(class_5a, sysadmin):
    batch = credentials.credentials_issue_for_class(
        actor=sysadmin, school_class=class_5a, audience="students"
    )
    assert len(batch) == 2


def test_those_with_credentials_are_skipped(class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    first = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    newcomer = pupil(class_5a, "Новикова", "Алиса", "Игоревна")
    # when
    second = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    # then
    assert [c.login for c in second] == ["novikova.ai"]
    assert second[0].user == newcomer.user
    assert second.skipped == len(first) == 2
    assert Event.objects.filter(code=ISSUED).latest("id").params["skipped"] == 2


def test_nobody_to_issue_writes_nothing(class_5a):
    teacher = class_teacher_of(class_5a)
    credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    before = snapshot()
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    assert batch == [] and batch.skipped == 2
    assert snapshot() == before


def test_reissue_keeps_logins_and_changes_passwords(class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    first = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="both"
    )
    User.objects.update(must_change_password=False)
    # when
    second = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="both", reissue=True
    )
    # then
    assert [c.login for c in second] == [c.login for c in first]
    for old, new in zip(first, second, strict=True):
        user = User.objects.get(pk=new.user.pk)
        assert not user.check_password(old.password)
        assert user.check_password(new.password)
        assert user.must_change_password
    assert Event.objects.filter(code=ISSUED).latest("id").params["reissue"] is True


def test_a_placeholder_login_is_replaced_but_an_issued_one_kept(class_5a):
    # given: one pupil already logs in with a login of their own
    teacher = class_teacher_of(class_5a)
    pupil(class_5a, "Сидоров", "Иван", "", password="old-secret-77")
    User.objects.filter(last_name="Сидоров").update(username="sid")
    # when
    batch = credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students", reissue=True
    )
    # then
    assert sorted(c.login for c in batch) == ["ezhikov.pi", "ivanova.mp", "sid"]


def test_existing_membership_is_reused_and_ended_one_restored(class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    masha = User.objects.get(first_name="Мария")
    ended = MembershipFactory(
        user=masha, school=class_5a.school, role=Role.STUDENT, is_active=False
    )
    # when
    credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    # then
    ended.refresh_from_db()
    assert ended.is_active
    assert Membership.objects.filter(user=masha).count() == 1


def test_sysadmin_issues_staff_credentials(school, sysadmin):
    # given
    hired = StaffMemberFactory(
        school=school,
        user=UserFactory(last_name="Петрова", first_name="Анна", password=None),
    )
    StaffMemberFactory(
        school=school,
        user=UserFactory(last_name="Ушла", first_name="Вера", password=None),
        dismissed_on=datetime.date(2025, 6, 1),
    )
    StaffMemberFactory(school=school, user=sysadmin)
    # when
    batch = credentials.credentials_issue_for_staff(actor=sysadmin, school=school)
    # then
    assert [(c.login, c.role_label) for c in batch] == [("petrova.ai", "учитель")]
    hired.user.refresh_from_db()
    assert hired.user.must_change_password
    assert not Membership.objects.filter(user=hired.user).exists()
    event = Event.objects.get(code=ISSUED)
    assert event.params["audience"] == "staff" and event.params["count"] == 1


@pytest.mark.parametrize("role", [Role.CLASS_TEACHER, Role.DIRECTOR, Role.HR])
def test_only_sysadmin_issues_staff_credentials(school, role):
    StaffMemberFactory(school=school, user=UserFactory(password=None))
    actor = member(role, school)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        credentials.credentials_issue_for_staff(actor=actor, school=school)
    assert snapshot() == before
