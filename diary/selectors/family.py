"""Reads for the family side, narrowed to the reader's own children (A4)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from journal import grading
from journal.models import Attendance, Homework, Mark, PeriodMark
from journal.selectors.periods import periods_for_group
from school.models import (
    ControlWork,
    GradingScale,
    GroupKind,
    GroupMembership,
    Holiday,
    Role,
    School,
    SchoolClass,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    User,
)
from school.selectors.accounts import academic_year_current
from school.selectors.plans import control_work_list_for_group
from school.selectors.structure import grading_scale_for_grade

UPCOMING_DAYS = 30


def children_for_parent(user: User, school: School) -> list[Student]:
    """The parent's own children in this school, and nobody else's."""
    return list(
        Student.objects.for_school(school)
        .filter(guardian_relations__guardian__user=user)
        .select_related("user", "school")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )


def self_for_student(user: User, school: School) -> list[Student]:
    return list(
        Student.objects.for_school(school)
        .filter(user=user)
        .select_related("user", "school")
    )


def control_works_upcoming(
    students: list[Student], today: datetime.date, days: int = UPCOMING_DAYS
) -> dict[int, list[ControlWork]]:
    """Each pupil's control works of the coming days, by their dated groups."""
    end = today + datetime.timedelta(days=days)
    memberships = list(
        GroupMembership.objects.filter(student__in=students).within_dates(today, end)
    )
    works = control_work_list_for_group({m.group_id for m in memberships}, today, end)
    by_group = defaultdict(list)
    for work in works:
        by_group[work.group_id].append(work)
    result: dict[int, list[ControlWork]] = {s.pk: [] for s in students}
    for membership in memberships:
        last = membership.ends_on or end
        result[membership.student_id] += [
            w
            for w in by_group[membership.group_id]
            if membership.starts_on <= w.date <= last
        ]
    for works_of_pupil in result.values():
        works_of_pupil.sort(key=lambda w: (w.date, w.lesson_number or 0))
    return result


# --- Access: whose diary the reader may open (A4) ----------------------------------


def pupils_for_reader(user: User, membership) -> list[Student]:
    """The pupils whose diary the active role may read: own children, or self."""
    if membership is None or membership.school is None:
        return []
    if membership.role == Role.PARENT:
        return children_for_parent(user, membership.school)
    if membership.role == Role.STUDENT:
        return self_for_student(user, membership.school)
    return []


def pupil_get_for_diary(
    user: User, membership, student_id: int
) -> tuple[Student, list[Student]]:
    """The pupil (and all the reader's pupils, for switching); foreign = 404."""
    pupils = pupils_for_reader(user, membership)
    pupil = next((p for p in pupils if p.pk == student_id), None)
    if pupil is None:
        raise Http404
    return pupil, pupils


def homework_get_for_file(student: Student, homework_id: int) -> Homework:
    """A homework file the pupil was given: common to a group the pupil was in on
    the lesson's day, or the pupil's own; anything else is 404."""
    item = (
        Homework.objects.for_school(student.school)
        .filter(pk=homework_id)
        .filter(Q(student__isnull=True) | Q(student=student))
        .exclude(attachment="")
        .select_related("lesson")
        .first()
    )
    if item is None:
        raise Http404
    if item.student_id is None:
        day = item.lesson.date
        if (
            not GroupMembership.objects.for_school(student.school)
            .filter(student=student, group_id=item.lesson.group_id)
            .on(day)
            .exists()
        ):
            raise Http404
    return item


# --- The pupil's groups, grade and periods ---------------------------------------


def memberships_between(
    student: Student, start: datetime.date, end: datetime.date
) -> list[GroupMembership]:
    return list(
        GroupMembership.objects.for_school(student.school)
        .filter(student=student)
        .within_dates(start, end)
        .select_related("group__school_class__class_teacher", "group__year")
    )


def class_group(memberships: list[GroupMembership]) -> StudyGroup | None:
    """The whole-class group among the memberships (the latest), else any group."""
    ordered = sorted(memberships, key=lambda m: m.starts_on, reverse=True)
    whole = [m.group for m in ordered if m.group.kind == GroupKind.CLASS]
    others = [m.group for m in ordered]
    return (whole or others or [None])[0]


def periods_for_pupil(group: StudyGroup | None) -> list[StudyPeriod]:
    """The periods of the pupil's year and grade, in order."""
    if group is None:
        return []
    return list(periods_for_group(group))


# --- Marks by subject for a period, with the forecast (D1, D2, D6) ----------------


@dataclass
class SubjectRow:
    subject: Subject
    marks: list[Mark]
    absences: int
    forecast: grading.Forecast | None
    finals: dict[tuple[str, int | None], PeriodMark] = field(default_factory=dict)

    def final(self, kind: str, period_id: int | None = None) -> PeriodMark | None:
        return self.finals.get((kind, period_id))


