import datetime

import pytest

from diary.selectors.week import diary_week, diary_weeks, monday_of
from journal.models import ParentComment
from school.models import ChangeKind, ControlWork, Holiday, HolidayKind
from school.tests.factories import (
    GroupMembershipFactory,
    RoomFactory,
    TimetableChangeFactory,
    member,
)

from .builders_week import MONDAY, TUESDAY, absent, build_school, homework, lesson, mark

WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture
def s(db):
    return build_school()


def _day(week, day):
    return next(d for d in week.days if d.date == day)


def test_week_shows_timetable_topic_homework_marks_and_attendance(s):
    # given: a held Monday maths lesson with homework, two marks and a lateness
    held = lesson(s, topic="Сложение дробей")
    homework(s, held, text="№ 101")
    mark(s, held, "5", comment="Отличный ответ")
    mark(s, held, "3", kind=s["test_kind"])
    absent(s, held, "оп")
    # when
    week = diary_week(s["pupil"], WEDNESDAY)
    # then: Monday to Saturday, the three timetabled lessons in place
    assert week.monday == MONDAY
    assert week.days[0].date == MONDAY and len(week.days) == 6
    monday = _day(week, MONDAY).lessons
    assert [(x.number, x.subject_name) for x in monday] == [(2, "Математика")]
    slot = monday[0]
    assert slot.topic == "Сложение дробей"
    assert slot.starts_at == datetime.time(9, 25)
    assert slot.teacher_name == "Сидорова М. И."
    assert [h.text for h in slot.homework] == ["№ 101"]
    assert [(m.value, m.kind, m.comment) for m in slot.marks] == [
        ("5", "Ответ на уроке", "Отличный ответ"),
        ("3", "Контрольная работа", ""),
    ]
    assert slot.marks[1].is_control and slot.marks[1].weight == 2
    assert slot.attendance == "оп"
    assert [x.subject_name for x in _day(week, TUESDAY).lessons] == ["Русский язык"]
    assert [x.number for x in _day(week, WEDNESDAY).lessons] == [1]
    assert week.marks_count == 2


def test_week_shows_changes_substitution_cancellation_and_moves(s):
    # given
    substitute = member("teacher", s["school"], last_name="Кузнецов")
    TimetableChangeFactory(
        entry=s["entries"]["maths_mon"],
        date=MONDAY,
        kind=ChangeKind.SUBSTITUTION,
        new_teacher=substitute,
    )
    TimetableChangeFactory(
        entry=s["entries"]["russian_tue"], date=TUESDAY, kind=ChangeKind.CANCELLATION
    )
    TimetableChangeFactory(
        entry=s["entries"]["maths_wed"],
        date=WEDNESDAY,
        kind=ChangeKind.TRANSFER,
        new_date=WEDNESDAY + datetime.timedelta(days=1),
        new_lesson_number=5,
        new_room=RoomFactory(school=s["school"], name="204"),
    )
    # when
    week = diary_week(s["pupil"], MONDAY)
    # then
    monday = _day(week, MONDAY).lessons[0]
    assert monday.is_substituted and monday.teacher == substitute
    assert "Сидорова" in monday.note
    tuesday = _day(week, TUESDAY).lessons[0]
    assert tuesday.is_cancelled and not tuesday.takes_place
    wednesday = _day(week, WEDNESDAY).lessons[0]
    assert wednesday.moved_to == (WEDNESDAY + datetime.timedelta(days=1), 5)
    thursday = _day(week, WEDNESDAY + datetime.timedelta(days=1)).lessons[0]
    assert thursday.moved_from == (WEDNESDAY, 1)
    assert thursday.number == 5 and thursday.room_name == "204"
    assert "26.11.2026" in wednesday.note


def test_week_has_no_foreign_marks_homework_or_comments(s):
    # given: the foreign child's lesson, marks, homework; an individual task
    mine = lesson(s)
    theirs = lesson(s, group=s["other"], number=4)
    mark(s, theirs, "2", student=s["foreign"])
    homework(s, theirs, text="Чужое задание")
    homework(s, mine, text="Только для соседа", student=s["foreign"])
    homework(s, mine, text="Для меня лично", student=s["pupil"])
    ParentComment.objects.create(
        school=s["school"],
        student=s["foreign"],
        lesson=mine,
        subject=s["maths"],
        author=s["teacher"],
        text="Чужой комментарий",
    )
    # when
    week = diary_week(s["pupil"], MONDAY)
    # then
    texts = [h.text for x in week.lessons for h in x.homework]
    assert texts == ["Для меня лично"]
    assert [h.is_individual for x in week.lessons for h in x.homework] == [True]
    assert week.marks_count == 0
    assert not any(x.comments for x in week.lessons)
    assert {x.group_id for x in week.lessons} == {s["group"].pk}


