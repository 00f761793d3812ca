"""Reads of the teacher's day and the lesson page (C1, C2, C13)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from journal import permissions
from journal.models import (
    Homework,
    Lesson,
    ParentComment,
)
from school.models import (
    Holiday,
    LessonPlanItem,
    School,
    Student,
    StudyGroup,
    Subject,
    TimetableEntry,
    User,
    WorkKind,
)
from school.selectors.structure import grading_scale_for_grade, group_members_between
from school.selectors.timetable import ScheduledLesson, lessons_on

SATURDAY = 6


# --- Today's lessons (C1) ----------------------------------------------------------


@dataclass
class TeacherDay:
    lessons: list[ScheduledLesson]
    recorded: dict[tuple[int, int, int], Lesson]
    reason: str = ""  # "holiday", "no_timetable", "weekend", "free_day"
    holiday: Holiday | None = None


def teacher_day(user: User, school: School, day: datetime.date) -> TeacherDay:
    """The teacher's lessons of the day in lesson order, and why there are none."""
    lessons = lessons_on(school=school, day=day, teacher=user)
    recorded = {}
    if lessons:
        rows = Lesson.objects.for_school(school).filter(
            date=day, group_id__in={s.group.pk for s in lessons}
        )
        recorded = {(r.group_id, r.subject_id, r.lesson_number): r for r in rows}
        return TeacherDay(lessons, recorded)
    entries = TimetableEntry.objects.for_school(school).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day), teacher=user, starts_on__lte=day
    )
    grades = set(entries.values_list("group__grade", flat=True))
    holidays = Holiday.objects.for_school(school).on(day)
    holiday = next(
        (h for h in holidays if any(h.grade_from <= g <= h.grade_to for g in grades)),
        None,
    )
    if holiday is None and not grades:
        holiday = next(iter(holidays), None)
    if holiday is not None:
        return TeacherDay([], {}, "holiday", holiday)
    if not grades:
        return TeacherDay([], {}, "no_timetable")
    if day.isoweekday() >= SATURDAY:
        return TeacherDay([], {}, "weekend")
    return TeacherDay([], {}, "free_day")


# --- The lesson page (C2, C13) ------------------------------------------------------


@dataclass
class LessonSlot:
    group: StudyGroup
    subject: Subject
    date: datetime.date
    number: int
    scheduled: ScheduledLesson | None
    lesson: Lesson | None
    can_edit: bool
    pupils: list[Student] = field(default_factory=list)
    # A marks-free grade (grade 1): attendance and the lesson record, no homework.
    marks_free: bool = False


def group_subject_get(
    user: User, school: School | None, group_id: int, subject_id: int
) -> tuple[StudyGroup, Subject]:
    """A group and subject of the active school, or 404."""
    if school is None:
        raise Http404
    group = (
        StudyGroup.objects.for_school(school)
        .select_related("school", "school_class", "year")
        .filter(pk=group_id)
        .first()
    )
    subject = Subject.objects.for_school(school).filter(pk=subject_id).first()
    if group is None or subject is None:
        raise Http404
    return group, subject


def lesson_slot_get(
    user: User,
    school: School | None,
    group_id: int,
    subject_id: int,
    day: datetime.date,
    number: int,
) -> LessonSlot:
    """A timetabled (or held) lesson the user may keep or read; else 404."""
    group, subject = group_subject_get(user, school, group_id, subject_id)
    can_edit = permissions.can_keep_journal(user, group, subject, day)
    if not can_edit and not permissions.can_read_journal(user, group, subject):
        raise Http404
    lesson = (
        Lesson.objects.for_school(school)
        .filter(group=group, subject=subject, date=day, lesson_number=number)
        .select_related("teacher", "plan_item")
        .first()
    )
    scheduled = next(
        (
            s
            for s in lessons_on(school=school, day=day, group_ids=[group.pk])
            if s.subject.pk == subject.pk and s.lesson_number == number
        ),
        None,
    )
    if lesson is None and (scheduled is None or not scheduled.takes_place):
        raise Http404
    members = group_members_between(group, day, day)
    pupils = [m.student for m in members]
    scale = grading_scale_for_grade(school, group.grade)
    return LessonSlot(
        group,
        subject,
        day,
        number,
        scheduled,
        lesson,
        can_edit,
        pupils,
        marks_free=bool(scale and scale.is_marks_free),
    )


def plan_items_for(group: StudyGroup, subject: Subject):
    """The КТП of this group and subject, in plan order."""
    return (
        LessonPlanItem.objects.for_school(group.school)
        .filter(group=group, subject=subject)
        .order_by("number")
    )


def next_plan_item(group: StudyGroup, subject: Subject, items) -> LessonPlanItem | None:
    """The first КТП item not yet used by a lesson of this journal."""
    used = set(
        Lesson.objects.filter(group=group, subject=subject)
        .exclude(plan_item=None)
        .values_list("plan_item_id", flat=True)
    )
    return next((item for item in items if item.pk not in used), None)


def lesson_notes(lesson: Lesson | None) -> dict:
    """The lesson's homework (common and individual) and comments to parents."""
    if lesson is None:
        return {"common": None, "individual": [], "comments": []}
    homework = list(
        Homework.objects.filter(lesson=lesson).select_related("student__user")
    )
    comments = ParentComment.objects.filter(lesson=lesson).select_related(
        "student__user", "author"
    )
    return {
        "common": next((h for h in homework if h.student_id is None), None),
        "individual": [h for h in homework if h.student_id is not None],
        "comments": list(comments),
    }


def work_kinds_for(school: School):
    return WorkKind.objects.for_school(school).order_by("name")


def homework_file_get(user: User, school: School | None, homework_id: int) -> Homework:
    """A homework with a file, if the user keeps or reads its journal; else 404."""
    if school is None:
        raise Http404
    homework = (
        Homework.objects.for_school(school)
        .exclude(attachment="")
        .select_related("lesson__group__school", "lesson__subject")
        .filter(pk=homework_id)
        .first()
    )
    if homework is None:
        raise Http404
    lesson = homework.lesson
    if not (
        permissions.can_keep_journal(user, lesson.group, lesson.subject, lesson.date)
        or permissions.can_read_journal(user, lesson.group, lesson.subject)
    ):
        raise Http404
    return homework
