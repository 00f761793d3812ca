"""journal.grading against a plain reference written here, and the worked cases of
the regulations (003 §2.3.1, C9, C10, D2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import grading

FIVE = ["1", "2", "3", "4", "5"]
START = datetime.date(2026, 11, 5)
END = datetime.date(2026, 12, 28)


@dataclass(frozen=True)
class M:
    value: str
    weight: Decimal = Decimal(1)


# --- A plain reference: fractions and integer arithmetic, no Decimal rounding ----


def ref_half_up(x: Fraction) -> int:
    """Round half up for non-negative fractions: floor(x + 1/2)."""
    return int((x + Fraction(1, 2)).__floor__())


def ref_average(marks: list[M]) -> Fraction | None:
    numeric = [(int(m.value), Fraction(m.weight)) for m in marks if m.value.isdigit()]
    total_weight = sum(w for _v, w in numeric)
    if not total_weight:
        return None
    return sum(v * w for v, w in numeric) / total_weight


def ref_required(hours: Fraction | None) -> int:
    if hours is None or hours <= 1:
        return 3
    if hours <= 2:
        return 5
    extra = max(Fraction(0), hours - 3) * 2
    # Decimal.to_integral_value rounds half even.
    rounded = round(extra)
    return min(8 + rounded, 15)


marks_st = st.lists(
    st.builds(
        M,
        st.sampled_from([*FIVE, "осв", "н/а", "зач", "Д"]),
        st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(2)]),
    ),
    max_size=40,
)


@given(marks_st)
def test_weighted_average_matches_the_reference(marks):
    expected = ref_average(marks)
    got = grading.weighted_average(marks)
    if expected is None:
        assert got is None
    else:
        # to hundredths, half up
        assert got == Decimal(ref_half_up(expected * 100)) / 100


@given(marks_st)
def test_suggested_mark_is_the_average_rounded_half_up(marks):
    average = grading.weighted_average(marks)
    suggestion = grading.suggested_mark(average)
    if average is None:
        assert suggestion == ""
    else:
        assert suggestion == str(ref_half_up(Fraction(average)))
        assert suggestion in FIVE


@given(st.lists(st.sampled_from([*FIVE, "", "осв", "н/а"]), max_size=8))
def test_year_mark_is_the_half_up_mean_of_numeric_period_marks(period_marks):
    numbers = [int(v) for v in period_marks if v.isdigit()]
    expected = str(ref_half_up(Fraction(sum(numbers), len(numbers)))) if numbers else ""
    assert grading.suggested_year_mark(period_marks) == expected


@given(
    st.sampled_from([*FIVE, "", "зач"]) | st.none(),
    st.sampled_from([*FIVE, ""]) | st.none(),
)
def test_final_mark_is_the_year_mark_or_its_mean_with_the_exam(year, exam):
    numbers = [int(v) for v in (year, exam) if v and v.isdigit()]
    expected = str(ref_half_up(Fraction(sum(numbers), len(numbers)))) if numbers else ""
    assert grading.suggested_final_mark(year, exam) == expected


@given(st.decimals(min_value=0, max_value=40, places=1) | st.none())
def test_required_marks_match_the_reference(hours):
    reference = ref_required(None if hours is None else Fraction(hours))
    assert grading.required_marks(hours) == reference
    assert 3 <= grading.required_marks(hours) <= 15


@given(st.lists(st.sampled_from(["н", "б", "у", "оп"]), max_size=30))
def test_absences_lateness_is_not_an_absence(values):
    absences = grading.count_absences(values)
    assert absences.missed == sum(v != "оп" for v in values)
    assert absences.valid == sum(v in ("б", "у") for v in values)
    assert absences.late == values.count("оп")
    assert absences.exempt == (
        absences.valid > 0 and absences.valid > absences.missed / 2
    )


@given(
    st.dates(
        min_value=START - datetime.timedelta(30), max_value=END + datetime.timedelta(30)
    )
)
def test_required_so_far_grows_to_the_whole_rule(today):
    so_far = grading.required_so_far(8, START, END, today)
    assert 0 <= so_far <= 8
    if today < START:
        assert so_far == 0
    if today >= END:
        assert so_far == 8
    tomorrow = today + datetime.timedelta(days=1)
    assert grading.required_so_far(8, START, END, tomorrow) >= so_far


# --- The regulations' worked cases ---------------------------------------------


def test_marks_count_rule_follows_the_weekly_load():
    # 003 §2.3.1: 3–5 marks at 1 h/week, 8–10 above 2 h/week, more with more hours
    cases = ("1", "2", "2.5", "3", "5", "9")
    assert [grading.required_marks(Decimal(h)) for h in cases] == [3, 5, 8, 8, 12, 15]


def test_weighted_average_counts_weights_and_skips_special_marks():
    marks = [M("5"), M("3", Decimal(2)), M("осв")]
    average = grading.weighted_average(marks)
    assert average == Decimal("3.67")
    assert grading.suggested_mark(average) == "4"
    assert grading.suggested_mark(Decimal("3.5")) == "4"
    assert grading.suggested_mark(Decimal("3.49")) == "3"
    assert grading.suggested_mark(None) == ""


def test_year_and_final_suggestions_round_half_up():
    assert grading.suggested_year_mark(["4", "5", "", "осв"]) == "5"  # 4.5 → 5
    assert grading.suggested_year_mark(["3", "4", "4"]) == "4"
    assert grading.suggested_final_mark("4", "5") == "5"
    assert grading.suggested_final_mark("4", None) == "4"
    assert grading.suggested_final_mark(None, None) == ""


def _forecast(values, *, hours=2, attendance=(), today=END, scale=FIVE, threshold="3"):
    marks = [M(v[0], Decimal(v[1])) if isinstance(v, tuple) else M(v) for v in values]
    return grading.forecast(
        marks=marks,
        attendance=list(attendance),
        hours_per_week=Decimal(hours),
        scale_values=scale,
        pass_threshold=threshold,
        starts_on=START,
        ends_on=END,
        today=today,
    )


def test_expected_mark_is_the_weighted_average_rounded_half_up():
    result = _forecast(["4", "3", "5", "3", "4", "2"])
    assert result.average == Decimal("3.50")
    assert result.expected == "4"
    assert not result.at_risk


def test_weights_count_and_special_marks_do_not():
    result = _forecast([("5", 1), ("2", 2), "осв", "н/а", "5"])
    assert result.average == Decimal("3.50")
    assert result.marks_count == 5


def test_below_the_pass_threshold_is_at_risk():
    result = _forecast(["2", "2", "3", "2", "3"])
    assert result.expected == "2"
    assert result.below_pass and result.at_risk


def test_too_few_marks_is_at_risk_by_the_marks_count_rule():
    # 2 h/week → 5 marks by the end of the period (003 §2.3.1)
    result = _forecast(["5", "5"])
    assert (result.required, result.needed_by_now) == (5, 5)
    assert result.too_few and result.at_risk and not result.below_pass


def test_marks_needed_so_far_grow_with_the_period():
    early = _forecast(["5"], today=START + datetime.timedelta(days=4))
    assert early.needed_by_now == 0 and not early.at_risk
    before = _forecast([], today=START - datetime.timedelta(days=1))
    assert before.needed_by_now == 0 and not before.at_risk
    assert before.expected == "" and before.average is None


def test_valid_absences_exempt_from_the_count_rule():
    result = _forecast(["5"], attendance=["б", "б", "у", "н"])
    assert result.exempt and not result.too_few and not result.at_risk


def test_unexcused_absences_do_not_exempt():
    result = _forecast(["5"], attendance=["н", "н", "б"])
    assert not result.exempt and result.too_few


@pytest.mark.parametrize(
    ("value", "scale", "threshold", "below"),
    [
        ("2", FIVE, "3", True),
        ("3", FIVE, "3", False),
        ("", FIVE, "3", False),
        ("2", [], "", False),
        ("2", ["1", "2", "3"], "", False),
        ("зач", ["незач", "зач"], "зач", False),
    ],
)
def test_below_pass(value, scale, threshold, below):
    assert grading.below_pass(value, scale, threshold) is below


def test_share_elapsed_is_bounded():
    assert grading.share_elapsed(START, END, END + datetime.timedelta(days=3)) == 1.0
    assert grading.share_elapsed(START, END, START) == 0.0
    assert grading.share_elapsed(START, END, END - DAY) < 1.0


# The period of 54 days from 05.11 to 28.12; 2 h/week asks 5 marks for it.
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("today", "marks", "needed", "too_few"),
    [
        # the first day: nothing is due yet, with no marks
        (START, 0, 0, False),
        # a fifth of the period (10.8 days): 5 × 11/54 = 1.02 → 1 mark due
        (START + 10 * DAY, 0, 0, False),
        (START + 11 * DAY, 0, 1, True),
        (START + 11 * DAY, 1, 1, False),
        # half the period: 5 × 27/54 = 2.5 → 2 marks, not 3
        (START + 27 * DAY, 2, 2, False),
        (START + 27 * DAY, 1, 2, True),
        # the day before the last: 5 × 52/54 → 4
        (END - DAY, 4, 4, False),
        # on the last day and after, the whole rule applies
        (END, 4, 5, True),
        (END + DAY, 5, 5, False),
    ],
)
def test_too_few_only_when_the_pro_rated_rule_says_so(today, marks, needed, too_few):
    result = _forecast(["4"] * marks, today=today)
    assert result.needed_by_now == needed
    assert result.too_few is too_few


@dataclass(frozen=True)
class P:
    starts_on: datetime.date
    ends_on: datetime.date


def test_current_period_is_the_one_containing_today_else_the_last_begun():
    first = P(datetime.date(2026, 9, 1), datetime.date(2026, 10, 26))
    second = P(datetime.date(2026, 11, 5), datetime.date(2026, 12, 28))
    periods = [first, second]
    assert grading.current_period(periods, datetime.date(2026, 9, 10)) is first
    assert grading.current_period(periods, datetime.date(2026, 11, 1)) is first
    assert grading.current_period(periods, datetime.date(2026, 12, 1)) is second
    assert grading.current_period(periods, datetime.date(2026, 8, 1)) is first
    assert grading.current_period([], datetime.date(2026, 8, 1)) is None
