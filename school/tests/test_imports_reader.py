import datetime

import pytest

from school.imports import students
from school.imports.common import FileError, parse_date, read_table
from school.tests.factories import import_csv, import_xlsx

HEADERS = ["Фамилия", "Имя", "Класс", "Номер личного дела", "Дата рождения"]
ROW = ["Пётр", "Ёлкин", "5А", "101", "01.02.2015"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1251", ";"), ("utf-8-sig", ","), ("utf-8", "\t"), ("utf-8", ";")],
)
def test_csv_in_every_encoding_and_delimiter_excel_writes(encoding, delimiter):
    # given
    content = import_csv([HEADERS, ROW], encoding=encoding, delimiter=delimiter)
    # when
    rows = read_table(content, students.COLUMNS)
    # then
    assert len(rows) == 1
    assert rows[0].number == 2
    assert rows[0].values["first_name"] == "Ёлкин"
    assert rows[0].values["record"] == "101"


def test_headers_match_ignoring_case_aliases_and_order():
    # given
    content = import_csv(
        [
            ["класс", "№ ЛИЧНОГО ДЕЛА", " фамилия ", "Имя*", "Лишний"],
            ["5А", "1", "А", "Б", "x"],
        ]
    )
    # when
    rows = read_table(content, students.COLUMNS)
    # then
    assert rows[0].values["record"] == "1"
    assert rows[0].values["last_name"] == "А"
    assert rows[0].values["first_name"] == "Б"


def test_xlsx_dates_numbers_and_empty_rows():
    # given
    content = import_xlsx(
        [
            HEADERS,
            ["Пётр", "Ёлкин", "5А", 101, datetime.datetime(2015, 2, 1)],
            [None, None, None, None, None],
            ["Анна", "Ёлкина", "5А", "102", "03.04.2015"],
        ]
    )
    # when
    rows = read_table(content, students.COLUMNS)
    # then
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values["record"] == "101"
    assert rows[0].values["birth_date"] == datetime.datetime(2015, 2, 1)
    assert rows[0].text("birth_date") == "01.02.2015"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 binary \x00\x01\x02",
        b"PK\x03\x04 not really a workbook",
        b"\xd0\xcf\x11\xe0 old excel",
        b"",
        b"   \r\n",
        "Фамилия;Имя;Класс;Номер личного дела\r\n".encode("cp1251"),
    ],
)
def test_unusable_files_give_one_clear_error(content):
    with pytest.raises(FileError) as error:
        read_table(content, students.COLUMNS)
    assert str(error.value)


def test_missing_columns_are_named():
    # given
    content = import_csv([["Фамилия", "Имя"], ["А", "Б"]])
    # when
    with pytest.raises(FileError) as error:
        read_table(content, students.COLUMNS)
    # then
    assert "«Класс», «Номер личного дела»" in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.09.2026", datetime.date(2026, 9, 1)),
        ("1.9.2026", datetime.date(2026, 9, 1)),
        ("2026-09-01", datetime.date(2026, 9, 1)),
        ("31.02.2026", None),
        ("01/13/2026", None),
        ("вчера", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected
