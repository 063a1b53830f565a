"""What the results imports of the department (ЕГЭ, ОГЭ, ВПР) share: whose remembered column choices they
use, the messages for missing columns, the filled rows under the header, the school, subject and date
cells, the check for a participant given twice, and read → parse → save.

The two per-row imports (ЕГЭ, ОГЭ) are each a ``ResultsFile``: a declaration of what differs — its kind,
columns, report, how it reads the rows under the header and how it saves them."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.utils import timezone
from openpyxl import Workbook

from common.imports import (
    Column,
    Header,
    Issue,
    MissingColumns,
    RowReader,
    TableError,
    answers_from_form,
    cell_date,
    cell_text,
    column_letter,
    column_question,
    find_header,
    read_table,
    remember_columns,
    remembered_columns,
)
from schools.dates import is_impossible_date
from schools.models import Municipality, School

from .subjects import match_subject, subject_index

if TYPE_CHECKING:
    from .models import ResultUpload, Subject

Report = TypeVar("Report")
Row = TypeVar("Row")
PREVIEW_ROWS = 15  # rows of a file the upload page shows before it is confirmed
NO_ROWS = "Под заголовком нет ни одной строки с результатами."
# The columns the per-row results files have in common (SchoolsAndSubjects and read_exam_date read them).
SCHOOL_CODE = Column("school_code", "Код ОО", required=True)
PARTICIPANT_CODE = Column("participant_code", "Код участника")
SUBJECT = Column("subject", "Предмет", required=True)
PRIMARY_SCORE = Column("primary_score", "Первичный балл")


@dataclass
class ResultReport(ABC):
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

    @abstractmethod
    def as_json(self) -> dict:
        """The report as ``--json`` prints it (each import its own keys)."""

    @abstractmethod
    def preview(self, row: Any) -> list:
        """One row as the upload page's preview shows it."""

    def summary(self) -> dict:
        """What the upload page keeps: the figures, the column question, and the first rows as a preview."""
        data = self.as_json()
        data.pop("errors")
        if self.missing is not None:
            data["column_question"] = column_question(self.missing)
        data["preview"] = [self.preview(row) for row in self.rows[:PREVIEW_ROWS]]
        return data

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


def filled_rows(rows: list[list[object]], header_row: int) -> Iterator[tuple[int, list[object]]]:
    """(row number in the file, cells) for every row under the header (row ``header_row``, as Excel
    counts) with anything in it."""
    for offset, cells in enumerate(rows[header_row:]):
        if any(cell_text(c) for c in cells):
            yield header_row + 1 + offset, cells


def read_unique_rows(
    report: Any,
    rows: list[list[object]],
    header_row: int,
    columns: dict[str, int],
    read_row: Callable[[RowReader], Row | None],
    *,
    key: Callable[[Row], Hashable | None],
    repeat: Callable[[Row, int], str],
    column: str,
    empty: str = NO_ROWS,
) -> None:
    """Read each filled row under the header with ``read_row`` (None: the row had errors, put in
    ``report.errors`` through its RowReader) into ``report.rows``, unless an earlier row has the same
    ``key`` (None: the row cannot repeat one): that is an error at ``column`` saying ``repeat(row, the
    earlier row's number)``. No row at all and no errors: the error ``empty``."""
    seen: dict[Hashable, int] = {}
    for number, cells in filled_rows(rows, header_row):
        row = read_row(RowReader(cells, number, columns, report.errors))
        if row is None:
            continue
        found = key(row)
        if found is not None:
            if found in seen:
                report.errors.append(
                    Issue(repeat(row, seen[found]), number, column, column_letter(columns[column]))
                )
                continue
            seen[found] = number
        report.rows.append(row)
    if not report.rows and not report.errors:
        report.errors.append(Issue(empty))


def cell_date_problem(value: object) -> str:
    """Why a cell is not a date: no such day, or not written as one."""
    return "такой даты нет" if is_impossible_date(cell_text(value)) else "ожидается дата ДД.ММ.ГГГГ"


def read_exam_date(reader: RowReader) -> date | None:
    """The «Дата экзамена» of a row: a day that has come; None, with the row's error, otherwise."""
    value = reader.cell("Дата экзамена")
    exam_date = cell_date(value)
    if exam_date is None:
        reader.bad("Дата экзамена", f"«{cell_text(value)}» — {cell_date_problem(value)}")
    elif exam_date > timezone.localdate():
        reader.bad(
            "Дата экзамена", f"{exam_date:%d.%m.%Y} — этот день ещё не наступил, результатов быть не может"
        )
        return None
    return exam_date