def subject_rows_for_period(
    student: Student, period: StudyPeriod, periods: list[StudyPeriod], today
) -> tuple[list[SubjectRow], GradingScale | None]:
    """Each subject's marks in the period, its forecast, and its final marks."""
    school = student.school
    start, end = period.starts_on, period.ends_on
    memberships = memberships_between(student, start, end)
    group_ids = {m.group_id for m in memberships}
    group = class_group(memberships)
    scale = grading_scale_for_grade(school, group.grade) if group else None
    marks = list(
        Mark.objects.for_school(school)
        .filter(student=student, lesson__date__range=(start, end))
        .select_related("work_kind", "lesson__subject")
        .order_by("lesson__date", "lesson__lesson_number", "pk")
    )
    attendance = list(
        Attendance.objects.for_school(school)
        .filter(student=student, lesson__date__range=(start, end))
        .values_list("lesson__subject_id", "value")
    )
    assignments = (
        TeachingAssignment.objects.for_school(school)
        .filter(group_id__in=group_ids, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("subject")
    )
    year_periods = [p.pk for p in periods]
    finals = PeriodMark.objects.for_school(school).filter(
        Q(period_id__in=year_periods) | Q(period__isnull=True), student=student
    )
    subjects: dict[int, Subject] = {}
    hours: dict[int, Decimal] = {}
    for item in assignments:
        subjects[item.subject_id] = item.subject
        hours[item.subject_id] = max(hours.get(item.subject_id, 0), item.hours_per_week)
    by_subject: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        subjects.setdefault(mark.lesson.subject_id, mark.lesson.subject)
        by_subject[mark.lesson.subject_id].append(mark)
    presence: dict[int, list[str]] = defaultdict(list)
    for subject_id, value in attendance:
        presence[subject_id].append(value)
    final_by: dict[int, dict] = defaultdict(dict)
    for row in finals:
        final_by[row.subject_id][(row.kind, row.period_id)] = row
    marks_free = scale is not None and scale.is_marks_free
    rows = [
        SubjectRow(
            subject=subject,
            marks=by_subject[pk],
            absences=grading.count_absences(presence[pk]).missed,
            forecast=None
            if marks_free
            else grading.forecast(
                marks=by_subject[pk],
                attendance=presence[pk],
                hours_per_week=hours.get(pk),
                scale_values=scale.values if scale else [],
                pass_threshold=scale.pass_threshold if scale else "",
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                today=today,
            ),
            finals=final_by[pk],
        )
        for pk, subject in subjects.items()
    ]
    rows.sort(key=lambda r: r.subject.name)
    return rows, scale


# --- Teachers, holidays and control works of the pupil's class (D1) --------------


@dataclass
class ClassInfo:
    school_class: SchoolClass | None
    teachers: list[tuple[Subject, User]]
    holidays: list[Holiday]
    control_works: list[ControlWork]


def class_info_for_pupil(
    student: Student, today: datetime.date, period: StudyPeriod | None
) -> ClassInfo:
    """Who teaches the pupil what, the year's holidays, the period's control works."""
    school = student.school
    memberships = memberships_between(student, today, today)
    group = class_group(memberships)
    teachers = []
    if memberships:
        assignments = (
            TeachingAssignment.objects.for_school(school)
            .filter(
                group_id__in={m.group_id for m in memberships}, starts_on__lte=today
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .select_related("subject", "teacher")
            .order_by("subject__name", "teacher__last_name")
        )
        teachers = [(a.subject, a.teacher) for a in assignments]
    holidays = []
    if group is not None:
        holidays = list(
            Holiday.objects.for_school(school)
            .filter(year=group.year, grade_from__lte=group.grade)
            .filter(grade_to__gte=group.grade)
            .order_by("starts_on")
        )
    works = []
    if period is not None:
        days = (period.ends_on - period.starts_on).days
        works = control_works_upcoming([student], period.starts_on, days)[student.pk]
    return ClassInfo(
        school_class=group.school_class if group else None,
        teachers=teachers,
        holidays=holidays,
        control_works=works,
    )


def year_classes_for(
    user: User, school: School | None, *, school_wide, per_class
) -> list[SchoolClass]:
    """The year's classes for whoever passes `school_wide(user, school)`, else the
    user's own classes that pass `per_class(user, school_class)`."""
    if school is None:
        return []
    year = academic_year_current(school)
    classes = SchoolClass.objects.for_school(school).select_related("school")
    if year is not None:
        classes = classes.filter(year=year)
    if school_wide(user, school):
        return list(classes)
    return [c for c in classes.filter(class_teacher=user) if per_class(user, c)]
