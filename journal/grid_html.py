"""The grid's cells as HTML strings.

A 30 × 60 journal has 1,800 cells; rendering each through the template engine
cost several hundred milliseconds, so the page and the htmx cell endpoint both
build a cell here, with every user-entered value escaped.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from journal.selectors.grid import Cell, Column, MarkEntry, Row


def _mark_html(mark: MarkEntry) -> str:
    title = mark.kind_name + (f": {mark.comment}" if mark.comment else "")
    css = "jg-mark jg-commented" if mark.comment else "jg-mark"
    short = f"<sub>{escape(mark.kind_short)}</sub>" if mark.kind_short else ""
    return (
        f'<span class="{css}" title="{escape(title)}">{escape(mark.value)}'
        f"{short}</span> "
    )


def _column_attrs(column: Column) -> dict[str, str]:
    """The parts of a cell that repeat down a column, escaped once."""
    cached = getattr(column, "_html", None)
    if cached is None:
        cached = {
            "key": column.key,
            "editable": "1" if column.editable else "0",
        }
        column._html = cached
    return cached


def cell_html(cell: Cell, *, state: str = "", error: str = "") -> SafeString:
    """One <td> of the grid: marks with kind and comment, attendance, saved/error."""
    attrs = _column_attrs(cell.column)
    editable = attrs["editable"] if cell.in_group else "0"
    # Why a cell is locked is said once, by its column's header; here only the
    # pupil's own reasons, so 1,800 cells do not repeat one sentence.
    title = error or ("" if cell.in_group else cell.reason)
    title = f' title="{escape(title)}"' if title else ""
    state_attr = f' data-state="{state}"' if state else ""
    marks = "".join(_mark_html(mark) for mark in cell.marks)
    attendance = (
        f'<span class="jg-att">{escape(cell.attendance)}</span>'
        if cell.attendance
        else ""
    )
    alert = (
        f'<span class="jg-error" role="alert">{escape(error)}</span>' if error else ""
    )
    return mark_safe(
        f'<td class="{cell.css}" id="jg-{cell.student_id}-{attrs["key"]}" '
        f'data-editable="{editable}"{state_attr}{title}>'
        f'<span class="jg-value">{marks}{attendance}</span>{alert}</td>'
    )


def row_cells_html(row: Row) -> SafeString:
    """All lesson cells of a pupil's row in one string."""
    return mark_safe("".join(cell_html(cell) for cell in row.cells))