class SchoolsAndSubjects:
    """The department's schools by code and the subjects' index: what the «Код ОО» and «Предмет» cells
    of a row name."""

    def __init__(self, municipality: Municipality) -> None:
        self.schools = {s.code.lower(): s for s in School.objects.filter(municipality=municipality)}
        self.subjects = subject_index()

    def read(self, reader: RowReader) -> tuple[School | None, Subject | None]:
        """The row's school and subject; None, with the row's error, for one not found."""
        school_code = cell_text(reader.cell("Код ОО"))
        school = self.schools.get(school_code.lower())
        if school is None:
            reader.bad("Код ОО", f"нет школы с кодом «{school_code}»" if school_code else "не указан код ОО")
        subject_text = cell_text(reader.cell("Предмет"))
        subject = match_subject(subject_text, self.subjects) if subject_text else None
        if subject is None:
            reader.bad(
                "Предмет",
                f"предмет «{subject_text}» не найден в справочнике" if subject_text else "не указан предмет",
            )
        return school, subject


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


R = TypeVar("R", bound=ResultReport)


@dataclass(frozen=True)
class ResultsFile(Generic[R]):
    """A results file read one participant per row, by what differs between them.

    ``columns`` are all the columns read; the header is looked for in the first ``search_rows`` rows (all
    when None). ``no_header(exc)`` is the one message for a file without a usable header row (None: one
    message per missing column instead); ``columns_problem(columns by title, header)`` refuses a header
    without the columns the rows need. ``rows(report, municipality)`` gives the reader of one row, with
    what it looks up loaded once; ``unique(row)`` is what two rows may not share (None: nothing),
    ``repeat(row, the earlier row's number)`` the error at ``repeat_column`` when they do; ``empty`` the
    error of a header with no rows under it ({row}: the header's row). ``save(report, upload)`` stores.
    """

    kind: str  # the kind of file, for the remembered column choices
    columns: tuple[Column, ...]
    report: type[R]
    no_header: Callable[[MissingColumns], str | None]
    columns_problem: Callable[[dict[str, int], Header], str | None]
    rows: Callable[[R, Municipality], Callable[[RowReader], Any]]
    unique: Callable[[Any], Hashable | None]
    repeat: Callable[[Any, int], str]
    repeat_column: str
    save: Callable[[R, ResultUpload | None], None]
    search_rows: int | None = None
    empty: str = NO_ROWS

    def column_answers(self, *, municipality: Municipality, data: Mapping[str, str]) -> dict[str, str]:
        """Remember the column question's answers for the department's next files of this kind."""
        return remember_answers(municipality=municipality, kind=self.kind, columns=self.columns, data=data)

    def parse(
        self,
        *,
        rows: list[list[object]],
        municipality: Municipality,
        filename: str,
        dry_run: bool,
        chosen: Mapping[str, str] | None = None,
    ) -> R:
        """``chosen`` maps a column key to the file's header a person pointed at (the department's
        remembered choices when None)."""
        report = self.report(filename=filename, dry_run=dry_run)
        if chosen is None:
            chosen = remembered_columns(scope=column_scope(municipality), kind=self.kind)
        search_rows = len(rows) if self.search_rows is None else min(len(rows), self.search_rows)
        try:
            header = find_header(rows, self.columns, chosen=chosen, search_rows=search_rows)
        except MissingColumns as exc:
            report.missing = exc
            problem = self.no_header(exc)
            report.errors += [Issue(problem)] if problem else missing_column_issues(exc)
            return report
        columns = titled_positions(header, self.columns)
        problem = self.columns_problem(columns, header)
        if problem:
            report.errors.append(Issue(problem))
            return report
        read_unique_rows(
            report,
            rows,
            header.row_number,
            columns,
            self.rows(report, municipality),
            key=self.unique,
            repeat=self.repeat,
            column=self.repeat_column,
            empty=self.empty.format(row=header.row_number),
        )
        return report

    def run(
        self,
        *,
        content: bytes,
        filename: str,
        municipality: Municipality,
        dry_run: bool = False,
        upload: ResultUpload | None = None,
        chosen: Mapping[str, str] | None = None,
    ) -> R:
        """Check the file and, unless ``dry_run`` or it has errors, save its rows: all or nothing."""
        return read_parse_save(
            content=content,
            filename=filename,
            dry_run=dry_run,
            unreadable=lambda issue: self.report(filename=filename, dry_run=dry_run, errors=[issue]),
            parse=lambda rows: self.parse(
                rows=rows, municipality=municipality, filename=filename, dry_run=dry_run, chosen=chosen
            ),
            save=lambda report: self.save(report, upload),
        )


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
