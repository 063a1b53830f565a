"""The floor of an Excel file: its own cells written again from memory.

A file's figure is its build beside the part nothing can beat, as a PDF's is beside WeasyPrint on the
finished HTML: openpyxl writing the same cells, with the same values (the dates, numbers and long titles
as they stand in the file) and the same styles (a coloured status, a bold header, a date's format), from
rows already in memory, in write-only mode. Each distinct style is built once and copied to its cells, the
cheapest way openpyxl has to style thousands of cells. What the build adds over it is the reading of the
rows, the columns' values and the choice of each cell's look.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

Look = tuple[Any, ...]  # font, fill, number format, alignment, quote prefix (text that looks like a formula)


@dataclass
class Sheet:
    title: str
    looks: list[Look]
    rows: list[list[tuple[Any, int]]]  # (value, index of its look in ``looks``, or -1 when plain)


def read_cells(content: bytes) -> list[Sheet]:
    """Every sheet of a built file as rows of (value, look), read once before the floor is timed."""
    workbook = load_workbook(io.BytesIO(content))
    sheets = []
    for sheet in workbook.worksheets:
        looks: dict[Look, int] = {}
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                if cell.has_style:
                    look = (
                        copy(cell.font),
                        copy(cell.fill),
                        cell.number_format,
                        copy(cell.alignment),
                        cell.quotePrefix,
                    )
                    cells.append((cell.value, looks.setdefault(look, len(looks))))
                else:
                    cells.append((cell.value, -1))
            rows.append(cells)
        sheets.append(Sheet(title=sheet.title, looks=list(looks), rows=rows))
    return sheets


def write_cells(sheets: list[Sheet]) -> bytes:
    """The same cells written from memory: plain values as they are, a styled cell copied from the one
    cell built for its look."""
    workbook = Workbook(write_only=True)
    for read in sheets:
        sheet = workbook.create_sheet(title=read.title)
        prototypes = []
        for font, fill, number_format, alignment, quote_prefix in read.looks:
            prototype = WriteOnlyCell(sheet)
            prototype.font, prototype.fill = font, fill
            prototype.number_format, prototype.alignment = number_format, alignment
            prototype.quotePrefix = quote_prefix
            prototypes.append(prototype)
        for row in read.rows:
            out = []
            for value, look in row:
                if look < 0:
                    out.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                cell._style = copy(prototypes[look]._style)
                if cell.quotePrefix:
                    cell.data_type = "s"
                out.append(cell)
            sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def same_cells(content: bytes) -> Callable[[], bytes]:
    """The floor of a file: a call that writes ``content``'s cells again from memory."""
    sheets = read_cells(content)
    return lambda: write_cells(sheets)
