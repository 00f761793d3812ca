"""The marks arithmetic of the journal: one home for every grading rule.

Pure functions on plain values — no ORM, no clock, no request — so that the grid,
the class journal, the period, year and final marks pages, the diary, its digests
and SMS, the reports and the hard copies all compute the same figures.

Sources: the weighted average and its rounding (001 App. §4, 003 §4.2); the
marks-count rule «не менее трех-пяти отметок … не менее 8-10 отметок» (003 §2.3.1,
C10) and its exemption for valid absences; year and final marks (C9); the forecast
and the at-risk flag (D2; 002 §2.1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from .choices import VALID_ABSENCES, AttendanceValue


class Scored(Protocol):
    """A mark as the arithmetic needs it: its value and its kind of work's weight."""

    @property
    def value(self) -> str: ...

    @property
    def weight(self) -> Decimal: ...


CENT = Decimal("0.01")
ONE = Decimal("1")
FEWEST_MARKS = 3  # up to 1 hour a week
FEW_MARKS = 5  # up to 2 hours a week
MARKS_AT_THREE_HOURS = 8
MARKS_PER_EXTRA_HOUR = 2
MOST_MARKS = 15


def is_numeric(value: str) -> bool:
    """A mark that counts in averages; осв, н/а, зач, Д and levels do not."""
    return value.isdigit()


def weighted_average(marks: Iterable[Scored]) -> Decimal | None:
    """Σ(mark × weight) / Σ weight over numeric marks, to hundredths, half up."""
    total = weight = Decimal(0)
    for mark in marks:
        if is_numeric(mark.value):
            total += Decimal(mark.value) * mark.weight
            weight += mark.weight
    if not weight:
        return None
    return (total / weight).quantize(CENT, rounding=ROUND_HALF_UP)


def suggested_mark(average: Decimal | None) -> str:
    """The school's rounding rule for a period mark: half up (3.5 → 4)."""
    if average is None:
        return ""
    return str(int(average.quantize(ONE, rounding=ROUND_HALF_UP)))


def mean_mark(values: Iterable[str]) -> str:
    """The plain mean of the numeric marks, rounded half up; "" without any."""
    numbers = [Decimal(value) for value in values if is_numeric(value)]
    if not numbers:
        return ""
    return suggested_mark(sum(numbers, Decimal(0)) / len(numbers))


def suggested_year_mark(period_marks: Iterable[str]) -> str:
    """The year mark: the mean of the numeric period marks, half up (C9)."""
    return mean_mark(period_marks)


def suggested_final_mark(year: str | None, exam: str | None) -> str:
    """The final mark: the year mark, or with an exam the mean of both, half up."""
    return mean_mark(value for value in (year, exam) if value)


def required_marks(hours_per_week: Decimal | None) -> int:
    """Marks needed for attestation by the weekly load (003 §2.3.1).

    «не менее трех-пяти отметок (при 1-часовой недельной нагрузке) и не менее 8-10
    отметок (при учебной нагрузке более 2 часов в неделю), для предметов с большим
    количеством часов количество отметок увеличивается пропорционально»: 3 at up to
    1 h/week, 5 at up to 2 h/week, 8 at up to 3 h/week, then two more for each
    further hour, capped at 15.
    """
    if hours_per_week is None or hours_per_week <= 1:
        return FEWEST_MARKS
    if hours_per_week <= 2:
        return FEW_MARKS
    extra = max(Decimal(0), hours_per_week - 3) * MARKS_PER_EXTRA_HOUR
    return min(MARKS_AT_THREE_HOURS + int(extra.to_integral_value()), MOST_MARKS)


