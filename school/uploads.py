"""Limits every upload and import shares: file size, rows, columns, cell length.

The numbers are settings (``UPLOAD_MAX_MB``, ``HOMEWORK_FILE_MAX_MB``,
``IMPORT_MAX_ROWS``, ``IMPORT_MAX_COLUMNS``, ``IMPORT_MAX_CELL_CHARS``,
``IMPORT_MAX_ERRORS``, ``XLSX_MAX_UNPACKED_MB``); each refusal names its limit.
A hostile file is refused while it is read: the reading stops at the first row
past a limit, and a workbook that unpacks past its limit is not opened.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024

FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
TOO_MANY_ROWS = _(
    "The file has more than %(limit)s rows; split the list into several files."
)
TOO_MANY_COLUMNS = _(
    "Row %(row)s of the file has more than %(limit)s columns; keep only the "
    "columns of the list."
)
CELL_TOO_LONG = _(
    "A cell in row %(row)s is longer than %(limit)s characters; shorten it."
)
UNPACKS_TOO_LARGE = _(
    "The workbook unpacks to more than %(limit)s MB; save only the list in a new "
    "workbook and upload it again."
)
NOT_A_WORKBOOK = _("The file could not be read as an Excel workbook (.xlsx).")


class UploadRefused(Exception):
    """A file breaks a limit; the message names it."""

    def __init__(self, message, **params):
        self.message = str(message) % params
        super().__init__(self.message)


def upload_max_mb() -> int:
    return settings.UPLOAD_MAX_MB


def homework_file_max_mb() -> int:
    return settings.HOMEWORK_FILE_MAX_MB


def ensure_size(upload, *, limit_mb: int | None = None) -> None:
    """A form-level check: the file is no larger than the limit (MB)."""
    limit_mb = limit_mb or upload_max_mb()
    if upload.size > limit_mb * MB:
        raise ValidationError(FILE_TOO_LARGE, params={"limit": limit_mb})


def ensure_content_size(content: bytes, *, limit_mb: int | None = None) -> None:
    """A service-level check of the same limit on the bytes themselves."""
    limit_mb = limit_mb or upload_max_mb()
    if len(content) > limit_mb * MB:
        raise ValidationError(FILE_TOO_LARGE, params={"limit": limit_mb})


def check_cells(number: int, cells: list[Any]) -> None:
    """One row within the column and cell-length limits."""
    max_columns = settings.IMPORT_MAX_COLUMNS
    if len(cells) > max_columns and any(
        c is not None and str(c) != "" for c in cells[max_columns:]
    ):
        raise UploadRefused(TOO_MANY_COLUMNS, row=number, limit=max_columns)
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    if any(isinstance(c, str) and len(c) > max_chars for c in cells):
        raise UploadRefused(CELL_TOO_LONG, row=number, limit=max_chars)


def bounded_rows(
    rows: Iterator[tuple[int, list[Any]]], *, max_rows: int | None = None
) -> list[tuple[int, list[Any]]]:
    """Every row, read until a limit is passed; UploadRefused names it."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    taken, filled = [], 0
    for number, cells in rows:
        check_cells(number, cells)
        if any(c is not None and str(c).strip() != "" for c in cells):
            # The header row is not counted against the limit.
            if filled > max_rows:
                raise UploadRefused(TOO_MANY_ROWS, limit=max_rows)
            filled += 1
        taken.append((number, cells))
    return taken


def check_workbook_size(content: bytes) -> None:
    """Refuse a workbook (a zip) whose parts unpack past the limit."""
    limit = settings.XLSX_MAX_UNPACKED_MB
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRefused(NOT_A_WORKBOOK) from error
    if unpacked > limit * MB:
        raise UploadRefused(UNPACKS_TOO_LARGE, limit=limit)


def xlsx_rows(content: bytes, *, max_rows: int | None = None):
    """Rows of the first sheet as (number, cells), bounded before openpyxl reads."""
    from openpyxl import load_workbook

    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    check_workbook_size(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # a damaged or foreign zip fails in many ways
        raise UploadRefused(NOT_A_WORKBOOK) from error
    try:
        sheet = book.worksheets[0]
        # A sheet may claim a huge dimension to make the reader pad empty cells:
        # read one column and a margin of empty rows past the limits only.
        cells = sheet.iter_rows(
            values_only=True,
            max_row=2 * max_rows + 100,
            max_col=settings.IMPORT_MAX_COLUMNS + 1,
        )
        return bounded_rows(
            ((n, list(row)) for n, row in enumerate(cells, start=1)),
            max_rows=max_rows,
        )
    except UploadRefused:
        raise
    except Exception as error:  # a damaged sheet inside a valid zip
        raise UploadRefused(NOT_A_WORKBOOK) from error
    finally:
        book.close()


def error_report(errors: list[dict]) -> tuple[list[dict], int]:
    """The first IMPORT_MAX_ERRORS errors to store, and how many there were."""
    return errors[: settings.IMPORT_MAX_ERRORS], len(errors)


class _OversizedUpload(SimpleUploadedFile):
    """What is left of a file past the largest limit: its name and its real size."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(name, b"", content_type)
        self.size = size


class LimitedUploadHandler(FileUploadHandler):
    """Stops keeping an uploaded file past the largest upload limit.

    The rest of the body is read and dropped, so nothing beyond the limit reaches
    memory or disk; the form then sees the real size and names the limit.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = max(upload_max_mb(), homework_file_max_mb()) * MB

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return _OversizedUpload(self.file_name, self.content_type, self.received)
        return None
