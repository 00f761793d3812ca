"""History authorship for every write path of the journal (C12): each service leaves
a history row naming who did it; a correction names the deputy and the request."""

import datetime

import pytest
import time_machine

from journal.models import (
    Attendance,
    CorrectionRequest,
    Homework,
    Lesson,
    Mark,
    ParentComment,
    PeriodMark,
)
from journal.services import corrections as services_corrections
from journal.services import homework as services_homework
from journal.services import lessons as services
from journal.services import periods as services_periods
from journal.tests.conftest import MONDAY, at, open_lesson
from school.models import ChangeKind, Role, StudyPeriod, TimetableChange
from school.tests.factories import member

LAST_WEEK = datetime.date(2026, 12, 23)


def latest(model):
    return model.history.order_by("-history_date", "-history_id").first()


def _lesson(s):
    return Lesson.objects.get()


WRITES = {
    "lesson_open": (Lesson, lambda s: open_lesson(s)),
    "lesson_record": (
        Lesson,
        lambda s: services.lesson_record(
            actor=s["teacher"], lesson=open_lesson(s), topic="Дроби"
        ),
    ),
    "mark_set": (
        Mark,
        lambda s: services.mark_set(
            actor=s["teacher"],
            lesson=open_lesson(s),
            student=s["pupil"],
            work_kind=s["kind"],
            value="5",
        ),
    ),
    "attendance_mark": (
        Attendance,
        lambda s: services.attendance_mark(
            actor=s["teacher"], lesson=open_lesson(s), student=s["pupil"], value="н"
        ),
    ),
    "homework_set": (
        Homework,
        lambda s: services_homework.homework_set(
            actor=s["teacher"], lesson=open_lesson(s), text="№ 5"
        ),
    ),
    "parent_comment_create": (
        ParentComment,
        lambda s: services_homework.parent_comment_create(
            actor=s["teacher"], lesson=open_lesson(s), student=s["pupil"], text="!"
        ),
    ),
}


@pytest.mark.parametrize("path", list(WRITES))
def test_every_lesson_write_names_its_author(s, path):
    model, write = WRITES[path]
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        write(s)
    record = latest(model)
    assert record is not None, path
    assert record.history_user == s["teacher"], path


def test_removing_a_mark_leaves_a_removal_by_its_author(s):
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        common = {"lesson": lesson, "student": s["pupil"], "work_kind": s["kind"]}
        services.mark_set(actor=s["teacher"], value="5", **common)
        services.mark_set(actor=s["teacher"], value="", **common)
    record = latest(Mark)
    assert (record.history_type, record.history_user) == ("-", s["teacher"])


def test_period_mark_and_period_closing_name_their_authors(s):
    deputy = member(Role.DEPUTY, s["school"])
    with time_machine.travel(at(s["school"], LAST_WEEK, 12), tick=False):
        services_periods.period_mark_set(
            actor=s["teacher"],
            group=s["group"],
            subject=s["subject"],
            student=s["pupil"],
            period=s["period"],
            value="4",
        )
        services_periods.period_close(actor=deputy, period=s["period"])
    assert latest(PeriodMark).history_user == s["teacher"]
    assert latest(StudyPeriod).history_user == deputy


def test_a_substitute_records_under_their_own_name(s):
    # given: another teacher substitutes on Monday
    substitute = member(Role.TEACHER, s["school"])
    TimetableChange.objects.create(
        school=s["school"],
        entry=s["entry"],
        date=MONDAY,
        kind=ChangeKind.SUBSTITUTION,
        new_teacher=substitute,
        created_by=s["teacher"],
    )
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s, actor=substitute)
        services.mark_set(
            actor=substitute,
            lesson=lesson,
            student=s["pupil"],
            work_kind=s["kind"],
            value="4",
        )
    # then
    assert lesson.teacher == substitute and lesson.is_substitution
    assert latest(Lesson).history_user == substitute
    assert latest(Mark).history_user == substitute
    assert Mark.objects.get().author == substitute


def test_corrections_name_the_deputy_and_the_request_for_every_kind_of_change(s):
    # given: a mark and an absence entered on Monday
    deputy = member(Role.DEPUTY, s["school"])
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        services.attendance_mark(
            actor=s["teacher"], lesson=lesson, student=s["pupil"], value="н"
        )
    # when: on Thursday the teacher asks to add a mark and to clear the absence
    with time_machine.travel(at(s["school"], MONDAY + datetime.timedelta(3), 10)):
        request = services_corrections.correction_request_create(
            actor=s["teacher"],
            lesson=lesson,
            changes=[
                {
                    "target": "mark",
                    "student": s["pupil"].pk,
                    "work_kind": s["kind"].pk,
                    "value": "4",
                },
                {"target": "attendance", "student": s["pupil"].pk, "value": ""},
            ],
            changes_text="Добавить 4, убрать н",
            reason="Ученик был на уроке",
        )
        services_corrections.correction_request_decide(
            actor=deputy, request=request, approve=True
        )
    # then
    for model in (Mark, Attendance):
        record = latest(model)
        assert record.history_user == deputy
        assert f"correction #{request.pk}" in record.history_change_reason
    assert latest(Attendance).history_type == "-"
    assert latest(CorrectionRequest).history_user == deputy
