"""Excel builders (openpyxl, write-only mode): data in, bytes out.

Every value goes through ``common.xlsx.cell_value`` (``make_cell`` where the cell is styled): text that
starts like a formula («=», «+», «-», «@») stays text, dates stay real dates.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from copy import copy
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.xlsx import cell_value, make_cell
from roadmaps.models import ProgressStatus
from roadmaps.progress import DONE_LATE, done_late_label

from .lists import objectivity_report_listing

if TYPE_CHECKING:
    from assessments.objectivity import ObjectivityRow

    from .documents import MatrixDocument

# The same colours as the status badges in the app: grey, blue, green, red, muted.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    ProgressStatus.NOT_STARTED: ("не начато", "D9D9D9"),
    ProgressStatus.IN_PROGRESS: ("в работе", "BDD7EE"),
    ProgressStatus.DONE: ("выполнено", "C6EFCE"),
    DONE_LATE: ("выполнено с опозданием", "FFEB9C"),
    "overdue": ("просрочено", "FFC7CE"),
    ProgressStatus.NOT_REQUIRED: ("не требуется", "F2F2F2"),
}
MATRIX_FIXED_HEADERS = ("№", "Мероприятие", "Сроки (как в документе)", "Срок окончания", "Выполнено, %")


def _styled(
    sheet: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = make_cell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def progress_matrix_xlsx(
    *, document: MatrixDocument, on_progress: Callable[[float], None] | None = None
) -> bytes:
    """Measures down, schools across, the status in each cell with its colour; frozen header, filters."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Исполнение")
    widths = [7, 60, 22, 13, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in range(len(widths) + 1, len(widths) + len(document.columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = f"{get_column_letter(len(widths) + 1)}2"
    bold = Font(bold=True)
    header_alignment = Alignment(wrap_text=True, vertical="top")
    header = []
    for value in (*MATRIX_FIXED_HEADERS, *document.columns):
        cell = _styled(sheet, value, font=bold)
        cell.alignment = header_alignment
        header.append(cell)
    sheet.append(header)
    fills = {
        code: PatternFill("solid", start_color=colour, end_color=colour)
        for code, (_, colour) in STATUS_STYLE.items()
    }
    labels = {code: label for code, (label, _) in STATUS_STYLE.items()}
    # Styling each of 90 000 cells through the descriptors hashes the fill every time; a styled cell per
    # status whose style index array is copied (as openpyxl's own worksheet copier does) is ten times faster.
    prototypes = {code: _styled(sheet, labels[code], fill=fill) for code, fill in fills.items()}

    def status_cell(code: str) -> WriteOnlyCell:
        code, _, days = code.partition(":")  # «done_late:12»: done 12 days after the deadline
        cell = WriteOnlyCell(sheet, value=done_late_label(int(days)) if days else labels[code])
        cell._style = copy(prototypes[code]._style)
        return cell

    total = len(document.measures) or 1
    for row_index, measure in enumerate(document.measures, start=1):
        row = [
            cell_value(sheet, measure.number),
            cell_value(sheet, measure.title),
            cell_value(sheet, measure.deadline_text),
            cell_value(sheet, measure.deadline),
            cell_value(sheet, measure.percent_done),
        ]
        row.extend(status_cell(code) if code else None for code in measure.cells)
        sheet.append(row)
        if on_progress is not None and row_index % 10 == 0:
            on_progress(row_index / total)
    last_column = get_column_letter(len(MATRIX_FIXED_HEADERS) + len(document.columns))
    sheet.auto_filter.ref = f"A1:{last_column}{len(document.measures) + 1}"

    legend = workbook.create_sheet(title="Легенда")
    legend.column_dimensions["A"].width = 24
    legend.column_dimensions["B"].width = 80
    legend.append([_styled(legend, "Дорожная карта", font=bold), cell_value(legend, document.title)])
    legend.append([_styled(legend, "По состоянию на", font=bold), cell_value(legend, document.as_of)])
    legend.append([])
    for code, (label, _) in STATUS_STYLE.items():
        legend.append([_styled(legend, label, fill=fills[code])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def objectivity_xlsx(*, rows: list[ObjectivityRow], year: int, omit: tuple[str, ...] = ()) -> bytes:
    """The objectivity of ВПР by school, subject and grade; a school head's file has no «Школа» column
    (``omit``, common.xlsx.school_column_omitted)."""
    return objectivity_report_listing(year).xlsx(rows, omit=omit)
