"""Reads of the journal: the class journal grid of one group and subject (C1–C4).

`grid_for` costs a constant number of queries whatever the class size and the
number of lessons; the grid tests assert it at two sizes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from journal import grading, permissions, rules
from journal.models import Attendance, Lesson, Mark, PeriodMark, PeriodMarkKind
from school.models import (
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    User,
    WorkKind,
)
from school.selectors.structure import grading_scale_for_grade, group_members_between
from school.selectors.timetable import ScheduledLesson, default_bells, lessons_between
from school.work_kinds import default_work_kind

READ_ONLY = _("Read only: this journal is kept by the subject's teacher.")
NOT_A_MEMBER = _("The pupil was not in the group on this date.")
DEFERRED = _("deferred")


@dataclass
class Column:
    """One lesson of the period: timetabled, held (has a Lesson row) or both."""

    date: datetime.date
    lesson_number: int
    lesson_id: int | None = None
    editable: bool = False
    reason: str = ""
    is_today: bool = False
    correctable: bool = False  # locked for the keeper: a correction request may help
    opens_at: datetime.time | None = None  # the keeper's lesson has not started yet

    def __post_init__(self) -> None:
        # Strings the template repeats for every pupil, computed once per column.
        self.key = f"{self.date:%Y%m%d}-{self.lesson_number}"
        self.iso = self.date.isoformat()

    def finish(self) -> None:
        self.reason = str(self.reason)


@dataclass
class MarkEntry:
    value: str
    kind_id: int
    kind_name: str
    kind_short: str
    comment: str = ""


class _Scored(NamedTuple):
    """A mark as the grid and the weighted average need it, without a model."""

    lesson_id: int
    value: str
    comment: str
    work_kind: WorkKind

    @property
    def weight(self) -> Decimal:
        return self.work_kind.weight

    def entry(self) -> MarkEntry:
        """What a cell shows of the mark."""
        kind = self.work_kind
        return MarkEntry(self.value, kind.pk, kind.name, kind.short_name, self.comment)


@dataclass
class Cell:
    column: Column
    student_id: int
    in_group: bool
    marks: list[MarkEntry] = field(default_factory=list)
    attendance: str = ""

    @property
    def editable(self) -> bool:
        return self.in_group and self.column.editable

    @property
    def reason(self) -> str:
        return self.column.reason if self.in_group else str(NOT_A_MEMBER)

    @property
    def css(self) -> str:
        classes = ["jg-cell"]
        if self.column.is_today:
            classes.append("jg-today")
        if not self.in_group:
            classes.append("jg-out")
        elif not self.column.editable:
            classes.append("jg-locked")
        return " ".join(classes)

    @property
    def text(self) -> str:
        """What the cell shows: «5 4 н»."""
        values = [mark.value for mark in self.marks]
        return " ".join([*values, self.attendance] if self.attendance else values)


@dataclass
class Row:
    number: int
    student: Student
    spans: list[tuple[datetime.date, datetime.date | None]]
    cells: list[Cell] = field(default_factory=list)
    average: Decimal | None = None
    period_mark: str = ""

    @property
    def forecast(self) -> str:
        """The period mark the weighted average points to, by the rounding rule."""
        return grading.suggested_mark(self.average)

    @property
    def cells_html(self):
        from journal.grid_html import row_cells_html

        return row_cells_html(self)

    @property
    def name(self) -> str:
        return self.student.user.get_full_name()

    def cell_for(self, date: datetime.date, lesson_number: int) -> Cell | None:
        for cell in self.cells:
            if (cell.column.date, cell.column.lesson_number) == (date, lesson_number):
                return cell
        return None


@dataclass
class Grid:
    group: StudyGroup
    subject: Subject
    period: StudyPeriod | None
    periods: list[StudyPeriod]
    today: datetime.date
    columns: list[Column]
    rows: list[Row]
    work_kinds: list[WorkKind]
    default_kind: WorkKind | None = None
    marks_free: bool = False
    is_keeper: bool = False

    @property
    def can_edit(self) -> bool:
        return any(column.editable for column in self.columns)

    @property
    def opens_at(self) -> datetime.time | None:
        """When today's first lesson not yet begun opens for the keeper's entries."""
        waiting = [c for c in self.columns if c.is_today and c.opens_at is not None]
        return waiting[0].opens_at if waiting else None


def _periods(group: StudyGroup) -> list[StudyPeriod]:
    """The periods of the scheme that covers the group's grade in its year."""
    return list(
        StudyPeriod.objects.for_school(group.school)
        .filter(
            scheme__year_id=group.year_id,
            scheme__grade_from__lte=group.grade,
            scheme__grade_to__gte=group.grade,
        )
        .order_by("starts_on")
    )