def days_passed(
    starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> tuple[int, int]:
    """(days of the period over before today, days in the period): today's lessons
    may still be ahead, so a day counts once it is over; on the last day the whole
    period counts, as period marks are due then."""
    total = (ends_on - starts_on).days + 1
    if today >= ends_on:
        return total, total
    if today <= starts_on:
        return 0, total
    return (today - starts_on).days, total


def share_elapsed(
    starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> float:
    """How much of the period has passed, from 0 to 1 (see days_passed)."""
    passed, total = days_passed(starts_on, ends_on, today)
    return passed / total


def required_so_far(
    required: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> int:
    """The marks-count rule pro-rated to the part of the period passed (the diary's
    «мало отметок» so far): only whole marks already due — 5 for the period at a
    third of it asks for 1, not 2."""
    passed, total = days_passed(starts_on, ends_on, today)
    return required * passed // total


@dataclass(frozen=True)
class Absences:
    """Lessons missed (lateness is not an absence) and those for a valid reason."""

    missed: int = 0
    valid: int = 0
    late: int = 0

    @property
    def exempt(self) -> bool:
        """Mostly absent for valid reasons (б, у): the marks-count rule yields."""
        return is_exempt(self.missed, self.valid)


def count_absences(values: Iterable[str]) -> Absences:
    """Absences, valid absences and lateness among a pupil's attendance entries."""
    missed = valid = late = 0
    for value in values:
        if value == AttendanceValue.LATE:
            late += 1
        elif value:
            missed += 1
            valid += value in VALID_ABSENCES
    return Absences(missed=missed, valid=valid, late=late)


def is_exempt(missed: int, valid: int) -> bool:
    """More than half of the missed lessons were for a valid reason (C10)."""
    return valid > 0 and valid * 2 > missed


def too_few_marks(count: int, required: int, *, exempt: bool) -> bool:
    """Fewer marks than the rule asks for, unless the pupil is exempt."""
    return count < required and not exempt


def below_pass(value: str, scale_values: Sequence[str], pass_threshold: str) -> bool:
    """The mark is worse than the scale's lowest passing mark (values run from the
    worst to the best); special marks and scales without a threshold never are."""
    if not value or not pass_threshold:
        return False
    values = list(scale_values)
    if value not in values or pass_threshold not in values:
        return False
    return values.index(value) < values.index(pass_threshold)


@dataclass(frozen=True)
class Forecast:
    """The expected period mark from the marks so far, and why it may be at risk."""

    average: Decimal | None
    expected: str
    marks_count: int
    required: int
    needed_by_now: int
    exempt: bool
    below_pass: bool

    @property
    def too_few(self) -> bool:
        return too_few_marks(self.marks_count, self.needed_by_now, exempt=self.exempt)

    @property
    def at_risk(self) -> bool:
        return self.below_pass or self.too_few


def forecast(
    *,
    marks: Sequence[Scored],
    attendance: Iterable[str],
    hours_per_week: Decimal | None,
    scale_values: Sequence[str],
    pass_threshold: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> Forecast:
    """The forecast of a period mark (D2): the weighted average rounded by the
    school's rule; at risk when below the pass threshold or, unless exempt, with
    fewer marks than the pro-rated marks-count rule asks for by today."""
    average = weighted_average(marks)
    expected = suggested_mark(average)
    required = required_marks(hours_per_week)
    return Forecast(
        average=average,
        expected=expected,
        marks_count=len(marks),
        required=required,
        needed_by_now=required_so_far(required, starts_on, ends_on, today),
        exempt=count_absences(attendance).exempt,
        below_pass=below_pass(expected, scale_values, pass_threshold),
    )


class Dated(Protocol):
    @property
    def starts_on(self) -> datetime.date: ...

    @property
    def ends_on(self) -> datetime.date: ...


P = TypeVar("P", bound=Dated)


def current_period(periods: Sequence[P], today: datetime.date) -> P | None:
    """The period containing today, else the last one begun, else the first
    (periods in date order)."""
    begun = [period for period in periods if period.starts_on <= today]
    for period in begun:
        if today <= period.ends_on:
            return period
    if begun:
        return begun[-1]
    return periods[0] if periods else None
