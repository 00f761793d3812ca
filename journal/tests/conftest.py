"""A school in Vladivostok: one class, a maths load, a timetabled Monday lesson."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.services import lessons as services
from school.models import GradingScale, GradingScaleKind, Role
from school.tests.factories import (
    AcademicYearFactory,
    BellScheduleFactory,
    GroupMembershipFactory,
    SchoolFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    TimetableEntryFactory,
    WorkKindFactory,
    at,
    member,
)

MONDAY = datetime.date(2026, 11, 23)  # lesson 2 at 09:25–10:10 by the factory bells


@pytest.fixture
def setup(db):
    school = SchoolFactory(time_zone="Asia/Vladivostok")
    year = AcademicYearFactory(school=school)
    BellScheduleFactory(school=school)
    GradingScale.objects.create(
        school=school,
        name="5",
        kind=GradingScaleKind.FIVE_POINT,
        values=["1", "2", "3", "4", "5"],
        pass_threshold="3",
        grade_from=2,
        grade_to=11,
    )
    GradingScale.objects.create(
        school=school,
        name="0",
        kind=GradingScaleKind.MARKS_FREE,
        values=[],
        grade_from=1,
        grade_to=1,
    )
    group = StudyGroupFactory(year=year, school_class__grade=5)
    subject = SubjectFactory(school=school, name="Математика")
    teacher = member(Role.TEACHER, school)
    TeachingAssignmentFactory(group=group, subject=subject, teacher=teacher)
    entry = TimetableEntryFactory(
        group=group, subject=subject, teacher=teacher, weekday=1, lesson_number=2
    )
    pupil = GroupMembershipFactory(group=group).student
    kind = WorkKindFactory(school=school, name="Ответ на уроке")
    return {
        "school": school,
        "year": year,
        "group": group,
        "subject": subject,
        "teacher": teacher,
        "entry": entry,
        "pupil": pupil,
        "kind": kind,
    }


def open_lesson(s, actor=None, day=MONDAY):
    return services.lesson_open(
        actor=actor or s["teacher"],
        group=s["group"],
        subject=s["subject"],
        date=day,
        lesson_number=2,
    )


def put_mark(s, lesson, value="5", actor=None):
    return services.mark_set(
        actor=actor or s["teacher"],
        lesson=lesson,
        student=s["pupil"],
        work_kind=s["kind"],
        value=value,
    )


# --- The grid: a period around MONDAY, and posting one cell. ---

CELL = reverse("journal:grid-cell")


@pytest.fixture
def s(setup):
    setup["period"] = StudyPeriodFactory(
        scheme__year=setup["year"],
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 27),
    )
    return setup


def page_url(s):
    return reverse("journal:grid", args=(s["group"].pk, s["subject"].pk))


def cell_data(s, value, **extra):
    return {
        "group": s["group"].pk,
        "subject": s["subject"].pk,
        "date": "2026-11-23",
        "lesson_number": 2,
        "student": s["pupil"].pk,
        "kind": s["kind"].pk,
        "value": value,
        **extra,
    }


def post(client, s, value, hour=9, minute=30, day=MONDAY, **extra):
    with time_machine.travel(at(s["school"], day, hour, minute), tick=False):
        return client.post(CELL, cell_data(s, value, **extra), HTTP_HX_REQUEST="true")
