"""What the results imports of the department (ЕГЭ, ОГЭ, ВПР) share: whose remembered column choices they
use, the messages for missing columns, the filled rows under the header, and read → parse → save."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from openpyxl import Workbook

from common.imports import (
    Column,
    Header,
    Issue,
    MissingColumns,
    TableError,
    answers_from_form,
    cell_text,
    column_letter,
    read_table,
    remember_columns,
)
from schools.models import Municipality

Report = TypeVar("Report")


@dataclass
class ResultReport:
    """What a results import found: the file, its errors, whether it was saved, the column question."""

    filename: str
    dry_run: bool
    rows: list = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    saved: bool = False
    missing: MissingColumns | None = None  # the columns a person has to point at (the column question)

    @property
    def ok(self) -> bool:
        return not self.errors

    def _json(self, **counts: int) -> dict:
        """The answer of the command's --json and the upload's record: these keys, then ``counts``."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "file": self.filename,
            "rows": len(self.rows),
            **counts,
            "errors": [issue.as_json() for issue in self.errors],
        }


def column_scope(municipality: Municipality) -> str:
    """Whose remembered column choices a results file uses: the department's."""
    return f"municipality:{municipality.pk}"


def remember_answers(
    *, municipality: Municipality, kind: str, columns: Sequence[Column], data: Mapping[str, str]
) -> dict[str, str]:
    """Remember the column question's answers for the department's next files of this kind."""
    answers = answers_from_form(data, columns)
    if answers:
        remember_columns(scope=column_scope(municipality), kind=kind, answers=answers)
    return answers


def missing_column_issues(exc: MissingColumns) -> list[Issue]:
    """One issue per required column the header row lacks."""
    return [
        Issue(f"в строке заголовка {exc.header_row} нет столбца «{column.title}»") for column in exc.missing
    ]


def titled_positions(header: Header, columns: Sequence[Column]) -> dict[str, int]:
    """Where each found column stands, by its title (the name the messages and the row readers use)."""
    titles = {column.key: column.title for column in columns}
    return {titles[key]: index for key, index in header.positions.items() if key in titles}


def filled_rows(rows: list[list[object]], header: Header) -> Iterator[tuple[int, list[object]]]:
    """(row number in the file, cells) for every row under the header with anything in it."""
    for offset, cells in enumerate(rows[header.row_number :]):
        if any(cell_text(c) for c in cells):
            yield header.row_number + 1 + offset, cells


def read_parse_save(
    *,
    content: bytes,
    filename: str,
    dry_run: bool,
    unreadable: Callable[[Issue], Report],
    parse: Callable[[list[list[Any]]], Report],
    save: Callable[[Report], None],
) -> Report:
    """Read the table, parse it into a report, and save the report when it has no errors and this is not
    a dry run; a file that cannot be read gives ``unreadable(issue)``."""
    try:
        rows = read_table(content, filename)
    except TableError as exc:
        return unreadable(Issue(str(exc)))
    report = parse(rows)
    if report.ok and not dry_run:  # type: ignore[attr-defined]
        save(report)
    return report


def template_xlsx(
    *,
    title: str,
    header: Sequence[str],
    examples: Sequence[Sequence[object]],
    widths: Sequence[int],
    date_columns: Sequence[int],
) -> bytes:
    """The template offered for download: the header, generated example rows, column widths, and the
    date format on ``date_columns`` (1-based) of the examples."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for example in examples:
        sheet.append(list(example))
    for index, width in enumerate(widths):
        sheet.column_dimensions[column_letter(index)].width = width
    for row in range(2, 2 + len(examples)):
        for column in date_columns:
            sheet.cell(row=row, column=column).number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
