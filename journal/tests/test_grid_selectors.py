import datetime
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404

from journal.models import Attendance, Lesson, Mark
from journal.selectors.grid import grid_for
from journal.tests.conftest import MONDAY, at
from school.models import Role, StudyGroup
from school.tests.factories import (
    GroupMembershipFactory,
    StudyPeriodFactory,
    TimetableChangeFactory,
    WorkKindFactory,
    member,
)

# The grid's whole cost, whatever the number of pupils and lessons.
GRID_QUERIES = 17


def period(s, starts_on, ends_on):
    return StudyPeriodFactory(
        scheme__year=s["year"], starts_on=starts_on, ends_on=ends_on
    )


def fresh_group(s):
    return StudyGroup.objects.select_related("school", "school_class").get(
        pk=s["group"].pk
    )


def fill(s, pupils, start):
    """Extra pupils, a held lesson on every Monday so far and a mark for each."""
    for _ in range(pupils - 1):
        GroupMembershipFactory(group=s["group"])
    memberships = s["group"].memberships.all()
    day = start
    while day <= MONDAY:
        lesson = Lesson.objects.create(
            school=s["school"],
            group=s["group"],
            subject=s["subject"],
            date=day,
            lesson_number=2,
            teacher=s["teacher"],
        )
        for membership in memberships:
            Mark.objects.create(
                school=s["school"],
                lesson=lesson,
                student=membership.student,
                work_kind=s["kind"],
                value="4",
                author=s["teacher"],
            )
            Attendance.objects.create(
                school=s["school"],
                lesson=lesson,
                student=membership.student,
                value="оп",
                author=s["teacher"],
            )
        day += datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("pupils", "starts_on", "ends_on", "columns"),
    [
        # 3 pupils × 4 Mondays, 12 pupils × 10 Mondays
        (3, datetime.date(2026, 11, 2), datetime.date(2026, 11, 28), 4),
        (12, datetime.date(2026, 10, 26), datetime.date(2027, 1, 2), 10),
    ],
)
def test_grid_costs_the_same_queries_at_any_size(
    setup, django_assert_num_queries, pupils, starts_on, ends_on, columns
):
    # given
    s = setup
    term = period(s, starts_on, ends_on)
    fill(s, pupils, starts_on)
    group = fresh_group(s)
    # when
    with (
        time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False),
        django_assert_num_queries(GRID_QUERIES),
    ):
        grid = grid_for(
            user=s["teacher"], group=group, subject=s["subject"], period=term
        )
    # then
    assert len(grid.rows) == pupils
    assert len(grid.columns) == columns
    assert all(len(row.cells) == columns for row in grid.rows)
    assert grid.rows[0].average == Decimal("4.00")


def test_grid_of_the_current_period_marks_today_and_the_window(setup):
    # given: lessons on Mondays; today is Monday 23.11 during lesson 2
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 12, 27))
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        # when
        grid = grid_for(user=s["teacher"], group=fresh_group(s), subject=s["subject"])
    # then: past Monday closed, today open, next Mondays not started
    by_date = {c.date: c for c in grid.columns}
    assert [c.date.day for c in grid.columns] == [9, 16, 23, 30, 7, 14, 21]
    assert by_date[MONDAY].editable and by_date[MONDAY].is_today
    assert "заявку" in str(by_date[datetime.date(2026, 11, 16)].reason)
    assert not by_date[datetime.date(2026, 11, 30)].editable
    assert grid.rows[0].cells[2].editable


def test_weighted_average_uses_the_kinds_weight(setup):
    # given: a 5 of weight 1 and a 2 of weight 2 → (5 + 4) / 3 = 3.00
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 12, 27))
    heavy = WorkKindFactory(school=s["school"], name="Контрольная", weight=2)
    lesson = Lesson.objects.create(
        school=s["school"],
        group=s["group"],
        subject=s["subject"],
        date=MONDAY,
        lesson_number=2,
        teacher=s["teacher"],
    )
    for kind, value in ((s["kind"], "5"), (heavy, "2")):
        Mark.objects.create(
            school=s["school"],
            lesson=lesson,
            student=s["pupil"],
            work_kind=kind,
            value=value,
            author=s["teacher"],
        )
    # when
    grid = grid_for(
        user=s["teacher"], group=fresh_group(s), subject=s["subject"], today=MONDAY
    )
    # then
    assert grid.rows[0].average == Decimal("3.00")
    cell = grid.rows[0].cell_for(MONDAY, 2)
    assert sorted(m.value for m in cell.marks) == ["2", "5"]


def test_a_pupil_outside_the_membership_is_greyed(setup):
    # given: a pupil who joined on 24.11
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 12, 27))
    GroupMembershipFactory(group=s["group"], starts_on=datetime.date(2026, 11, 24))
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        grid = grid_for(user=s["teacher"], group=fresh_group(s), subject=s["subject"])
    # then
    newcomer = next(r for r in grid.rows if r.student.pk != s["pupil"].pk)
    assert not newcomer.cell_for(MONDAY, 2).in_group
    assert not newcomer.cell_for(MONDAY, 2).editable
    assert newcomer.cell_for(datetime.date(2026, 11, 30), 2).in_group


def test_a_cancelled_lesson_has_no_column(setup):
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 11, 28))
    TimetableChangeFactory(entry=s["entry"], date=MONDAY, kind="cancellation")
    grid = grid_for(
        user=s["teacher"], group=fresh_group(s), subject=s["subject"], today=MONDAY
    )
    assert MONDAY not in [c.date for c in grid.columns]


def test_class_teacher_reads_without_editing(setup):
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 12, 27))
    reader = member(Role.CLASS_TEACHER, s["school"])
    s["group"].school_class.class_teacher = reader
    s["group"].school_class.save()
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        grid = grid_for(user=reader, group=fresh_group(s), subject=s["subject"])
    assert grid.rows and not grid.can_edit
    assert "Только просмотр" in str(grid.columns[0].reason)


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PARENT, Role.STUDENT])
def test_others_get_404(setup, role):
    s = setup
    period(s, datetime.date(2026, 11, 5), datetime.date(2026, 12, 27))
    with pytest.raises(Http404):
        grid_for(
            user=member(role, s["school"]),
            group=fresh_group(s),
            subject=s["subject"],
            today=MONDAY,
        )
