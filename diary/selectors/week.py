"""One pupil's diary week: timetable with its changes, topics, homework, marks,
attendance and teachers' comments (D1).

No permission checks here: callers (the diary pages, the weekly digest, the
printed extract) pass only pupils the reader may see. The cost is a constant
number of queries whatever the number of pupils, lessons, marks or homework.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext

from journal.models import Attendance, Homework, Lesson, Mark, ParentComment
from school.models import (
    ChangeKind,
    ControlWork,
    GroupKind,
    GroupMembership,
    Holiday,
    Room,
    Student,
    Subject,
    User,
)
from school.selectors.timetable import (
    ScheduledLesson,
    holiday_for,
    holidays_between,
    lessons_between,
)

ONE_DAY = datetime.timedelta(days=1)
WEEK_DAYS = 6  # Monday to Saturday; Sunday has no lessons


def monday_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekMark:
    value: str
    kind: str
    kind_short: str
    weight: Decimal
    is_control: bool
    comment: str
    entered_at: datetime.datetime


@dataclass(frozen=True)
class WeekHomework:
    id: int
    text: str
    is_individual: bool
    has_file: bool
    file_name: str


@dataclass(frozen=True)
class WeekComment:
    text: str
    author: User
    subject: Subject
    written_at: datetime.datetime


@dataclass
class WeekLesson:
    """One lesson slot of the week as the family sees it."""

    date: datetime.date
    number: int
    starts_at: datetime.time | None
    ends_at: datetime.time | None
    subject: Subject
    group_id: int
    teacher: User | None
    planned_teacher: User | None
    room: Room | None
    change: str | None = None
    is_cancelled: bool = False
    moved_from: tuple[datetime.date, int] | None = None
    moved_to: tuple[datetime.date, int] | None = None
    lesson_id: int | None = None
    topic: str = ""
    homework: list[WeekHomework] = field(default_factory=list)
    marks: list[WeekMark] = field(default_factory=list)
    attendance: str = ""
    attendance_label: str = ""
    comments: list[WeekComment] = field(default_factory=list)
    is_scheduled: bool = True

    @property
    def subject_name(self) -> str:
        return self.subject.name

    @property
    def teacher_name(self) -> str:
        return self.teacher.get_short_name() if self.teacher else ""

    @property
    def room_name(self) -> str:
        return self.room.name if self.room else ""

    @property
    def is_substituted(self) -> bool:
        return self.change == ChangeKind.SUBSTITUTION

    @property
    def takes_place(self) -> bool:
        return not self.is_cancelled and self.moved_to is None

    @property
    def note(self) -> str:
        """The change in words, in the active language."""
        if self.is_cancelled:
            return gettext("Lesson cancelled")
        if self.moved_to:
            day, number = self.moved_to
            return gettext("Moved to %(date)s, lesson %(number)s") % {
                "date": f"{day:%d.%m.%Y}",
                "number": number,
            }
        if self.moved_from:
            day, number = self.moved_from
            return gettext("Moved from %(date)s, lesson %(number)s") % {
                "date": f"{day:%d.%m.%Y}",
                "number": number,
            }
        if self.is_substituted and self.planned_teacher:
            return gettext("Substitution: instead of %(name)s") % {
                "name": self.planned_teacher.get_short_name()
            }
        if self.change == ChangeKind.ROOM:
            return gettext("Room changed")
        return ""


@dataclass
class DiaryDay:
    date: datetime.date
    lessons: list[WeekLesson] = field(default_factory=list)
    holiday: Holiday | None = None


@dataclass
class DiaryWeek:
    student: Student
    monday: datetime.date
    days: list[DiaryDay]
    control_works: list[ControlWork]
    holidays: list[Holiday]
    # Comments to parents not tied to a lesson of this week, written during it.
    comments: list[WeekComment]

    @property
    def saturday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=WEEK_DAYS - 1)

    @property
    def previous(self) -> datetime.date:
        return self.monday - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=7)

    @property
    def lessons(self) -> list[WeekLesson]:
        return [lesson for day in self.days for lesson in day.lessons]

    @property
    def marks_count(self) -> int:
        return sum(len(lesson.marks) for lesson in self.lessons)


def diary_week(student: Student, monday: datetime.date) -> DiaryWeek:
    """The pupil's week from Monday to Saturday. No permission check (callers')."""
    return diary_weeks([student], monday)[student.pk]


def _in_force(membership: GroupMembership, day: datetime.date) -> bool:
    return membership.starts_on <= day and (
        membership.ends_on is None or membership.ends_on >= day
    )


def _grade(memberships: list[GroupMembership]) -> int | None:
    """The pupil's grade from the whole-class group (any group as a fallback)."""
    whole = [m.group.grade for m in memberships if m.group.kind == GroupKind.CLASS]
    grades = whole or [m.group.grade for m in memberships]
    return max(grades) if grades else None


