"""Import of ОГЭ results: one participant per row — school code, subject, date (or year), the mark «2»…«5»
and the primary score; a participant code and a class when the list has them.

Lists come from the РЦОИ in many shapes: the headers are read through the synonyms of
``common.imports.headers``, in any order, with extra columns (ФИО among them) ignored — no name is kept.
A confirmed file replaces the results of the same schools, subjects and years. All or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from common.imports import Column, Header, MissingColumns, RowReader, cell_int, cell_text
from schools.models import Municipality, School

from . import result_imports as results
from .models import OgeResult, ResultUpload, Subject

KIND = "oge"  # the kind of file, for the remembered column choices
FIELDS = (
    results.SCHOOL_CODE,
    results.PARTICIPANT_CODE,
    Column("class", "Класс"),
    results.SUBJECT,
    Column("exam_date", "Дата экзамена"),
    Column("year", "Год"),
    results.PRIMARY_SCORE,
    Column("exam_mark", "Отметка", required=True),
)
COLUMNS = tuple(column.title for column in FIELDS)
MARK_WORDS = {"отлично": 5, "хорошо": 4, "удовлетворительно": 3, "неудовлетворительно": 2}
_QUOTES = re.compile(r"[«»\"'“”„]")


def read_mark(value: object) -> int | None:
    """«5», 5, 5.0, «отлично», «5 (отлично)» → 5; None when the cell is not a mark 2…5."""
    text = _QUOTES.sub("", cell_text(value)).strip().lower()
    if text in MARK_WORDS:
        return MARK_WORDS[text]
    mark = cell_int(text.split("(")[0].strip()) if text else None
    return mark if mark in (2, 3, 4, 5) else None


@dataclass
class OgeRow:
    row: int
    school: School
    subject: Subject
    year: int
    exam_date: date | None
    code: str
    class_name: str
    primary: int | None
    mark: int


@dataclass
class OgeReport(results.ResultReport):
    rows: list[OgeRow] = field(default_factory=list)
    replaced: int = 0

    def groups(self) -> dict[str, int]:
        """«Школа: предмет, год» → participants, as the preview and the summary show them."""
        counts = Counter(f"{r.school.short_name}: {r.subject.name}, {r.year}" for r in self.rows)
        return dict(sorted(counts.items()))

    def as_json(self) -> dict:
        return self._json(replaced=self.replaced)

    def summary(self) -> dict:
        return {**super().summary(), "groups": self.groups()}

    def preview(self, row: OgeRow) -> list:
        return [
            row.school.short_name,
            row.code,
            row.subject.name,
            row.exam_date.strftime("%d.%m.%Y") if row.exam_date else row.year,
            row.primary if row.primary is not None else "",
            row.mark,
        ]


def _no_header(exc: MissingColumns) -> str | None:
    return str(exc) if exc.header_row is None or not exc.found else None


def _columns_problem(columns: dict[str, int], header: Header) -> str | None:
    if "Дата экзамена" not in columns and "Год" not in columns:
        return f"в строке заголовка {header.row_number} нет ни «Даты экзамена», ни «Года»: год не узнать"
    return None


def _rows(report: OgeReport, municipality: Municipality) -> Callable[[RowReader], OgeRow | None]:
    known = results.SchoolsAndSubjects(municipality)
    return lambda reader: _row(report, reader, known)


def _row(report: OgeReport, reader: RowReader, known: results.SchoolsAndSubjects) -> OgeRow | None:
    before = len(report.errors)
    cell, bad = reader.cell, reader.bad
    school, subject = known.read(reader)
    exam_date, year = None, None
    if cell_text(cell("Дата экзамена")):
        exam_date = results.read_exam_date(reader)
        year = exam_date.year if exam_date else None
    elif "Год" in reader.columns:
        year = cell_int(cell("Год"))
        if year is None or not 2000 <= year <= timezone.localdate().year:
            bad("Год", f"«{cell_text(cell('Год'))}» — ожидается год экзамена, например 2024")
            year = None
    else:
        bad("Дата экзамена", "не указана дата экзамена")
    mark = read_mark(cell("Отметка"))
    if mark is None:
        bad("Отметка", f"«{cell_text(cell('Отметка'))}» — ожидается отметка от 2 до 5")
    primary_text = cell_text(cell("Первичный балл"))
    primary = cell_int(primary_text) if primary_text else None
    if primary_text and (primary is None or primary > 100):
        bad("Первичный балл", f"«{primary_text}» — ожидается целое число от 0 до 100 или пустая ячейка")
    if len(report.errors) != before:
        return None
    return OgeRow(
        row=reader.number,
        school=school,
        subject=subject,
        year=year,
        exam_date=exam_date,
        code=cell_text(cell("Код участника"))[:32],
        class_name=cell_text(cell("Класс"))[:8],
        primary=primary,
        mark=mark,
    )


def _save(report: OgeReport, upload: ResultUpload | None) -> None:
    groups = {(r.school.pk, r.subject.pk, r.year) for r in report.rows}
    with transaction.atomic():
        for school_id, subject_id, year in sorted(groups):
            deleted, _ = OgeResult.objects.filter(
                school_id=school_id, subject_id=subject_id, year=year
            ).delete()
            report.replaced += deleted
        OgeResult.objects.bulk_create(
            OgeResult(
                school=r.school,
                subject=r.subject,
                year=r.year,
                exam_date=r.exam_date,
                participant_code=r.code,
                class_name=r.class_name,
                primary_score=r.primary,
                mark=r.mark,
                upload=upload,
            )
            for r in report.rows
        )
    report.saved = True


OGE = results.ResultsFile(
    kind=KIND,
    columns=FIELDS,
    report=OgeReport,
    no_header=_no_header,
    columns_problem=_columns_problem,
    rows=_rows,
    unique=lambda row: (row.school.pk, row.subject.pk, row.year, row.code.lower()) if row.code else None,
    repeat=lambda row, first: f"участник «{row.code}» уже есть по предмету «{row.subject}» в строке {first}",
    repeat_column="Код участника",
    save=_save,
    search_rows=30,
    empty="Под строкой заголовков (строка {row}) нет результатов.",
)
oge_import = OGE.run
oge_column_answers = OGE.column_answers


def oge_template_xlsx() -> bytes:
    """The template offered for download: the header and two generated example rows."""
    return results.template_xlsx(
        title="ОГЭ",
        header=COLUMNS,
        examples=[
            ["S0001", "2024-090001", "9А", "Математика", date(2024, 6, 4), 2024, 17, 4],
            ["S0001", "2024-090002", "9Б", "Русский язык", date(2024, 6, 7), 2024, 29, 5],
        ],
        widths=(10, 16, 8, 20, 14, 8, 14, 10),
        date_columns=(5,),
    )
