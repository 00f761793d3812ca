"""Topic plans from and to Excel: every bad row reported, nothing half-written."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from school import events
from school.models import AcademicYear, Event, LessonPlanItem, Role
from school.services import plans as services
from school.tests.factories import (
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ktp_sample.xlsx"


@pytest.fixture
def load(school, teacher):
    year = AcademicYear.objects.get(school=school)
    subject = SubjectFactory(school=school, name="Математика")
    group = StudyGroupFactory(year=year)
    return TeachingAssignmentFactory(
        group=group,
        subject=subject,
        teacher=teacher,
        starts_on=datetime.date(2026, 9, 1),
    )


def xlsx(rows, header=services.HEADERS) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _import(load, file):
    return services.plan_import(
        actor=load.teacher, group=load.group, subject=load.subject, file=file
    )


GOOD = [
    (1, "Натуральные числа", "Ряд натуральных чисел", 1, "01.09.2026"),
    (
        2,
        "Натуральные числа",
        "Сравнение натуральных чисел",
        2,
        datetime.date(2026, 9, 2),
    ),
    (3, None, "Контрольная работа № 1", None, None),
]


def test_good_file_becomes_the_plan(load):
    # when
    counts = _import(load, xlsx(GOOD))
    # then
    assert counts == {"created": 3, "updated": 0, "deleted": 0}
    rows = list(
        LessonPlanItem.objects.order_by("number").values_list(
            "number", "section", "topic", "hours", "planned_on"
        )
    )
    assert rows == [
        (1, "Натуральные числа", "Ряд натуральных чисел", 1, datetime.date(2026, 9, 1)),
        (
            2,
            "Натуральные числа",
            "Сравнение натуральных чисел",
            2,
            datetime.date(2026, 9, 2),
        ),
        (3, "", "Контрольная работа № 1", 1, None),
    ]
    event = Event.objects.get(code=events.PLAN_IMPORTED)
    assert event.params["created"] == 3


def test_the_shipped_sample_loads(load):
    # when
    with SAMPLE.open("rb") as file:
        _import(load, file)
    # then
    assert LessonPlanItem.objects.count() == 30
    first = LessonPlanItem.objects.get(number=1)
    assert first.planned_on == datetime.date(2026, 9, 1)
    assert first.section == "Натуральные числа"


def test_file_with_four_bad_rows_writes_nothing_and_names_them_all(load):
    # given
    _import(load, xlsx(GOOD[:2]))
    history = LessonPlanItem.history.count()
    rows = [
        (1, "Р", "Хорошая тема", 1, None),
        (2, "Р", "", 1, None),  # row 3: no topic
        (1, "Р", "Повтор", 1, None),  # row 4: duplicate number
        (4, "Р", "Тема", 1, "31.02.2026"),  # row 5: bad date
        (5, "Р", "Тема", 0, None),  # row 6: hours not positive
        (6, "Р", "Тема", 1, "15.10.2026"),
    ]
    # when
    with pytest.raises(services.PlanFileInvalid) as caught:
        _import(load, xlsx(rows))
    # then
    assert [row for row, _reason in caught.value.rows] == [3, 4, 5, 6]
    reasons = dict(caught.value.rows)
    assert reasons[3] == "Не указана тема урока."
    assert "уже указан в строке 2" in reasons[4]
    assert "дд.мм.гггг" in reasons[5]
    assert "целым положительным" in reasons[6]
    assert LessonPlanItem.objects.count() == 2
    assert LessonPlanItem.history.count() == history


def test_bad_numbers_and_dates_outside_the_year_are_reported(load):
    # given
    rows = [
        ("абв", "", "Т", 1, None),
        (None, "", "Т", 1, None),
        (2, "", "Т", 1, "01.09.2027"),
    ]
    # when
    with pytest.raises(services.PlanFileInvalid) as caught:
        _import(load, xlsx(rows))
    # then
    assert [row for row, _r in caught.value.rows] == [2, 3, 4]
    assert LessonPlanItem.objects.count() == 0


def test_reimporting_the_same_plan_changes_nothing(load):
    # given
    _import(load, xlsx(GOOD))
    history = LessonPlanItem.history.count()
    # when
    counts = _import(load, xlsx(GOOD))
    # then
    assert counts == {"created": 0, "updated": 0, "deleted": 0}
    assert LessonPlanItem.history.count() == history


def test_reimport_writes_history_only_for_changed_rows(load):
    # given
    _import(load, xlsx(GOOD))
    history = LessonPlanItem.history.count()
    changed = [GOOD[0], (2, "Натуральные числа", "Сравнение чисел", 2, "02.09.2026")]
    # when
    counts = _import(load, xlsx(changed))
    # then
    assert counts == {"created": 0, "updated": 1, "deleted": 1}
    new = LessonPlanItem.history.order_by("history_id")[history:]
    assert sorted(h.history_type for h in new) == ["-", "~"]
    assert LessonPlanItem.objects.get(number=2).topic == "Сравнение чисел"


def test_not_an_excel_file_is_refused(load):
    # when / then
    with pytest.raises(ValidationError) as caught:
        _import(load, io.BytesIO("№;Тема урока\n1;Т".encode()))
    assert "Excel" in caught.value.messages[0]
    assert LessonPlanItem.objects.count() == 0


def test_file_without_the_header_is_refused(load):
    # when / then
    with pytest.raises(ValidationError) as caught:
        _import(load, xlsx([(1, "Т")], header=("Номер п/п x", "Что")))
    assert "«Тема урока»" in caught.value.messages[0]


def test_header_below_a_title_row_is_found(load):
    # given
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["КТП по математике, 5 класс"])
    sheet.append(["№ урока", "Тема урока", "Дата"])
    sheet.append([1, "Ряд натуральных чисел", "01.09.2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    # when
    _import(load, buffer)
    # then
    item = LessonPlanItem.objects.get()
    assert (item.number, item.hours, item.section) == (1, 1, "")


def test_other_teacher_cannot_import(load, school):
    # given
    stranger = member(Role.TEACHER, school)
    # when / then
    with pytest.raises(PermissionDenied):
        services.plan_import(
            actor=stranger, group=load.group, subject=load.subject, file=xlsx(GOOD)
        )
    assert LessonPlanItem.objects.count() == 0
    assert LessonPlanItem.history.count() == 0
    assert not Event.objects.filter(code=events.PLAN_IMPORTED).exists()


def test_export_reads_back_with_the_same_headers_and_rows(load):
    # given
    _import(load, xlsx(GOOD))
    items = LessonPlanItem.objects.order_by("number")
    # when
    data = services.plan_xlsx_write(items)
    # then
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == services.HEADERS
    assert rows[1] == (
        1,
        "Натуральные числа",
        "Ряд натуральных чисел",
        1,
        datetime.datetime(2026, 9, 1),
    )
    assert rows[3] == (3, None, "Контрольная работа № 1", 1, None)
    assert sheet.cell(row=2, column=5).number_format == "DD.MM.YYYY"


def test_export_then_import_changes_nothing(load):
    # given
    _import(load, xlsx(GOOD))
    history = LessonPlanItem.history.count()
    data = services.plan_xlsx_write(LessonPlanItem.objects.order_by("number"))
    # when
    counts = _import(load, io.BytesIO(data))
    # then
    assert counts == {"created": 0, "updated": 0, "deleted": 0}
    assert LessonPlanItem.history.count() == history
