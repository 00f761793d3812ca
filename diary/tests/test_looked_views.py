"""D3: who has opened the diary this week, for the class teacher and the deputy."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from diary.models import DiaryView
from diary.selectors.looked import looks_by_class, looks_for_class
from diary.services.looked import diary_view_record
from school.models import Role
from school.tests.factories import (
    EnrollmentFactory,
    GuardianFactory,
    StudentFactory,
    member,
)

from .builders_week import MONDAY, TUESDAY, at, build_school, parent_of


@pytest.fixture
def s(db):
    s = build_school()
    school_class = s["group"].school_class
    s["class"] = school_class
    s["class_teacher"] = member(Role.CLASS_TEACHER, s["school"], last_name="Фролова")
    school_class.class_teacher = s["class_teacher"]
    school_class.save()
    EnrollmentFactory(school_class=school_class, student=s["pupil"])
    s["quiet"] = StudentFactory(school=s["school"])
    EnrollmentFactory(school_class=school_class, student=s["quiet"])
    s["parent"] = parent_of(s["pupil"])
    s["quiet_parent"] = parent_of(s["quiet"])
    s["quiet_parent"].last_name = "Молчанова"
    s["quiet_parent"].save()
    return s


def _look(s, parent, pupil, day=TUESDAY):
    with time_machine.travel(at(s["school"], day, 20), tick=False):
        return diary_view_record(actor=parent, student=pupil, role=Role.PARENT)


def test_class_teacher_sees_who_has_and_has_not_looked(client, s):
    # given: one parent opened the diary twice on Tuesday and once on Thursday
    _look(s, s["parent"], s["pupil"])
    _look(s, s["parent"], s["pupil"])
    _look(s, s["parent"], s["pupil"], day=MONDAY + datetime.timedelta(days=3))
    # when
    rows = looks_for_class(s["class"], MONDAY)
    # then
    looks = {r.student.pk: r.parents for r in rows}
    assert [(p.parent, p.days) for p in looks[s["pupil"].pk]] == [(s["parent"], 2)]
    assert [p.has_looked for p in looks[s["quiet"].pk]] == [False]
    assert DiaryView.objects.get(viewed_on=TUESDAY).count == 2


def test_last_weeks_views_do_not_count_this_week(s):
    _look(s, s["parent"], s["pupil"], day=MONDAY - datetime.timedelta(days=1))
    rows = looks_for_class(s["class"], MONDAY)
    assert not any(r.anyone_looked for r in rows)


def test_deputy_sees_counts_for_every_class(s):
    _look(s, s["parent"], s["pupil"])
    [row] = looks_by_class(s["school"], [s["class"]], MONDAY)
    assert (row.parents, row.looked, row.not_looked) == (2, 1, 1)


def test_looked_pages_for_class_teacher_and_deputy(client, s):
    _look(s, s["parent"], s["pupil"])
    url = reverse("diary:looked-class", args=[s["class"].pk]) + f"?week={MONDAY}"
    for reader in (s["class_teacher"], member(Role.DEPUTY, s["school"])):
        client.force_login(reader)
        content = client.get(url).content.decode()
        assert "Молчанова" in content and "Петрова" in content
        assert "diary-not-looked" in content and "diary-looked" in content
        index = client.get(reverse("diary:looked") + f"?week={MONDAY}")
        assert s["class"].name in index.content.decode()


@pytest.mark.parametrize(
    "role", [Role.TEACHER, Role.PARENT, Role.STUDENT, Role.CLASS_TEACHER]
)
def test_others_get_404_for_the_class(client, s, role):
    # a class teacher of another class is refused too
    client.force_login(member(role, s["school"]))
    url = reverse("diary:looked-class", args=[s["class"].pk])
    assert client.get(url).status_code == 404


def test_class_teacher_index_lists_only_own_classes(client, s):
    other_teacher = member(Role.CLASS_TEACHER, s["school"])
    other_class = s["other"].school_class
    other_class.class_teacher = other_teacher
    other_class.save()
    client.force_login(other_teacher)
    content = client.get(reverse("diary:looked")).content.decode()
    assert other_class.name in content and f">{s['class'].name}<" not in content


def test_recording_a_view_for_a_foreign_child_is_refused_and_writes_nothing(s):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        diary_view_record(actor=s["parent"], student=s["foreign"], role=Role.PARENT)
    with pytest.raises(PermissionDenied):
        diary_view_record(actor=s["parent"], student=s["pupil"], role=Role.TEACHER)
    assert DiaryView.objects.count() == 0


def test_a_second_guardian_is_listed_separately(s):
    father = member(Role.PARENT, s["school"], last_name="Петров")
    GuardianFactory(school=s["school"], user=father).relations.create(
        school=s["school"], student=s["pupil"], relation="father"
    )
    _look(s, father, s["pupil"])
    rows = looks_for_class(s["class"], MONDAY)
    pupil_row = next(r for r in rows if r.student == s["pupil"])
    assert {(p.parent.last_name, p.has_looked) for p in pupil_row.parents} == {
        ("Петров", True),
        ("Петрова", False),
    }


@pytest.mark.parametrize("pupils", [2, 10])
def test_looked_class_page_queries_are_constant(
    client, s, pupils, django_assert_num_queries
):
    for _ in range(pupils - 2):
        pupil = StudentFactory(school=s["school"])
        EnrollmentFactory(school_class=s["class"], student=pupil)
        _look(s, parent_of(pupil), pupil)
    client.force_login(s["class_teacher"])
    url = reverse("diary:looked-class", args=[s["class"].pk]) + f"?week={MONDAY}"
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