def _starts_at(bells: dict, lesson_number: int) -> datetime.time:
    """The lesson's start by the default bells read once for the whole grid."""
    bell = bells.get(lesson_number)
    if bell is not None:
        return bell.starts_at
    return rules.default_bell(lesson_number)[0]


def _columns(
    scheduled: list[ScheduledLesson], lessons: Iterable[Lesson]
) -> list[Column]:
    by_slot: dict[tuple, Column] = {}
    for item in scheduled:
        if item.takes_place:
            slot = (item.date, item.lesson_number)
            by_slot.setdefault(slot, Column(*slot))
    for lesson in lessons:
        slot = (lesson.date, lesson.lesson_number)
        by_slot.setdefault(slot, Column(*slot)).lesson_id = lesson.pk
    return [by_slot[slot] for slot in sorted(by_slot)]


def _set_editable(column, *, keeps, period, bells, school, now, today) -> None:
    column.is_today = column.date == today
    if not keeps(column.date):
        column.reason = READ_ONLY
        return
    starts_at = _starts_at(bells, column.lesson_number)
    state = rules.entry_state(
        school, column.date, starts_at, period_closed=period.is_closed, moment=now
    )
    column.editable = state == rules.OPEN
    column.correctable = state in (rules.CLOSED, rules.PERIOD_IS_CLOSED)
    column.reason = rules.REFUSALS.get(state, "")
    if state == rules.EARLY:
        column.opens_at = starts_at


def _in_group(spans, day: datetime.date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in spans)


def grid_for(
    *,
    user: User,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod | None = None,
    today: datetime.date | None = None,
    student_ids: Iterable[int] | None = None,
) -> Grid:
    """The journal page of a group and subject for one period: its teachers keep it,
    the class teacher and the administration read it (C1, C11); others get 404."""
    school = group.school
    if subject.school_id != school.pk:
        raise Http404
    today = today or school.local_today()
    periods = _periods(group)
    if period is not None and period.pk not in {p.pk for p in periods}:
        raise Http404
    period = period or grading.current_period(periods, today)
    start, end = (period.starts_on, period.ends_on) if period else (today, today)
    scheduled = [
        s
        for s in lessons_between(
            school=school, start=start, end=end, group_ids=[group.pk]
        )
        if s.subject.pk == subject.pk
    ]
    keeps, substitutes = permissions.keeper_days(user, group, subject, scheduled)
    if not substitutes and not permissions.can_read_journal(user, group, subject):
        raise Http404
    # Every kind, for marks of kinds since retired; new marks take the active ones.
    kinds = {kind.pk: kind for kind in WorkKind.objects.for_school(school)}
    work_kinds = sorted(
        (kind for kind in kinds.values() if kind.is_active), key=lambda k: k.name
    )
    default_kind = default_work_kind(school, work_kinds)
    scale = grading_scale_for_grade(school, group.grade)
    grid = Grid(
        group=group,
        subject=subject,
        period=period,
        periods=periods,
        today=today,
        columns=[],
        rows=[],
        work_kinds=work_kinds,
        default_kind=default_kind,
        marks_free=bool(scale and scale.is_marks_free),
    )
    if period is None:
        return grid
    in_period = {
        "lesson__group": group,
        "lesson__subject": subject,
        "lesson__date__range": (start, end),
    }
    lessons = Lesson.objects.filter(
        group=group, subject=subject, date__range=(start, end)
    ).only("pk", "date", "lesson_number")
    grid.columns = _columns(scheduled, lessons)
    bells, now = default_bells(school), rules.now()
    for column in grid.columns:
        _set_editable(
            column,
            keeps=keeps,
            period=period,
            bells=bells,
            school=school,
            now=now,
            today=today,
        )
        column.finish()
    grid.is_keeper = keeps(today) or any(keeps(c.date) for c in grid.columns)
    memberships = group_members_between(group, start, end)
    wanted = set(student_ids) if student_ids is not None else None
    spans: dict[int, list] = defaultdict(list)
    students: dict[int, Student] = {}
    for membership in memberships:
        if wanted is None or membership.student_id in wanted:
            students.setdefault(membership.student_id, membership.student)
            spans[membership.student_id].append(
                (membership.starts_on, membership.ends_on)
            )
    only_pupils = Q() if wanted is None else Q(student_id__in=wanted)
    marks = defaultdict(list)
    for student_id, lesson_id, value, comment, kind_id in (
        Mark.objects.filter(only_pupils, school=school, **in_period)
        .order_by("lesson__date", "lesson__lesson_number", "work_kind__name")
        .values_list("student_id", "lesson_id", "value", "comment", "work_kind_id")
    ):
        marks[student_id].append(_Scored(lesson_id, value, comment, kinds[kind_id]))
    attendance = {
        (student_id, lesson_id): value
        for student_id, lesson_id, value in Attendance.objects.filter(
            only_pupils, school=school, **in_period
        ).values_list("student_id", "lesson_id", "value")
    }
    period_marks = {
        student_id: (str(DEFERRED) if deferred and not value else value)
        for student_id, value, deferred in PeriodMark.objects.filter(
            only_pupils,
            school=school,
            group=group,
            subject=subject,
            period=period,
            kind=PeriodMarkKind.PERIOD,
        ).values_list("student_id", "value", "is_deferred")
    }
    for number, (student_id, student) in enumerate(students.items(), start=1):
        row = Row(number=number, student=student, spans=spans[student_id])
        row.period_mark = period_marks.get(student_id, "")
        by_lesson = defaultdict(list)
        for mark in marks[student_id]:
            by_lesson[mark.lesson_id].append(mark.entry())
        for column in grid.columns:
            row.cells.append(
                Cell(
                    column=column,
                    student_id=student_id,
                    in_group=_in_group(row.spans, column.date),
                    marks=by_lesson.get(column.lesson_id, []),
                    attendance=attendance.get((student_id, column.lesson_id), ""),
                )
            )
        row.average = grading.weighted_average(marks[student_id])
        grid.rows.append(row)
    return grid


