"""The forecast of a period mark (D2; 001 App. §4, 002 §2.1, 003 §4.2).

The expected mark is the weighted average of the period's current marks rounded
by the school's rule (journal.services_periods). A subject is "at risk" when the
expected mark is below the scale's pass threshold, or when the pupil has fewer
marks than the marks-count rule (C10) asks for by this point of the period —
unless the pupil missed lessons mostly for valid reasons (the rule's exemption).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from journal.models import VALID_ABSENCES, Mark
from journal.selectors_pages import PupilRow, required_marks
from journal.services_periods import suggested_mark, weighted_average
from school.models import GradingScale, Student, StudyPeriod

LATE = "оп"


@dataclass(frozen=True)
class Forecast:
    average: Decimal | None
    expected: str
    marks_count: int
    required: int
    needed_by_now: int
    exempt: bool
    below_pass: bool

    @property
    def too_few(self) -> bool:
        return self.marks_count < self.needed_by_now and not self.exempt

    @property
    def at_risk(self) -> bool:
        return self.below_pass or self.too_few


def share_elapsed(period: StudyPeriod, today: datetime.date) -> float:
    """How much of the period has passed before today, from 0 to 1: today's
    lessons may still be ahead, so a day counts once it is over; on the last day
    the whole rule applies, as period marks are due then."""
    if today >= period.ends_on:
        return 1.0
    if today <= period.starts_on:
        return 0.0
    total = (period.ends_on - period.starts_on).days + 1
    return (today - period.starts_on).days / total


def needed_by(required: int, share: float) -> int:
    """Marks the count rule asks for by this share of the period: only whole marks
    already due — 5 for the period at a third of it asks for 1, not 2."""
    return math.floor(required * share + 1e-9)


def below_threshold(value: str, scale: GradingScale | None) -> bool:
    """The mark is worse than the scale's lowest passing mark."""
    if not value or scale is None or not scale.pass_threshold:
        return False
    values = list(scale.values)
    if value not in values or scale.pass_threshold not in values:
        return False
    return values.index(value) < values.index(scale.pass_threshold)


def forecast(
    *,
    student: Student,
    marks: list[Mark],
    attendance: list[str],
    hours_per_week: Decimal | None,
    scale: GradingScale | None,
    period: StudyPeriod,
    today: datetime.date,
) -> Forecast:
    """The expected period mark and the at-risk flag from the marks so far."""
    average = weighted_average(marks)
    expected = suggested_mark(average)
    required = required_marks(hours_per_week)
    row = PupilRow(
        student=student,
        marks=marks,
        average=average,
        suggested=expected,
        absences=sum(1 for value in attendance if value != LATE),
        valid_absences=sum(1 for value in attendance if value in VALID_ABSENCES),
        period_mark=None,
        required=required,
    )
    return Forecast(
        average=average,
        expected=expected,
        marks_count=len(marks),
        required=required,
        needed_by_now=needed_by(required, share_elapsed(period, today)),
        exempt=row.exempt,
        below_pass=below_threshold(expected, scale),
    )
