"""Writing a list page to an Excel workbook: every list has an export, and all go through here."""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def make_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """A cell whose text can never run as a formula: text that starts like one is stored as a string
    with Excel's quote prefix, so it stays text even when someone edits the cell."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the time the reader sees on the page (the municipality's zone).
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY"
    return cell


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
    for row in rows:
        sheet.append([make_cell(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def school_column_omitted(user) -> tuple[str, ...]:
    """The columns a person's exports leave out: «Школа» for a school head (it is always their school)."""
    return ("Школа",) if getattr(user, "is_school_head", False) else ()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