def diary_weeks(
    students: Iterable[Student], monday: datetime.date
) -> dict[int, DiaryWeek]:
    """Each pupil's diary week (pupil id → week), in a constant number of queries
    per school. No permission check (callers')."""
    by_school: dict[int, list[Student]] = defaultdict(list)
    for student in students:
        by_school[student.school_id].append(student)
    result: dict[int, DiaryWeek] = {}
    for pupils in by_school.values():
        result |= _school_weeks(pupils, monday)
    return result


def _school_weeks(students: list[Student], monday: datetime.date):
    school = students[0].school
    monday = monday_of(monday)
    saturday = monday + datetime.timedelta(days=WEEK_DAYS - 1)
    ids = [s.pk for s in students]

    memberships: dict[int, list[GroupMembership]] = defaultdict(list)
    rows = (
        GroupMembership.objects.for_school(school)
        .filter(student_id__in=ids)
        .within_dates(monday, saturday)
        .select_related("group")
    )
    for row in rows:
        memberships[row.student_id].append(row)
    group_ids = {m.group_id for ms in memberships.values() for m in ms}

    scheduled = lessons_between(
        school=school, start=monday, end=saturday, group_ids=group_ids
    )
    holidays = holidays_between(school=school, start=monday, end=saturday)

    marks = list(
        Mark.objects.for_school(school)
        .filter(student_id__in=ids, lesson__date__range=(monday, saturday))
        .select_related("work_kind")
        .order_by("created_at", "pk")
    )
    attendance = list(
        Attendance.objects.for_school(school).filter(
            student_id__in=ids, lesson__date__range=(monday, saturday)
        )
    )
    marked_lessons = {m.lesson_id for m in marks} | {a.lesson_id for a in attendance}
    week_lessons = Lesson.objects.for_school(school).filter(
        Q(group_id__in=group_ids, date__range=(monday, saturday))
        | Q(pk__in=marked_lessons)
    )
    lessons = list(
        week_lessons.select_related("subject", "teacher", "plan_item", "entry__room")
    )
    # A subquery rather than a list of ids: the same queries run for any week.
    lesson_ids = week_lessons.values("pk")
    homework = list(
        Homework.objects.for_school(school)
        .filter(lesson_id__in=lesson_ids)
        .filter(Q(student__isnull=True) | Q(student_id__in=ids))
        .order_by("student_id", "pk")
    )
    comments = list(
        ParentComment.objects.for_school(school)
        .filter(student_id__in=ids)
        .filter(
            Q(lesson_id__in=lesson_ids)
            | Q(
                lesson__isnull=True,
                created_at__date__range=(monday, saturday),
            )
        )
        .select_related("author", "subject")
        .order_by("created_at")
    )
    works = list(
        ControlWork.objects.for_school(school)
        .filter(group_id__in=group_ids, date__range=(monday, saturday))
        .select_related("subject", "work_kind")
        .order_by("date", "lesson_number")
    )

    context = _Context(
        lessons=lessons,
        marks=marks,
        attendance=attendance,
        homework=homework,
        comments=comments,
    )
    return {
        student.pk: _week_of(
            student,
            monday,
            memberships.get(student.pk, []),
            scheduled,
            holidays,
            works,
            context,
        )
        for student in students
    }


class _Context:
    """The week's journal rows of all pupils, indexed for assembling each week."""

    def __init__(self, *, lessons, marks, attendance, homework, comments):
        self.lessons = {lesson.pk: lesson for lesson in lessons}
        self.by_slot = {
            (r.group_id, r.subject_id, r.date, r.lesson_number): r for r in lessons
        }
        self.marks: dict[tuple[int, int], list[Mark]] = defaultdict(list)
        for mark in marks:
            self.marks[(mark.student_id, mark.lesson_id)].append(mark)
        self.attendance = {(a.student_id, a.lesson_id): a for a in attendance}
        self.homework: dict[int, list[Homework]] = defaultdict(list)
        for item in homework:
            self.homework[item.lesson_id].append(item)
        self.comments: dict[tuple[int, int | None], list[ParentComment]] = defaultdict(
            list
        )
        for comment in comments:
            self.comments[(comment.student_id, comment.lesson_id)].append(comment)
        self.touched: dict[int, set[int]] = defaultdict(set)
        for student_id, lesson_id in [*self.marks, *self.attendance]:
            self.touched[student_id].add(lesson_id)


