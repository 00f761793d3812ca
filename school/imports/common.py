"""Reading an uploaded list (XLSX or CSV) into rows, and checking their values.

The column headers and the words inside the cells are Russian, as schools keep their
lists; they are the file format, not interface text, so they are not translated.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .. import uploads
from ..models import AcademicYear, School, User

NOT_A_TABLE = _(
    "The file is not an Excel workbook (.xlsx) or a CSV file. Save the list in Excel "
    "as «Excel Workbook (.xlsx)» or «CSV (comma delimited)» and upload it again."
)
OLD_EXCEL = _(
    "This is an old Excel file (.xls). Open it in Excel and save it as «Excel "
    "Workbook (.xlsx)»."
)
EMPTY_FILE = _("The file has no rows with data.")
MISSING_COLUMNS = _(
    "The first row of the file must hold the column headers. Required columns are "
    "missing: %(columns)s."
)
REQUIRED = _("The value is required.")
BAD_DATE = _("«%(value)s» is not a date; write it as dd.mm.yyyy, e.g. 01.09.2026.")
BAD_EMAIL = _("«%(value)s» is not an e-mail address.")
BAD_CHOICE = _("«%(value)s» is not one of: %(choices)s.")
BAD_NUMBER = _("«%(value)s» is not a whole number.")
NO_CURRENT_YEAR = _(
    "The school has no current academic year; open the year before importing."
)

DELIMITERS = (";", ",", "\t")
DATE_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


class FileError(Exception):
    """The file as a whole cannot be read; one message says why."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Row:
    number: int
    values: dict[str, Any]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.strftime("%d.%m.%Y")
        return str(value).strip()


@dataclass
class Plan:
    """What applying one row does: create, update or nothing."""

    row: int
    action: str
    label: str
    data: dict[str, Any] = field(default_factory=dict)
    # Headers of the columns an update changes, shown in the preview.
    changed: list[str] = field(default_factory=list)


@dataclass
class Context:
    """The school, the current year and the errors found so far."""

    school: School
    actor: User
    year: AcademicYear | None
    columns: dict[str, Column]
    errors: list[dict] = field(default_factory=list)

    def error(self, row: Row | int | None, key: str | None, message, **params):
        number = row.number if isinstance(row, Row) else row
        column = self.columns[key].header if key in self.columns else ""
        text = str(message) % params if params else str(message)
        self.errors.append({"row": number, "column": column, "message": text})

    def text(self, row: Row, key: str, *, required: bool = False) -> str:
        value = row.text(key)
        if required and not value:
            self.error(row, key, REQUIRED)
        return value

    def date(self, row: Row, key: str, *, required: bool = False):
        value = row.values.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = row.text(key)
        if not text:
            if required:
                self.error(row, key, REQUIRED)
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.error(row, key, BAD_DATE, value=text)
        return parsed

    def choice(self, row: Row, key: str, words: dict[str, str], *, required=False):
        text = self.text(row, key, required=required)
        if not text:
            return ""
        value = words.get(normalize(text))
        if value is None:
            shown = ", ".join(dict.fromkeys(labels_of(words)))
            self.error(row, key, BAD_CHOICE, value=text, choices=shown)
            return None
        return value

    def email(self, row: Row, key: str) -> str:
        text = self.text(row, key)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.error(row, key, BAD_EMAIL, value=text)
        return text

    def number(self, row: Row, key: str, *, required: bool = False) -> int | None:
        text = self.text(row, key, required=required)
        if not text:
            return None
        if not text.isdigit():
            self.error(row, key, BAD_NUMBER, value=text)
            return None
        return int(text)


def labels_of(words: dict[str, str]) -> list[str]:
    """The canonical words of a vocabulary: the first word given for each value."""
    seen: dict[str, str] = {}
    for word, value in words.items():
        seen.setdefault(value, word)
    return list(seen.values())


def normalize(text: str) -> str:
    """Compare headers and words ignoring case, ё/е, extra spaces and a trailing «*»."""
    text = text.replace("\ufeff", "").strip().rstrip("*:").strip().lower()
    return re.sub(r"\s+", " ", text.replace("ё", "е"))


def parse_date(text: str) -> datetime.date | None:
    match = DATE_RE.match(text.strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE_RE.match(text.strip())
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def full_name(last: str, first: str, patronymic: str) -> str:
    return " ".join(p for p in (last, first, patronymic) if p)


def name_key(*parts: str) -> str:
    return normalize(" ".join(p for p in parts if p))


# --- Reading ---------------------------------------------------------------------


def read_table(content: bytes, columns: list[Column]) -> list[Row]:
    """Rows of an XLSX or CSV file keyed by column; FileError if it cannot be used."""
    if not content or not content.strip():
        raise FileError(str(EMPTY_FILE))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(str(OLD_EXCEL))
    read = _read_xlsx if content.startswith(b"PK") else _read_csv
    table = [(n, cells) for n, cells in read(content) if any(map(_filled, cells))]
    if not table:
        raise FileError(str(EMPTY_FILE))
    positions = _match_headers(table[0][1], columns)
    rows = []
    for number, cells in table[1:]:
        values = {
            key: _clean(cells[i]) if i < len(cells) else None
            for key, i in positions.items()
        }
        if any(_filled(v) for v in values.values()):
            rows.append(Row(number=number, values=values))
    if not rows:
        raise FileError(str(EMPTY_FILE))
    return rows


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _clean(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _match_headers(headers: list[Any], columns: list[Column]) -> dict[str, int]:
    names = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names.setdefault(normalize(name), column.key)
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = names.get(normalize(str(header or "")))
        if key is not None and key not in positions:
            positions[key] = index
    missing = [
        f"«{c.header}»" for c in columns if c.required and c.key not in positions
    ]
    if missing:
        raise FileError(str(MISSING_COLUMNS) % {"columns": ", ".join(missing)})
    return positions


def _read_xlsx(content: bytes) -> list[tuple[int, list[Any]]]:
    try:
        return uploads.xlsx_rows(content)
    except uploads.UploadRefused as error:
        raise FileError(error.message) from error


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise FileError(str(NOT_A_TABLE))
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in Russia saves «CSV (разделители — точки с запятой)» in Windows-1251.
        return content.decode("cp1251", errors="replace")


def _read_csv(content: bytes) -> list[tuple[int, list[Any]]]:
    text = _decode(content)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0 and len(first_line) > 200:
        raise FileError(str(NOT_A_TABLE))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return uploads.bounded_rows((reader.line_num, row) for row in reader)
    except uploads.UploadRefused as error:
        raise FileError(error.message) from error
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            limit = settings.IMPORT_MAX_CELL_CHARS
            message = str(uploads.CELL_TOO_LONG) % {
                "row": reader.line_num,
                "limit": limit,
            }
            raise FileError(message) from error
        raise FileError(str(NOT_A_TABLE)) from error
