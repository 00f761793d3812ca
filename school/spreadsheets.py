"""Safe text in every spreadsheet the product writes (XLSX and CSV).

A cell whose text begins with «=», «+», «-», «@», a tab or a carriage return is
taken for a formula by Excel and LibreOffice (CSV injection, OWASP). A pupil's
name typed as ``=HYPERLINK("http://…","click")`` must reach the reader as text.

- XLSX: such text is written as a plain string cell with Excel's «quote prefix»
  style. The text stays exactly as typed (it re-imports unchanged), Excel shows it
  without an apostrophe and does not evaluate it, even when the cell is edited.
- CSV has no cell types, so such text gets a leading apostrophe, as OWASP
  recommends; the apostrophe is visible, the rest of the text is preserved.

Every export builds its rows through this module: ``xlsx_append`` for a sheet
row, ``csv_writer`` for a CSV file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
CSV_PREFIX = "'"


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet program would read as a formula or a command."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_safe(value: Any) -> Any:
    """A CSV cell value: formula-like text gets a leading apostrophe."""
    return CSV_PREFIX + value if is_formula_like(value) else value


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row; formula-like text is stored as quoted text, never a formula."""
    values = list(values)
    sheet.append([None if is_formula_like(v) else v for v in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row, column=column)
            # openpyxl types a str starting with «=» as a formula on assignment,
            # so the text and its type are set directly.
            cell._value = value
            cell.data_type = TYPE_STRING
            cell.quotePrefix = True


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_safe(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **kwargs) -> _SafeWriter:
    """A csv.writer whose every cell passes through ``csv_safe``."""
    return _SafeWriter(csv.writer(file, **kwargs))
