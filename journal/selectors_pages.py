"""Reads of the teacher's and deputy's journal pages other than the grid."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from school.models import (
    Holiday,
    LessonPlanItem,
    School,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    TimetableEntry,
    User,
    WorkKind,
)
from school.selectors.structure import group_members_between
from school.selectors.timetable import ScheduledLesson, lessons_on

from . import permissions
from .models import (
    VALID_ABSENCES,
    Attendance,
    CorrectionRequest,
    CorrectionStatus,
    Homework,
    Lesson,
    Mark,
    ParentComment,
    PeriodMark,
    PeriodMarkKind,
)
from .services_periods import suggested_mark, weighted_average

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
    return LessonSlot(group, subject, day, number, scheduled, lesson, can_edit, pupils)


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


# --- Correction requests (C7) -----------------------------------------------------


def _requests(school: School):
    return CorrectionRequest.objects.for_school(school).select_related(
        "teacher", "group", "subject", "reviewed_by"
    )


def correction_list_for_teacher(user: User, school: School | None) -> list:
    if school is None:
        raise Http404
    return list(_requests(school).filter(teacher=user))


def correction_queue_for_decider(user: User, school: School | None) -> dict:
    """Pending requests of the school first, then decided ones; deciders only."""
    if school is None or not permissions.can_decide_corrections(user, school):
        raise Http404
    rows = _requests(school)
    return {
        "pending": list(
            rows.filter(status=CorrectionStatus.PENDING).order_by("created_at")
        ),
        "decided": list(rows.exclude(status=CorrectionStatus.PENDING)[:100]),
    }


def correction_get_for_decide(
    user: User, school: School | None, request_id: int
) -> CorrectionRequest:
    if school is None or not permissions.can_decide_corrections(user, school):
        raise Http404
    request = _requests(school).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


# --- Period marks (C9, C10) -------------------------------------------------------


def required_marks(hours: Decimal | None) -> int:
    """Marks needed for attestation by the weekly load (003 §2.3.1).

    «не менее трех-пяти отметок (при 1-часовой недельной нагрузке) и не менее 8-10
    отметок (при учебной нагрузке более 2 часов в неделю), для предметов с большим
    количеством часов количество отметок увеличивается пропорционально»: 3 at up to
    1 h/week, 5 at up to 2 h/week, 8 at up to 3 h/week, then two more for each
    further hour, capped at 15.
    """
    if hours is None or hours <= 1:
        return 3
    if hours <= 2:
        return 5
    extra = max(Decimal(0), hours - 3) * 2
    return min(8 + int(extra.to_integral_value()), 15)


def periods_for_group(group: StudyGroup):
    grade = group.grade
    return (
        StudyPeriod.objects.for_school(group.school)
        .filter(scheme__year=group.year_id)
        .filter(scheme__grade_from__lte=grade, scheme__grade_to__gte=grade)
        .select_related("scheme", "closed_by")
        .order_by("starts_on", "number")
    )


@dataclass
class PupilRow:
    student: Student
    marks: list[Mark]
    average: Decimal | None
    suggested: str
    absences: int
    valid_absences: int
    period_mark: PeriodMark | None
    required: int

    @property
    def exempt(self) -> bool:
        """Mostly absent for valid reasons (б, у): the count rule does not apply."""
        return self.valid_absences > 0 and self.valid_absences * 2 > self.absences

    @property
    def too_few(self) -> bool:
        return len(self.marks) < self.required and not self.exempt


def period_rows(
    group: StudyGroup, subject: Subject, period: StudyPeriod
) -> tuple[list[PupilRow], int]:
    """Each pupil's marks, weighted average, suggestion and absences in the period."""
    start, end = period.starts_on, period.ends_on
    pupils = {m.student.pk: m.student for m in group_members_between(group, start, end)}
    in_period = {
        "lesson__group": group,
        "lesson__subject": subject,
        "lesson__date__range": (start, end),
        "student_id__in": list(pupils),
    }
    marks = Mark.objects.filter(**in_period).select_related("work_kind")
    absences = Attendance.objects.filter(**in_period).values_list("student_id", "value")
    finals = PeriodMark.objects.filter(
        subject=subject,
        period=period,
        kind=PeriodMarkKind.PERIOD,
        student_id__in=list(pupils),
    )
    assignment = (
        TeachingAssignment.objects.filter(group=group, subject=subject)
        .filter(starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by("-hours_per_week")
        .first()
    )
    required = required_marks(assignment.hours_per_week if assignment else None)
    by_pupil: dict[int, list[Mark]] = {pk: [] for pk in pupils}
    for mark in marks.order_by("lesson__date", "lesson__lesson_number"):
        by_pupil[mark.student_id].append(mark)
    missed = {pk: [0, 0] for pk in pupils}
    for student_id, value in absences:
        if value in VALID_ABSENCES:
            missed[student_id][1] += 1
        if value != "оп":
            missed[student_id][0] += 1
    final_by = {row.student_id: row for row in finals}
    rows = []
    for pk, student in pupils.items():
        average = weighted_average(by_pupil[pk])
        rows.append(
            PupilRow(
                student=student,
                marks=by_pupil[pk],
                average=average,
                suggested=suggested_mark(average),
                absences=missed[pk][0],
                valid_absences=missed[pk][1],
                period_mark=final_by.get(pk),
                required=required,
            )
        )
    return rows, required


def periods_for_school(school: School):
    return StudyPeriod.objects.for_school(school).select_related("scheme", "closed_by")


def periods_to_close(school: School) -> list[StudyPeriod]:
    """The current year's periods that have ended or are under way, for closing."""
    from school.selectors.accounts import academic_year_current

    year = academic_year_current(school)
    if year is None:
        return []
    return list(
        periods_for_school(school)
        .filter(scheme__year=year, starts_on__lte=school.local_today())
        .order_by("scheme__grade_from", "starts_on")
    )


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
