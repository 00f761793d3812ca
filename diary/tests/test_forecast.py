import datetime
from decimal import Decimal

import pytest

from diary.forecast import below_threshold, forecast, share_elapsed
from diary.selectors import subject_rows_for_period
from school.models import GradingScale, GradingScaleKind, StudyPeriod

from .builders_week import MONDAY, absent, build_school, lesson, mark

PERIOD = StudyPeriod(
    starts_on=datetime.date(2026, 11, 5), ends_on=datetime.date(2026, 12, 28)
)
FIVE = GradingScale(
    kind=GradingScaleKind.FIVE_POINT,
    values=["1", "2", "3", "4", "5"],
    pass_threshold="3",
)


class _Kind:
    def __init__(self, weight):
        self.weight = Decimal(weight)


class _Mark:
    def __init__(self, value, weight=1):
        self.value = value
        self.work_kind = _Kind(weight)


def _forecast(values, *, hours=2, attendance=(), today=PERIOD.ends_on, scale=FIVE):
    return forecast(
        student=None,
        marks=[_Mark(*v) if isinstance(v, tuple) else _Mark(v) for v in values],
        attendance=list(attendance),
        hours_per_week=Decimal(hours),
        scale=scale,
        period=PERIOD,
        today=today,
    )


def test_expected_mark_is_the_weighted_average_rounded_half_up():
    # 4 (w1) + 3 (w1) → 3.50 → 4 by the school's rule
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
    early = _forecast(["5"], today=PERIOD.starts_on + datetime.timedelta(days=4))
    assert early.needed_by_now == 0 and not early.at_risk
    before = _forecast([], today=PERIOD.starts_on - datetime.timedelta(days=1))
    assert before.needed_by_now == 0 and not before.at_risk
    assert before.expected == "" and before.average is None


def test_valid_absences_exempt_from_the_count_rule():
    result = _forecast(["5"], attendance=["б", "б", "у", "н"])
    assert result.exempt and not result.too_few and not result.at_risk


def test_unexcused_absences_do_not_exempt():
    result = _forecast(["5"], attendance=["н", "н", "б"])
    assert not result.exempt and result.too_few


@pytest.mark.parametrize(
    ("value", "scale", "below"),
    [
        ("2", FIVE, True),
        ("3", FIVE, False),
        ("", FIVE, False),
        ("2", None, False),
        ("2", GradingScale(values=["1", "2", "3"], pass_threshold=""), False),
    ],
)
def test_below_threshold(value, scale, below):
    assert below_threshold(value, scale) is below


def test_share_elapsed_is_bounded():
    assert share_elapsed(PERIOD, PERIOD.ends_on + datetime.timedelta(days=3)) == 1.0
    assert share_elapsed(PERIOD, PERIOD.starts_on) == 0.0
    assert share_elapsed(PERIOD, PERIOD.ends_on - DAY) < 1.0


# The period of 54 days from 05.11 to 28.12; 2 h/week asks 5 marks for it.
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("today", "marks", "needed", "too_few"),
    [
        # the first day: nothing is due yet, with no marks
        (PERIOD.starts_on, 0, 0, False),
        # a fifth of the period (10.8 days): 5 × 11/54 = 1.02 → 1 mark due
        (PERIOD.starts_on + 10 * DAY, 0, 0, False),
        (PERIOD.starts_on + 11 * DAY, 0, 1, True),
        (PERIOD.starts_on + 11 * DAY, 1, 1, False),
        # half the period: 5 × 27/54 = 2.5 → 2 marks, not 3
        (PERIOD.starts_on + 27 * DAY, 2, 2, False),
        (PERIOD.starts_on + 27 * DAY, 1, 2, True),
        # the day before the last: 5 × 52/54 → 4
        (PERIOD.ends_on - DAY, 4, 4, False),
        # on the last day and after, the whole rule applies
        (PERIOD.ends_on, 4, 5, True),
        (PERIOD.ends_on + DAY, 5, 5, False),
    ],
)
def test_too_few_only_when_the_pro_rated_rule_says_so(today, marks, needed, too_few):
    result = _forecast(["4"] * marks, today=today)
    assert result.needed_by_now == needed
    assert result.too_few is too_few


def test_subject_rows_give_each_subject_its_forecast(db):
    # given: maths 2, 2, 3 (below pass); Russian: no marks, pupil mostly sick
    s = build_school()
    held = lesson(s)
    for value, kind in (("2", s["kind"]), ("3", s["test_kind"])):
        mark(s, held, value, kind=kind)
    mark(s, lesson(s, day=MONDAY - datetime.timedelta(days=7)), "2")
    russian = lesson(
        s, subject=s["russian"], day=MONDAY + datetime.timedelta(1), number=3
    )
    absent(s, russian, "б")
    today = datetime.date(2026, 12, 20)
    # when
    rows, scale = subject_rows_for_period(
        s["pupil"], s["quarter"], [s["quarter"]], today
    )
    # then
    by_name = {r.subject.name: r for r in rows}
    maths = by_name["Математика"].forecast
    assert (maths.average, maths.expected, maths.below_pass) == (
        Decimal("2.50"),
        "3",
        False,
    )
    assert maths.too_few  # 3 of 5 by the period's end
    russian_row = by_name["Русский язык"]
    assert russian_row.forecast.exempt and not russian_row.forecast.at_risk
    assert russian_row.absences == 1
    assert scale.pass_threshold == "3"
