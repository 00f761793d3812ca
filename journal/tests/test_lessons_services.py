import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from journal.models import Attendance, Lesson, Mark
from journal.services import lessons as services
from journal.tests.conftest import MONDAY, at, open_lesson, put_mark
from school.errors import ApplicationError
from school.models import ChangeKind, Event, Role
from school.tests.factories import (
    GroupMembershipFactory,
    SchoolFactory,
    StudyPeriodFactory,
    TimetableChangeFactory,
    member,
)


def test_teacher_marks_during_the_lesson_and_history_names_them(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        mark = put_mark(s, lesson, "4")
        put_mark(s, lesson, "5")
    mark.refresh_from_db()
    assert mark.value == "5" and not mark.is_late
    assert [h.history_user for h in mark.history.all()] == [s["teacher"], s["teacher"]]
    assert lesson.teacher == s["teacher"] and not lesson.is_substitution


def test_marks_for_a_lesson_not_yet_started_are_refused(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 0), tick=False):
        lesson = open_lesson(s)
        with pytest.raises(ApplicationError, match="не начался"):
            put_mark(s, lesson)
    assert not Mark.objects.exists()


def test_window_closes_at_midnight_on_the_schools_clock(setup):
    # given: Vladivostok is UTC+10, so its midnight is 14:00 UTC the same day
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
    # when / then: 23:50 local is still the lesson day
    with time_machine.travel(at(s["school"], MONDAY, 23, 50), tick=False):
        put_mark(s, lesson, "3")
    # 00:10 local next day is closed, although in Moscow it is still Monday
    next_day = MONDAY + datetime.timedelta(days=1)
    with (
        time_machine.travel(at(s["school"], next_day, 0, 10), tick=False),
        pytest.raises(ApplicationError, match="заявку"),
    ):
        put_mark(s, lesson, "5")
    assert Mark.objects.get().value == "3"


def test_school_window_of_extra_days(setup):
    s = setup
    s["school"].edit_window_days = 2
    s["school"].save()
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
    with time_machine.travel(
        at(s["school"], MONDAY + datetime.timedelta(days=2), 18), tick=False
    ):
        mark = put_mark(s, lesson, "4")
    assert mark.is_late  # entered, but after the lesson day: lateness is recorded


@pytest.mark.parametrize(
    "who", ["other_teacher", "foreign_teacher", "parent", "pupil", "deputy"]
)
def test_only_the_groups_teacher_writes_and_nothing_is_written(setup, who):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        actor = {
            "other_teacher": lambda: member(Role.TEACHER, s["school"]),
            "foreign_teacher": lambda: member(Role.TEACHER, SchoolFactory()),
            "parent": lambda: member(Role.PARENT, s["school"]),
            "pupil": lambda: s["pupil"].user,
            "deputy": lambda: member(Role.DEPUTY, s["school"]),
        }[who]()
        with pytest.raises(PermissionDenied):
            put_mark(s, lesson, actor=actor)
        with pytest.raises(PermissionDenied):
            services.attendance_mark(
                actor=actor, lesson=lesson, student=s["pupil"], value="н"
            )
    assert not Mark.objects.exists() and not Mark.history.exists()
    assert not Attendance.objects.exists() and not Attendance.history.exists()


def test_substitute_records_the_lesson_under_their_own_name(setup):
    s = setup
    substitute = member(Role.TEACHER, s["school"])
    TimetableChangeFactory(
        entry=s["entry"],
        date=MONDAY,
        kind=ChangeKind.SUBSTITUTION,
        new_teacher=substitute,
    )
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s, actor=substitute)
        put_mark(s, lesson, "5", actor=substitute)
    assert lesson.teacher == substitute and lesson.is_substitution
    assert Mark.objects.get().author == substitute
    event = Event.objects.get(code="journal.substitution.recorded")
    assert event.params["planned_teacher"] == s["teacher"].pk


def test_grade_one_takes_attendance_but_no_marks(setup):
    s = setup
    s["group"].grade = 1
    s["group"].save()
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        services.attendance_mark(
            actor=s["teacher"], lesson=lesson, student=s["pupil"], value="б"
        )
        with pytest.raises(ApplicationError, match="безотметочное"):
            put_mark(s, lesson, "5")
    assert Attendance.objects.get().value == "б"
    assert not Mark.objects.exists()


def test_marks_outside_the_scale_are_refused_special_marks_accepted(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        with pytest.raises(ValidationError):
            put_mark(s, lesson, "6")
        assert put_mark(s, lesson, "осв").value == "осв"


def test_closed_period_is_read_only(setup):
    s = setup
    from django.utils import timezone

    from school.models import PeriodScheme

    scheme = PeriodScheme.objects.create(
        school=s["school"],
        year=s["year"],
        name="Ч",
        kind="quarter",
        grade_from=1,
        grade_to=11,
    )
    StudyPeriodFactory(
        scheme=scheme,
        number=2,
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 28),
        closed_at=timezone.now(),
    )
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        with pytest.raises(ApplicationError, match="закрыт"):
            put_mark(s, lesson)
    assert not Mark.objects.exists()


def test_pupil_who_joined_later_cannot_be_marked_earlier(setup):
    s = setup
    late = GroupMembershipFactory(
        group=s["group"], starts_on=MONDAY + datetime.timedelta(days=7)
    ).student
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        with pytest.raises(ValidationError):
            services.mark_set(
                actor=s["teacher"],
                lesson=lesson,
                student=late,
                work_kind=s["kind"],
                value="5",
            )


def test_no_lesson_is_opened_where_the_timetable_has_none(setup):
    s = setup
    with pytest.raises(ValidationError):
        open_lesson(s, day=MONDAY + datetime.timedelta(days=1))
    assert not Lesson.objects.exists()


def test_clearing_a_mark_keeps_its_history(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        put_mark(s, lesson, "2")
        assert put_mark(s, lesson, "") is None
    assert not Mark.objects.exists()
    assert [h.history_type for h in Mark.history.order_by("history_date")] == ["+", "-"]
