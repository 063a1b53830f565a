"""The old home of the table reader of the ВПР and ЕГЭ imports: everything now lives in the import toolkit
(``common.imports``). These names stay importable for the importers not yet ported."""

from __future__ import annotations

from common.imports import (
    SPREADSHEET_SUFFIXES,
    Issue,
    RowReader,
    TableError,
    cell_date,
    cell_int,
    cell_text,
    column_letter,
    read_table,
)

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "Issue",
    "RowReader",
    "TableError",
    "cell_date",
    "cell_int",
    "cell_text",
    "column_letter",
    "read_rows",
]


def read_rows(content: bytes, filename: str) -> list[list[object]]:
    """The first sheet, from cell A1, so that list index + 1 is the row number Excel shows."""
    return read_table(content, filename)
