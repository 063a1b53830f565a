"""Reading an uploaded table (.xlsx/.xls/.ods through python-calamine, or .csv) into rows of cells,
and the row/column wording every import error uses."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from schools.school_import import broken_utf8_problem, workbook_problem

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class TableError(Exception):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class Issue:
    """One problem of an import, placed in the file: row number as Excel shows it, column by its header."""

    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»" + (f" ({self.letter})" if self.letter else ""))
        if not where:
            return self.message
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.message}"

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)


@dataclass(frozen=True)
class RowReader:
    """One data row of an import: its cells by header name, and its errors placed at row and column."""

    cells: list[object]
    number: int
    columns: dict[str, int]
    errors: list[Issue]

    def cell(self, name: str) -> object:
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def bad(self, name: str, message: str) -> None:
        self.errors.append(Issue(message, self.number, name, column_letter(self.columns[name])))


def read_rows(content: bytes, filename: str) -> list[list[object]]:
    """The first sheet, from cell A1, so that list index + 1 is the row number Excel shows."""
    name = filename.lower()
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise TableError(
            f"Файл «{filename}» весит {filesizeformat(len(content))}, а можно не больше "
            f"{filesizeformat(settings.IMPORT_MAX_BYTES)}: разделите его на части."
        )
    if name.endswith(".csv"):
        return _read_csv(content)
    if not name.endswith(SPREADSHEET_SUFFIXES):
        raise TableError(f"Файл «{filename}»: ожидается таблица Excel (.xlsx) или CSV.")
    # .xls is not a zip; every other spreadsheet is checked as one before calamine opens it.
    problem = None if name.endswith(".xls") else workbook_problem(io.BytesIO(content), filename)
    if problem:
        raise TableError(problem)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError) as exc:
        raise TableError(
            f"Файл «{filename}» не читается как таблица Excel: возможно, он повреждён или это другой формат."
        ) from exc


def _read_csv(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = broken_utf8_problem(content)
        if problem:
            raise TableError(problem) from exc
        try:
            text = content.decode("cp1251")
        except UnicodeDecodeError:
            raise TableError("CSV-файл не в кодировке UTF-8 или Windows-1251.") from None
    sample = text[:4096]
    delimiter = max(";,\t", key=sample.count)
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def cell_int(value: object) -> int | None:
    """An integer written as 3, 3.0 or «3»; None when the cell holds anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value).replace(",", ".")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.0+", text):
        return int(float(text))
    return None


def cell_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern, order in ((DATE_RE, (3, 2, 1)), (ISO_DATE_RE, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(match.group(i)) for i in order))
            except ValueError:
                return None
    return None
