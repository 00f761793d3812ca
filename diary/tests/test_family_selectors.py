"""The diary's «Отметки по предметам» gives each subject the grading module's
forecast; the arithmetic itself is tested in journal/tests/test_grading.py."""

import datetime
from decimal import Decimal

from diary.selectors.family import subject_rows_for_period

from .builders_week import MONDAY, absent, build_school, lesson, mark


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
