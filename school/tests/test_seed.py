import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from diary.permissions.family import can_view_diary
from journal.permissions import can_read_journal
from school.demo import blueprint
from school.models import Membership, Role, School, Subject, User


def seed(*args):
    from io import StringIO

    out = StringIO()
    # The structure alone: the term is tested on the tiny size in diary/tests.
    call_command("seed_demo", *args, "--no-term", stdout=out)
    return out.getvalue()


def test_blueprint_is_deterministic_and_seed_dependent():
    first = blueprint.build("small", 7)
    again = blueprint.build("small", 7)
    other = blueprint.build("small", 8)
    names = [(p.last_name, p.first_name, p.patronymic) for p in first.schools[0].pupils]
    assert names == [
        (p.last_name, p.first_name, p.patronymic) for p in again.schools[0].pupils
    ]
    assert names != [
        (p.last_name, p.first_name, p.patronymic) for p in other.schools[0].pupils
    ]


def test_small_size_has_the_promised_shape():
    plan = blueprint.build("small", 1).schools[0]
    assert {c.grade for c in plan.classes} == set(range(1, 12))
    assert 23 <= len(plan.classes) <= 27
    assert 550 <= len(plan.pupils) <= 650
    assert len(plan.teachers) >= 40
    assert len(plan.parents) >= len(plan.pupils)
    # Every pupil has at least one parent.
    assert {pupil for _, pupil, _ in plan.parent_links} == {
        p.username for p in plan.pupils
    }


def test_city_size_is_about_25000_pupils():
    plan = blueprint.build("city", 1)
    pupils = sum(len(s.pupils) for s in plan.schools)
    assert len(plan.schools) == 30
    assert 22_000 <= pupils <= 28_000


def test_generated_names_are_well_formed():
    plan = blueprint.build("small", 3).schools[0]
    for pupil in plan.pupils[:200]:
        assert pupil.patronymic.endswith(("ич", "на"))
        assert pupil.last_name[0].isupper()


@pytest.mark.django_db
def test_seed_is_idempotent_and_writes_history(client):
    # when
    output = seed("--size", "small", "--seed", "5")
    users, memberships = User.objects.count(), Membership.objects.count()
    seed("--size", "small", "--seed", "5")
    # then
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert School.objects.count() == 1
    school = School.objects.get()
    pupils = Membership.objects.for_school(school).filter(role=Role.STUDENT).count()
    assert 550 <= pupils <= 650
    admin = User.objects.get(username="admin")
    pupil = User.objects.filter(username__startswith=f"{school.code}-p").first()
    assert pupil.history.get().history_user == admin
    assert "director" in output and "inspector" in output


@pytest.mark.django_db
def test_demo_logins_work_with_the_demo_password(client):
    seed("--size", "small")
    for username in ["sysadmin", "director", "zavuch", "teacher", "classteacher"]:
        response = client.post(
            "/login/", {"username": username, "password": settings.DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        client.logout()
    classteacher = User.objects.get(username="classteacher")
    assert set(classteacher.memberships.values_list("role", flat=True)) == {
        Role.CLASS_TEACHER,
        Role.TEACHER,
    }


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_database_alone():
    from school.tests.factories import SchoolFactory

    SchoolFactory()
    output = seed("--if-empty")
    assert User.objects.count() == 0
    assert "Демонстрационные входы" in output


@pytest.mark.django_db
@override_settings(EJOURNAL_ENV="production")
def test_seed_refuses_production_settings():
    with pytest.raises(CommandError, match="production"):
        seed("--size", "small")
    assert User.objects.count() == 0
    assert School.objects.count() == 0


@pytest.mark.django_db
def test_seeded_structure_is_consistent():
    from django.db.models import Count

    from school.models import (
        Enrollment,
        GroupKind,
        SchoolClass,
        StudyPeriod,
        TeachingAssignment,
        TimetableEntry,
    )

    # when
    seed("--size", "small", "--seed", "2")
    # then: no teacher, room or class is in two places at once
    entries = TimetableEntry.objects.all()
    for field in ("teacher", "room"):
        clashes = (
            entries.values(field, "weekday", "lesson_number")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not clashes.exists(), field

    def slots(kind):
        rows = entries.filter(group__kind=kind)
        return set(rows.values_list("group__school_class", "weekday", "lesson_number"))

    # a class never has a whole-class lesson while its subgroups are taught
    assert not slots(GroupKind.CLASS) & slots(GroupKind.SUBGROUP)
    # every class has a class teacher, pupils and a timetable
    assert SchoolClass.objects.count() == 25
    assert not SchoolClass.objects.filter(class_teacher__isnull=True).exists()
    assert Enrollment.objects.filter(ends_on__isnull=True).count() >= 550
    assert StudyPeriod.objects.count() == 6
    # the named logins have real work to show
    teacher = User.objects.get(username="teacher")
    assert TeachingAssignment.objects.filter(teacher=teacher).exists()
    assert entries.filter(teacher=teacher).count() >= 10
    classteacher = User.objects.get(username="classteacher")
    fifth = SchoolClass.objects.get(grade=5, letter="А")
    assert fifth.class_teacher == classteacher
    fifth_group = fifth.groups.get(kind=GroupKind.CLASS)
    any_subject = Subject.objects.filter(school=fifth.school).first()
    assert can_read_journal(classteacher, fifth_group, any_subject)
    student = User.objects.get(username="student").student_records.get()
    assert student.enrollments.get().school_class == fifth
    parent = User.objects.get(username="parent")
    children = parent.guardian_records.get().relations.all()
    assert children.count() == 2
    assert all(can_view_diary(parent, r.student, Role.PARENT) for r in children)
    # every load has its topic plan; control works never clash within a day
    from school.models import ControlWork, LessonPlanItem

    assert LessonPlanItem.objects.values("group", "subject").distinct().count() == (
        TeachingAssignment.objects.count()
    )
    assert ControlWork.objects.filter(group__grade=1).count() == 0
    assert (
        not ControlWork.objects.values("group", "date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    # history rows are attributed to the platform admin
    assert fifth.history.first().history_user.username == "admin"


@pytest.mark.django_db
def test_seeding_twice_adds_no_structure():
    from school.models import GroupMembership, TimetableEntry

    seed("--size", "small")
    counts = (TimetableEntry.objects.count(), GroupMembership.objects.count())
    seed("--size", "small")
    assert (TimetableEntry.objects.count(), GroupMembership.objects.count()) == counts
