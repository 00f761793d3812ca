"""Year, exam and final marks of a group in a subject (C9), kept against the
year's last period so that they open and close with it."""

from __future__ import annotations

from dataclasses import dataclass, field

from journal import grading
from journal.models import PeriodMark, PeriodMarkKind
from school.models import Student, StudyGroup, StudyPeriod, Subject
from school.selectors.structure import group_members_between

FINAL_KINDS = (PeriodMarkKind.YEAR, PeriodMarkKind.EXAM, PeriodMarkKind.FINAL)


@dataclass
class FinalRow:
    student: Student
    period_marks: list[str]
    current: dict[str, PeriodMark] = field(default_factory=dict)

    @property
    def suggested_year(self) -> str:
        """The mean of the numeric period marks, rounded half up."""
        return grading.suggested_year_mark(self.period_marks)

    @property
    def suggested_final(self) -> str:
        """The year mark, or with an exam the mean of year and exam, half up."""
        year = self.current.get(PeriodMarkKind.YEAR)
        exam = self.current.get(PeriodMarkKind.EXAM)
        return grading.suggested_final_mark(
            year.value if year else None, exam.value if exam else None
        )


def final_rows(
    group: StudyGroup, subject: Subject, periods: list[StudyPeriod]
) -> list[FinalRow]:
    """Each pupil of the year with their period marks and year/exam/final marks."""
    if not periods:
        return []
    last = periods[-1]
    members = group_members_between(group, periods[0].starts_on, last.ends_on)
    pupils = {m.student_id: m.student for m in members}
    marks = PeriodMark.objects.filter(
        school=group.school,
        subject=subject,
        student_id__in=list(pupils),
        period__in=periods,
    )
    by_period: dict[tuple[int, int], str] = {}
    current: dict[int, dict[str, PeriodMark]] = {pk: {} for pk in pupils}
    for mark in marks:
        if mark.kind == PeriodMarkKind.PERIOD:
            by_period[(mark.student_id, mark.period_id)] = mark.value
        elif mark.period_id == last.pk:
            current[mark.student_id][mark.kind] = mark
    return [
        FinalRow(
            student=student,
            period_marks=[by_period.get((pk, p.pk), "") for p in periods],
            current=current[pk],
        )
        for pk, student in pupils.items()
    ]
