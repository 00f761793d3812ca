"""The class teacher's read-only view of all subjects of the class (C11)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.models import Attendance, Lesson, Mark, PeriodMark
from journal.selectors.class_journal import class_summary_get
from journal.tests.conftest import MONDAY, at
from school.models import Role
from school.tests.factories import (
    GroupMembershipFactory,
    SchoolFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    WorkKindFactory,
    history_count,
    member,
)


def add_subject(s, name, teacher=None):
    subject = SubjectFactory(school=s["school"], name=name)
    teacher = teacher or member(Role.TEACHER, s["school"])
    TeachingAssignmentFactory(group=s["group"], subject=subject, teacher=teacher)
    return subject


def held(s, subject, day, marks=(), absences=()):
    lesson = Lesson.objects.create(
        school=s["school"],
        group=s["group"],
        subject=subject,
        date=day,
        lesson_number=3,
        teacher=s["teacher"],
    )
    for student, value, kind in marks:
        Mark.objects.create(
            school=s["school"],
            lesson=lesson,
            student=student,
            work_kind=kind,
            value=value,
            author=s["teacher"],
        )
    for student, value in absences:
        Attendance.objects.create(
            school=s["school"],
            lesson=lesson,
            student=student,
            value=value,
            author=s["teacher"],
        )
    return lesson


@pytest.fixture
def klass(s):
    s["class_teacher"] = member(Role.CLASS_TEACHER, s["school"])
    s["group"].school_class.class_teacher = s["class_teacher"]
    s["group"].school_class.save()
    s["url"] = reverse("journal:class-summary", args=(s["group"].school_class.pk,))
    return s


def test_class_teacher_sees_every_subject_average_forecast_and_absences(client, klass):
    # given: maths 5 and 4 (weight 2) → 4.33; Russian 3; two absences and a lateness
    s = klass
    pupil = s["pupil"]
    russian = add_subject(s, "Русский язык")
    test = WorkKindFactory(school=s["school"], name="Контрольная", weight=2)
    held(s, s["subject"], MONDAY, marks=[(pupil, "5", s["kind"]), (pupil, "4", test)])
    held(
        s,
        russian,
        MONDAY,
        marks=[(pupil, "3", s["kind"])],
        absences=[(pupil, "оп")],
    )
    held(s, russian, MONDAY - datetime.timedelta(days=7), absences=[(pupil, "б")])
    held(s, s["subject"], MONDAY - datetime.timedelta(days=7), absences=[(pupil, "н")])
    PeriodMark.objects.create(
        school=s["school"],
        group=s["group"],
        subject=russian,
        student=pupil,
        kind="period",
        period=s["period"],
        value="3",
        author=s["teacher"],
    )
    # when
    with time_machine.travel(at(s["school"], MONDAY, 12), tick=False):
        client.force_login(s["class_teacher"])
        response = client.get(s["url"])
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Математика" in html and "Русский язык" in html
    assert "4,33" in html and "3,00" in html
    assert "3 → </span><strong>3</strong>" in html
    summary = response.context["summary"]
    assert summary.rows[0].absence_counts == [1, 1, 0, 1]  # н, б, у, оп
    grid = reverse("journal:grid", args=(s["group"].pk, russian.pk))
    assert grid in html


@pytest.mark.parametrize("who", ["teacher", "other_class_teacher", "parent", "foreign"])
def test_others_get_404(client, klass, who):
    s = klass
    user = {
        "teacher": lambda: s["teacher"],
        "other_class_teacher": lambda: member(Role.CLASS_TEACHER, s["school"]),
        "parent": lambda: member(Role.PARENT, s["school"]),
        "foreign": lambda: member(Role.DEPUTY, SchoolFactory()),
    }[who]()
    before = history_count()
    client.force_login(user)
    assert client.get(s["url"]).status_code == 404
    assert history_count() == before


def test_the_deputy_reads_it_too(client, klass):
    client.force_login(member(Role.DEPUTY, klass["school"]))
    assert client.get(klass["url"]).status_code == 200


def test_a_subject_of_a_cross_class_stream_is_included(client, klass):
    # given: the pupil also studies English in a stream group of several classes
    s = klass
    stream = StudyGroupFactory(
        year=s["year"], kind="stream", school_class=None, name="Английский, поток"
    )
    GroupMembershipFactory(group=stream, student=s["pupil"])
    english = SubjectFactory(school=s["school"], name="Английский язык")
    TeachingAssignmentFactory(group=stream, subject=english)
    # when
    with time_machine.travel(at(s["school"], MONDAY, 12), tick=False):
        summary = class_summary_get(
            s["class_teacher"], s["school"], s["group"].school_class.pk
        )
    # then
    assert {c.subject.name for c in summary.columns} == {
        "Математика",
        "Английский язык",
    }


@pytest.mark.parametrize(("pupils", "subjects"), [(2, 1), (8, 4)])
def test_the_summary_costs_the_same_queries_at_any_size(
    klass, pupils, subjects, django_assert_num_queries
):
    # given
    s = klass
    extra = [GroupMembershipFactory(group=s["group"]).student for _ in range(pupils)]
    for number in range(subjects):
        subject = add_subject(s, f"Предмет {number}")
        held(
            s,
            subject,
            MONDAY,
            marks=[(p, "4", s["kind"]) for p in extra],
            absences=[(p, "н") for p in extra],
        )
    # when / then
    with (
        time_machine.travel(at(s["school"], MONDAY, 12), tick=False),
        django_assert_num_queries(SUMMARY_QUERIES),
    ):
        summary = class_summary_get(
            s["class_teacher"], s["school"], s["group"].school_class.pk
        )
    assert len(summary.rows) == pupils + 1
    assert len(summary.columns) == subjects + 1


# The class; the class teacher's role; the periods; the whole-class group; its
# pupils; the subjects with teachers; marks; period marks; attendance.
SUMMARY_QUERIES = 9