def test_week_respects_membership_dates_and_holidays(s):
    # given: the pupil joins a subgroup on Wednesday; Friday is a day off
    from school.tests.factories import StudyGroupFactory, TimetableEntryFactory

    sub = StudyGroupFactory(year=s["year"], school_class=None, name="Англ-1", grade=5)
    GroupMembershipFactory(group=sub, student=s["pupil"], starts_on=WEDNESDAY)
    TimetableEntryFactory(group=sub, subject=s["maths"], weekday=1, lesson_number=6)
    TimetableEntryFactory(group=sub, subject=s["maths"], weekday=4, lesson_number=6)
    friday = MONDAY + datetime.timedelta(days=4)
    TimetableEntryFactory(group=s["group"], subject=s["maths"], weekday=5)
    Holiday.objects.create(
        school=s["school"],
        year=s["year"],
        kind=HolidayKind.DAY_OFF,
        name="Выходной",
        starts_on=friday,
        ends_on=friday,
    )
    # when
    week = diary_week(s["pupil"], MONDAY)
    # then
    assert [x.number for x in _day(week, MONDAY).lessons] == [2]
    assert [x.number for x in _day(week, friday - datetime.timedelta(1)).lessons] == [6]
    assert _day(week, friday).lessons == []
    assert _day(week, friday).holiday.name == "Выходной"
    assert [h.name for h in week.holidays] == ["Выходной"]


def test_week_shows_control_works_and_loose_comments(s):
    ControlWork.objects.create(
        school=s["school"],
        year=s["year"],
        group=s["group"],
        subject=s["maths"],
        date=WEDNESDAY,
        lesson_number=1,
        title="Контрольная по дробям",
        created_by=s["teacher"],
    )
    ControlWork.objects.create(
        school=s["school"],
        year=s["year"],
        group=s["other"],
        subject=s["maths"],
        date=WEDNESDAY,
        title="Чужая",
        created_by=s["teacher"],
    )
    week = diary_week(s["pupil"], MONDAY)
    assert [w.title for w in week.control_works] == ["Контрольная по дробям"]


def test_mark_on_lesson_off_the_timetable_still_shows(s):
    # given: an extra lesson (number 7) entered in the journal on Saturday
    saturday = MONDAY + datetime.timedelta(days=5)
    extra = lesson(s, day=saturday, number=7, topic="Повторение")
    mark(s, extra, "4")
    # when
    week = diary_week(s["pupil"], MONDAY)
    # then
    slot = _day(week, saturday).lessons[0]
    assert not slot.is_scheduled and slot.topic == "Повторение"
    assert [m.value for m in slot.marks] == ["4"]


def test_monday_of_any_day():
    assert monday_of(datetime.date(2026, 11, 29)) == MONDAY
    assert monday_of(MONDAY) == MONDAY


@pytest.mark.parametrize("size", [1, 8])
def test_weeks_cost_constant_queries(s, size, django_assert_num_queries):
    # given: `size` pupils, each with marks at every lesson of the week
    pupils = [s["pupil"]] + [
        GroupMembershipFactory(group=s["group"]).student for _ in range(size - 1)
    ]
    held = [
        lesson(s),
        lesson(s, subject=s["russian"], day=TUESDAY, number=3),
        lesson(s, day=WEDNESDAY, number=1),
    ]
    for pupil in pupils:
        for item in held:
            mark(s, item, "4", student=pupil)
            mark(s, item, "5", student=pupil, kind=s["test_kind"])
            homework(s, item, student=pupil, text="лично")
    # when / then
    with django_assert_num_queries(12):
        weeks = diary_weeks(pupils, MONDAY)
    assert sum(w.marks_count for w in weeks.values()) == 6 * size


def test_weeks_of_pupils_from_two_schools(s):
    # given: a second school with its own pupil
    t = build_school()
    mark(t, lesson(t), "2")
    mark(s, lesson(s), "5")
    # when
    weeks = diary_weeks([s["pupil"], t["pupil"]], MONDAY)
    # then: each pupil's week comes from their own school
    assert [m.value for m in weeks[s["pupil"].pk].lessons[0].marks] == ["5"]
    assert [m.value for m in weeks[t["pupil"].pk].lessons[0].marks] == ["2"]
