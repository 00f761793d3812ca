"""Writes docs/samples/ktp_sample.xlsx: a topic plan (КТП) to load into ejournal.

Run from the repository root: `.venv/bin/python docs/samples/make_ktp_sample.py`.
The columns are the ones the plan page reads: «№», «Раздел», «Тема урока»,
«Часы», «Дата» (dd.mm.yyyy, may be empty).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HEADERS = ("№", "Раздел", "Тема урока", "Часы", "Дата")

# Математика, 5 класс: the first 30 lessons of the year.
PLAN = [
    ("Натуральные числа", "Ряд натуральных чисел. Десятичная запись числа"),
    ("Натуральные числа", "Натуральный ряд. Число 0"),
    ("Натуральные числа", "Координатный луч. Изображение чисел точками"),
    ("Натуральные числа", "Сравнение натуральных чисел"),
    ("Натуральные числа", "Округление натуральных чисел"),
    ("Натуральные числа", "Решение комбинаторных задач перебором"),
    ("Действия с натуральными числами", "Сложение натуральных чисел и его свойства"),
    ("Действия с натуральными числами", "Вычитание натуральных чисел"),
    ("Действия с натуральными числами", "Числовые и буквенные выражения"),
    ("Действия с натуральными числами", "Уравнение. Решение уравнений"),
    ("Действия с натуральными числами", "Умножение натуральных чисел и его свойства"),
    ("Действия с натуральными числами", "Деление натуральных чисел"),
    ("Действия с натуральными числами", "Деление с остатком"),
    ("Действия с натуральными числами", "Степень числа. Квадрат и куб числа"),
    ("Действия с натуральными числами", "Порядок действий в выражениях"),
    (
        "Действия с натуральными числами",
        "Решение текстовых задач арифметическим способом",
    ),
    ("Действия с натуральными числами", "Задачи на движение"),
    ("Действия с натуральными числами", "Контрольная работа № 1 «Натуральные числа»"),
    (
        "Действия с натуральными числами",
        "Анализ контрольной работы. Работа над ошибками",
    ),
    ("Делимость чисел", "Делители и кратные числа"),
    ("Делимость чисел", "Признаки делимости на 10, на 5 и на 2"),
    ("Делимость чисел", "Признаки делимости на 9 и на 3"),
    ("Делимость чисел", "Простые и составные числа"),
    ("Делимость чисел", "Разложение числа на простые множители"),
    ("Наглядная геометрия. Линии на плоскости", "Точка, прямая, отрезок, луч"),
    (
        "Наглядная геометрия. Линии на плоскости",
        "Длина отрезка. Единицы измерения длины",
    ),
    ("Наглядная геометрия. Линии на плоскости", "Ломаная. Длина ломаной"),
    ("Наглядная геометрия. Линии на плоскости", "Угол. Виды углов"),
    (
        "Наглядная геометрия. Линии на плоскости",
        "Измерение и построение углов транспортиром",
    ),
    (
        "Наглядная геометрия. Линии на плоскости",
        "Практическая работа «Построение углов»",
    ),
]

# Five lessons a week, Monday to Friday, from 1 September 2026.
FIRST_DAY = datetime.date(2026, 9, 1)


def school_days(start: datetime.date):
    day = start
    while True:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def build(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "КТП"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    days = school_days(FIRST_DAY)
    for number, (section, topic) in enumerate(PLAN, start=1):
        sheet.append([number, section, topic, 1, next(days)])
        sheet.cell(row=sheet.max_row, column=5).number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDE", (6, 40, 60, 7, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.save(path)


if __name__ == "__main__":
    target = Path(__file__).with_name("ktp_sample.xlsx")
    build(target)
    sys.stdout.write(f"Written {target}\n")
