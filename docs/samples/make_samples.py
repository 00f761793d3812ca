"""Make the sample import files: each list as XLSX and as CSV (Windows-1251, «;»).

Run from anywhere: `python docs/samples/make_samples.py`. Needs only openpyxl.
Import them in this order: subjects, staff, students, guardians, groups, timetable;
the school needs classes 5А, 5Б and 6А in the current year.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
D = datetime.date
START = D(2026, 9, 1)
ORDER_DATE = D(2026, 8, 28)

SAMPLES = {
    "subjects": [
        ["Предмет", "Сокращение", "Компонент"],
        ["Русский язык", "Рус", "ФБУП"],
        ["Литература", "Лит", "ФБУП"],
        ["Математика", "Мат", "ФБУП"],
        ["Английский язык", "Англ", "ФБУП"],
        ["История", "Ист", "ФБУП"],
        ["Информатика", "Инф", "ФБУП"],
        ["Финансовая грамотность", "ФинГр", "компонент ОУ"],
        ["Робототехника", "Робот", "компонент ОУ"],
    ],
    "staff": [
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Должность",
            "Дата приёма",
            "Номер приказа",
            "Телефон",
            "Эл. почта",
        ],
        [
            "Николаев",
            "Андрей",
            "Юрьевич",
            "директор",
            D(2015, 8, 20),
            "12-к",
            "+7 900 100-00-01",
            "nikolaev@school.example",
        ],
        [
            "Сидорова",
            "Елена",
            "Викторовна",
            "заместитель директора",
            D(2018, 8, 25),
            "31-к",
            "+7 900 100-00-02",
            "sidorova@school.example",
        ],
        ["Сидорова", "Елена", "Викторовна", "учитель", D(2010, 8, 30), "8-к", "", ""],
        [
            "Иванова",
            "Мария",
            "Петровна",
            "учитель",
            D(2012, 8, 27),
            "17-к",
            "+7 900 100-00-03",
            "",
        ],
        ["Петров", "Сергей", "Николаевич", "учитель", D(2020, 8, 26), "22-к", "", ""],
        [
            "Фёдорова",
            "Ольга",
            "Ивановна",
            "специалист по кадрам",
            D(2019, 9, 2),
            "40-к",
            "",
            "",
        ],
        [
            "Козлов",
            "Дмитрий",
            "Алексеевич",
            "системный администратор",
            D(2021, 9, 1),
            "55-к",
            "",
            "kozlov@school.example",
        ],
    ],
    "students": [
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "Пол",
            "Класс",
            "Номер личного дела",
            "Дата зачисления",
            "Номер приказа",
            "Дата приказа",
        ],
        ["Смирнова", "Анна", "Олеговна", D(2015, 3, 12), "ж", "5А", "2026-001"],
        ["Кузнецов", "Пётр", "Андреевич", D(2015, 7, 5), "м", "5А", "2026-002"],
        ["Попова", "Дарья", "Игоревна", D(2015, 1, 23), "ж", "5А", "2026-003"],
        ["Васильев", "Артём", "Сергеевич", D(2014, 11, 30), "м", "5Б", "2026-004"],
        ["Соколова", "Мария", "Денисовна", D(2015, 5, 17), "ж", "5Б", "2026-005"],
        ["Морозов", "Кирилл", "", D(2015, 2, 8), "м", "5Б", "2026-006"],
        ["Кузнецова", "Алёна", "Андреевна", D(2014, 4, 2), "ж", "6А", "2026-007"],
        ["Лебедев", "Иван", "Романович", D(2014, 9, 14), "м", "6А", "2026-008"],
    ],
    "guardians": [
        [
            "Номер личного дела ученика",
            "Фамилия",
            "Имя",
            "Отчество",
            "Кем приходится",
            "Телефон",
            "Эл. почта",
        ],
        [
            "2026-001",
            "Смирнова",
            "Ирина",
            "Владимировна",
            "мать",
            "+7 901 200-00-01",
            "smirnova@example.ru",
        ],
        ["2026-001", "Смирнов", "Олег", "Павлович", "отец", "+7 901 200-00-02", ""],
        [
            "2026-002",
            "Кузнецова",
            "Татьяна",
            "Юрьевна",
            "мать",
            "+7 901 200-00-03",
            "kuznetsova@example.ru",
        ],
        [
            "2026-007",
            "Кузнецова",
            "Татьяна",
            "Юрьевна",
            "мать",
            "+7 901 200-00-03",
            "kuznetsova@example.ru",
        ],
        [
            "2026-004",
            "Васильева",
            "Наталья",
            "Олеговна",
            "опекун",
            "+7 901 200-00-04",
            "",
        ],
        ["2026-006", "Морозов", "Денис", "Ильич", "отец", "", "morozov@example.ru"],
    ],
    "groups": [
        [
            "Группа",
            "Вид",
            "Класс",
            "Предмет",
            "Параллель",
            "Номера личных дел",
            "Дата начала",
        ],
        [
            "5А англ. 1",
            "подгруппа",
            "5А",
            "Английский язык",
            5,
            "2026-001, 2026-002",
            START,
        ],
        ["5А англ. 2", "подгруппа", "5А", "Английский язык", 5, "2026-003", START],
        [
            "Робототехника 5",
            "кружок",
            "",
            "Робототехника",
            5,
            "2026-002, 2026-004, 2026-005",
            START,
        ],
        [
            "Финансовая грамотность 6",
            "элективный курс",
            "",
            "Финансовая грамотность",
            6,
            "2026-007, 2026-008",
            START,
        ],
    ],
    "timetable": [
        [
            "Класс/группа",
            "День недели",
            "Урок",
            "Предмет",
            "Учитель",
            "Кабинет",
            "Действует с",
        ],
        ["5А", "пн", 1, "Русский язык", "Иванова Мария Петровна", "", START],
        ["5А", "пн", 2, "Математика", "Петров Сергей Николаевич", "", START],
        ["5Б", "пн", 1, "Математика", "Петров С. Н.", "", START],
        ["5Б", "пн", 2, "Русский язык", "Иванова М. П.", "", START],
        [
            "5А англ. 1",
            "вторник",
            3,
            "Английский язык",
            "Сидорова Елена Викторовна",
            "",
            START,
        ],
        ["6А", "ср", 4, "История", "Сидорова Е. В.", "", START],
    ],
}
# Every new pupil is admitted on 1 September by the same order.
for pupil in SAMPLES["students"][1:]:
    pupil += [START, "45-у", ORDER_DATE]


def write_xlsx(path: Path, rows: list[list]) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    for column in sheet.columns:
        width = max(len(_text(cell.value)) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = width + 2
    book.save(path)


def write_csv(path: Path, rows: list[list]) -> None:
    """As Excel in Russia saves «CSV (разделители — точки с запятой)»."""
    with path.open("w", encoding="cp1251", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        writer.writerows([[_text(v) for v in row] for row in rows])


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def main() -> None:
    for name, rows in SAMPLES.items():
        write_xlsx(HERE / f"{name}.xlsx", rows)
        write_csv(HERE / f"{name}.csv", rows)


if __name__ == "__main__":
    main()
