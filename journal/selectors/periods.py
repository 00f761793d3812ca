"""Periods of a group or a school, and the rows of the period marks page (C8–C10)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from journal import grading
from journal.models import (
    Attendance,
    Mark,
    PeriodMark,
    PeriodMarkKind,
)
from school.models import (
    School,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from school.selectors.structure import group_members_between

# --- Period marks (C9, C10) -------------------------------------------------------


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
class PeriodMarkRow:
    """One pupil on the period marks page: the figures behind the period mark."""

    student: Student
    marks: list[Mark]
    average: Decimal | None
    suggested: str
    absences: grading.Absences
    period_mark: PeriodMark | None
    required: int

    @property
    def exempt(self) -> bool:
        return self.absences.exempt

    @property
    def too_few(self) -> bool:
        return grading.too_few_marks(len(self.marks), self.required, exempt=self.exempt)


def period_rows(
    group: StudyGroup, subject: Subject, period: StudyPeriod
) -> tuple[list[PeriodMarkRow], int]:
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
    required = grading.required_marks(assignment.hours_per_week if assignment else None)
    by_pupil: dict[int, list[Mark]] = {pk: [] for pk in pupils}
    for mark in marks.order_by("lesson__date", "lesson__lesson_number"):
        by_pupil[mark.student_id].append(mark)
    attendance: dict[int, list[str]] = {pk: [] for pk in pupils}
    for student_id, value in absences:
        attendance[student_id].append(value)
    final_by = {row.student_id: row for row in finals}
    rows = []
    for pk, student in pupils.items():
        average = grading.weighted_average(by_pupil[pk])
        rows.append(
            PeriodMarkRow(
                student=student,
                marks=by_pupil[pk],
                average=average,
                suggested=grading.suggested_mark(average),
                absences=grading.count_absences(attendance[pk]),
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