def _week_of(student, monday, memberships, scheduled, holidays, works, context):
    grade = _grade(memberships)
    days = {
        monday + ONE_DAY * n: DiaryDay(date=monday + ONE_DAY * n)
        for n in range(WEEK_DAYS)
    }
    for day in days.values():
        if grade is not None:
            day.holiday = holiday_for(holidays, day.date, grade)
    groups: dict[int, list[GroupMembership]] = defaultdict(list)
    for membership in memberships:
        groups[membership.group_id].append(membership)

    def attends(group_id: int, day: datetime.date) -> bool:
        return any(_in_force(m, day) for m in groups.get(group_id, ()))

    used: set[int] = set()
    for item in scheduled:
        if not attends(item.group.pk, item.date):
            continue
        row = context.by_slot.get(
            (item.group.pk, item.subject.pk, item.date, item.lesson_number)
        )
        lesson = _from_schedule(item)
        if row is not None:
            used.add(row.pk)
            _fill(lesson, row, student, context)
        days[item.date].lessons.append(lesson)
    # Lessons held off the timetable, or where the pupil has a mark after a move.
    for row in context.lessons.values():
        if row.pk in used or row.date not in days:
            continue
        if not attends(row.group_id, row.date) and (
            row.pk not in context.touched[student.pk]
        ):
            continue
        lesson = WeekLesson(
            date=row.date,
            number=row.lesson_number,
            starts_at=None,
            ends_at=None,
            subject=row.subject,
            group_id=row.group_id,
            teacher=row.teacher,
            planned_teacher=row.teacher,
            room=row.entry.room if row.entry else None,
            is_scheduled=False,
        )
        _fill(lesson, row, student, context)
        days[row.date].lessons.append(lesson)
    for day in days.values():
        day.lessons.sort(key=lambda x: (x.number, x.subject.name, x.group_id))

    own_works = [w for w in works if attends(w.group_id, w.date)]
    loose = [_comment(c) for c in context.comments.get((student.pk, None), [])]
    return DiaryWeek(
        student=student,
        monday=monday,
        days=list(days.values()),
        control_works=own_works,
        holidays=[
            h for h in holidays if grade is None or h.grade_from <= grade <= h.grade_to
        ],
        comments=loose,
    )


def _from_schedule(item: ScheduledLesson) -> WeekLesson:
    return WeekLesson(
        date=item.date,
        number=item.lesson_number,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        subject=item.subject,
        group_id=item.group.pk,
        teacher=item.teacher,
        planned_teacher=item.planned_teacher,
        room=item.room,
        change=item.change,
        is_cancelled=item.is_cancelled,
        moved_from=item.moved_from,
        moved_to=item.moved_to,
    )


def _fill(lesson: WeekLesson, row: Lesson, student: Student, context) -> None:
    """Put what the journal holds for the pupil at this lesson onto the slot."""
    lesson.lesson_id = row.pk
    # Who actually taught it, as the journal recorded it (C5).
    lesson.teacher = row.teacher
    if row.is_substitution and lesson.change is None:
        lesson.change = ChangeKind.SUBSTITUTION
    lesson.topic = row.topic or (row.plan_item.topic if row.plan_item else "")
    lesson.homework = [
        WeekHomework(
            id=h.pk,
            text=h.text,
            is_individual=h.student_id is not None,
            has_file=bool(h.attachment),
            file_name=h.attachment.name.rsplit("/", 1)[-1] if h.attachment else "",
        )
        for h in context.homework.get(row.pk, [])
        if h.student_id in (None, student.pk)
    ]
    lesson.marks = [
        WeekMark(
            value=m.value,
            kind=m.work_kind.name,
            kind_short=m.work_kind.short_name or m.work_kind.name,
            weight=m.work_kind.weight,
            is_control=m.work_kind.is_control,
            comment=m.comment,
            entered_at=m.created_at,
        )
        for m in context.marks.get((student.pk, row.pk), [])
    ]
    presence = context.attendance.get((student.pk, row.pk))
    if presence is not None:
        lesson.attendance = presence.value
        lesson.attendance_label = presence.get_value_display()
    lesson.comments = [
        _comment(c) for c in context.comments.get((student.pk, row.pk), [])
    ]


def _comment(comment: ParentComment) -> WeekComment:
    return WeekComment(
        text=comment.text,
        author=comment.author,
        subject=comment.subject,
        written_at=comment.created_at,
    )
