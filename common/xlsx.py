"""Writing a list page to an Excel workbook: every list has an export, and all go through here."""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Rows are made and then written a batch at a time, not one by one: a row's values (a list's columns, the
# risk rules behind them) computed between openpyxl's writes of the row before cost a tenth more of the
# whole file (region scale, the candidates' file: 195 ms against 164, median of 25), the two kinds of
# work each running colder; a batch keeps that gain and holds only its own rows, whatever the file's length.
ROWS_PER_BATCH = 500


def cell_value(sheet: Any, value: Any) -> Any:
    """What a write-only sheet's row takes for ``value``: text that starts like a formula becomes a cell
    stored as a string with Excel's quote prefix, so it stays text even when someone edits the cell; a
    date becomes a cell shown as a date. Any other value (plain text, a number, empty) goes in as it is:
    a cell object for each of thousands of cells was most of an export's time."""
    if isinstance(value, str):
        if not value.startswith(FORMULA_PREFIXES):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            # Excel has no time zones: write the time the reader sees on the page (the municipality's zone).
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    return value


def make_cell(sheet: Any, value: Any) -> Cell:
    """A cell of ``value`` as ``cell_value`` writes it, always a cell object (for one to be styled)."""
    value = cell_value(sheet, value)
    return value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)


def table_to_xlsx(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
    omit: Collection[str] = (),
) -> bytes:
    """A one-sheet workbook with a bold, frozen, filterable header; dates stay real dates.

    ``omit`` names columns left out (e.g. ``school_column_omitted(user)``: a school head's export has no
    «Школа» column, as their lists on screen have none).
    """
    if omit:
        keep = [index for index, header in enumerate(headers) if header not in omit]
        widths = [widths[index] for index in keep if index < len(widths)] if widths else widths
        headers = [headers[index] for index in keep]
        rows = ([row[index] for index in keep] for row in rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for batch in _batches(rows, ROWS_PER_BATCH):
        for row in [[cell_value(sheet, value) for value in row] for row in batch]:
            sheet.append(row)
        count += len(batch)
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def school_column_omitted(user) -> tuple[str, ...]:
    """The columns a person's exports leave out: «Школа» for a school head (it is always their school)."""
    return ("Школа",) if getattr(user, "is_school_head", False) else ()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
