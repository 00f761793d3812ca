"""The class teacher's view of a class: every subject, read only, with averages,
period marks and absences of each pupil for one period (C11)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.http import Http404

from journal import grading
from journal.models import Attendance, AttendanceValue, Mark, PeriodMark, PeriodMarkKind
from journal.selectors.grid import DEFERRED
from school import permissions as school_permissions
from school.models import (
    GroupKind,
    Role,
    SchoolClass,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    User,
)
from school.selectors.structure import group_members_between

READERS = (Role.DIRECTOR, Role.DEPUTY)


@dataclass
class SubjectColumn:
    subject: Subject
    groups: list[StudyGroup] = field(default_factory=list)
    teacher_names: list[str] = field(default_factory=list)


@dataclass
class ClassPupilRow:
    number: int
    student: Student
    averages: list[tuple[Decimal | None, str, str]] = field(default_factory=list)
    absences: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return self.student.user.get_full_name()

    @property
    def absence_counts(self) -> list[int]:
        """Lessons marked н, б, у, оп in the period, in that order."""
        return [self.absences[value] for value in AttendanceValue.values]


@dataclass
class ClassSummary:
    school_class: SchoolClass
    period: StudyPeriod | None
    periods: list[StudyPeriod]
    columns: list[SubjectColumn]
    rows: list[ClassPupilRow]
    attendance_values: list[str]


def can_read_class(user: User, school_class: SchoolClass) -> bool:
    """The class's own class teacher, and the school's director and deputies."""
    return school_permissions.is_class_teacher_of(
        user, school_class
    ) or school_permissions.has_school_role(user, school_class.school, *READERS)


def class_summary_get(
    user: User, school, class_id: int, period_id: int | None = None
) -> ClassSummary:
    """All subjects of the class for a period; 404 for anyone but its readers."""
    if school is None:
        raise Http404
    school_class = (
        SchoolClass.objects.for_school(school)
        .select_related("school", "year")
        .filter(pk=class_id)
        .first()
    )
    if school_class is None or not can_read_class(user, school_class):
        raise Http404
    periods = list(
        StudyPeriod.objects.for_school(school)
        .filter(
            scheme__year_id=school_class.year_id,
            scheme__grade_from__lte=school_class.grade,
            scheme__grade_to__gte=school_class.grade,
        )
        .order_by("starts_on")
    )
    if period_id is None:
        period = grading.current_period(periods, school.local_today())
    else:
        period = next((p for p in periods if p.pk == period_id), None)
        if period is None:
            raise Http404
    summary = ClassSummary(
        school_class, period, periods, [], [], list(AttendanceValue.values)
    )
    whole = (
        StudyGroup.objects.for_school(school)
        .filter(school_class=school_class, kind=GroupKind.CLASS)
        .select_related("school")
        .first()
    )
    if period is None or whole is None:
        return summary
    start, end = period.starts_on, period.ends_on
    students = list(
        {
            m.student_id: m.student for m in group_members_between(whole, start, end)
        }.values()
    )
    summary.columns = _columns(school, students, start, end)
    subject_ids = [column.subject.pk for column in summary.columns]
    marks = defaultdict(list)
    for mark in (
        Mark.objects.filter(
            school=school,
            student__in=students,
            lesson__subject_id__in=subject_ids,
            lesson__date__range=(start, end),
        )
        .select_related("work_kind")
        .annotate(subject_of=F("lesson__subject_id"))
    ):
        marks[(mark.student_id, mark.subject_of)].append(mark)
    finals = {
        (student_id, subject_id): value or (str(DEFERRED) if deferred else "")
        for student_id, subject_id, value, deferred in PeriodMark.objects.filter(
            school=school,
            student__in=students,
            period=period,
            kind=PeriodMarkKind.PERIOD,
        ).values_list("student_id", "subject_id", "value", "is_deferred")
    }
    absences = defaultdict(Counter)
    for student_id, value in Attendance.objects.filter(
        school=school, student__in=students, lesson__date__range=(start, end)
    ).values_list("student_id", "value"):
        absences[student_id][value] += 1
    for number, student in enumerate(students, start=1):
        row = ClassPupilRow(number, student, absences=absences[student.pk])
        for column in summary.columns:
            average = grading.weighted_average(marks[(student.pk, column.subject.pk)])
            row.averages.append(
                (
                    average,
                    grading.suggested_mark(average),
                    finals.get((student.pk, column.subject.pk), ""),
                )
            )
        summary.rows.append(row)
    return summary


def _columns(school, students, start, end) -> list[SubjectColumn]:
    """Each subject the class's pupils are taught in the period, by its group."""
    groups = (
        StudyGroup.objects.for_school(school)
        .filter(memberships__student__in=students)
        .filter(memberships__starts_on__lte=end)
        .exclude(memberships__ends_on__lt=start)
        .distinct()
    )
    columns: dict[int, SubjectColumn] = {}
    for assignment in (
        TeachingAssignment.objects.for_school(school)
        .filter(group__in=groups, starts_on__lte=end)
        .exclude(ends_on__lt=start)
        .select_related("subject", "group", "teacher")
        .order_by("subject__name", "group__name")
    ):
        column = columns.setdefault(
            assignment.subject_id, SubjectColumn(assignment.subject)
        )
        if assignment.group not in column.groups:
            column.groups.append(assignment.group)
        name = assignment.teacher.get_full_name()
        if name not in column.teacher_names:
            column.teacher_names.append(name)
    return list(columns.values())
