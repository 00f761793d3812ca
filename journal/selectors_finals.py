"""Year, exam and final marks of a group in a subject (C9), kept against the
year's last period so that they open and close with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from school.models import Student, StudyGroup, StudyPeriod, Subject
from school.selectors.structure import group_members_between

from .models import PeriodMark, PeriodMarkKind

FINAL_KINDS = (PeriodMarkKind.YEAR, PeriodMarkKind.EXAM, PeriodMarkKind.FINAL)


@dataclass
class FinalRow:
    student: Student
    period_marks: list[str]
    current: dict[str, PeriodMark] = field(default_factory=dict)

    @property
    def suggested_year(self) -> str:
        """The mean of the numeric period marks, rounded half up."""
        return _half_up_mean(self.period_marks)

    @property
    def suggested_final(self) -> str:
        """The year mark, or with an exam the mean of year and exam, half up."""
        year = self.current.get(PeriodMarkKind.YEAR)
        exam = self.current.get(PeriodMarkKind.EXAM)
        values = [m.value for m in (year, exam) if m is not None]
        return _half_up_mean(values)


def _half_up_mean(values: list[str]) -> str:
    numbers = [Decimal(v) for v in values if v.isdigit()]
    if not numbers:
        return ""
    mean = sum(numbers) / len(numbers)
    return str(int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


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