def grid_cell_after_save(
    *,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    column: Column,
    lesson: Lesson | None,
    student: Student,
) -> tuple[Cell, Row]:
    """One cell and its row's average after an entry, in two queries: the rest of
    the grid is unchanged. The caller has just been through the service's checks."""
    column.lesson_id = lesson.pk if lesson is not None else None
    marks = [
        _Scored(mark.lesson_id, mark.value, mark.comment, mark.work_kind)
        for mark in Mark.objects.filter(
            school=group.school,
            student=student,
            lesson__group=group,
            lesson__subject=subject,
            lesson__date__range=(period.starts_on, period.ends_on),
        )
        .select_related("work_kind")
        .order_by("work_kind__name")
    ]
    attendance = ""
    if lesson is not None:
        attendance = (
            Attendance.objects.filter(lesson=lesson, student=student)
            .values_list("value", flat=True)
            .first()
        ) or ""
    cell = Cell(
        column=column,
        student_id=student.pk,
        in_group=True,
        marks=[m.entry() for m in marks if m.lesson_id == column.lesson_id],
        attendance=attendance,
    )
    row = Row(number=0, student=student, spans=[], cells=[cell])
    row.average = grading.weighted_average(marks)
    return cell, row


def cell_from_state(state, column: Column, student_id: int) -> tuple[Cell, Row]:
    """The cell and its row's average from what cell_enter returned: no query."""
    column.lesson_id = state.lesson_id
    cell = Cell(
        column=column,
        student_id=student_id,
        in_group=True,
        marks=[
            MarkEntry(
                m.value,
                m.work_kind_id,
                m.work_kind.name,
                m.work_kind.short_name,
                m.comment,
            )
            for m in sorted(state.marks, key=lambda m: m.work_kind.name)
            if state.lesson_id is not None and m.lesson_id == state.lesson_id
        ],
        attendance=state.attendance,
    )
    row = Row(number=0, student=Student(pk=student_id), spans=[], cells=[cell])
    row.average = grading.weighted_average(state.marks)
    return cell, row
