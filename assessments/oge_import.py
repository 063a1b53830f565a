"""Import of ОГЭ results: one participant per row — school code, subject, date (or year), the mark «2»…«5»
and the primary score; a participant code and a class when the list has them.

Lists come from the РЦОИ in many shapes: the headers are read through the synonyms of
``common.imports.headers``, in any order, with extra columns (ФИО among them) ignored — no name is kept.
A confirmed file replaces the results of the same schools, subjects and years. All or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from common.imports import (
    Column,
    Issue,
    MissingColumns,
    RowReader,
    cell_date,
    cell_int,
    cell_text,
    column_letter,
    column_question,
    find_header,
    remembered_columns,
)
from schools.dates import is_impossible_date
from schools.models import Municipality, School

from .models import OgeResult, ResultUpload, Subject
from .result_imports import (
    ResultReport,
    column_scope,
    filled_rows,
    missing_column_issues,
    read_parse_save,
    remember_answers,
    template_xlsx,
    titled_positions,
)
from .subjects import match_subject, subject_index

KIND = "oge"  # the kind of file, for the remembered column choices
FIELDS = (
    Column("school_code", "Код ОО", required=True),
    Column("participant_code", "Код участника"),
    Column("class", "Класс"),
    Column("subject", "Предмет", required=True),
    Column("exam_date", "Дата экзамена"),
    Column("year", "Год"),
    Column("primary_score", "Первичный балл"),
    Column("exam_mark", "Отметка", required=True),
)
COLUMNS = tuple(column.title for column in FIELDS)
PREVIEW_ROWS = 15
MARK_WORDS = {"отлично": 5, "хорошо": 4, "удовлетворительно": 3, "неудовлетворительно": 2}
_QUOTES = re.compile(r"[«»\"'“”„]")


def oge_column_answers(*, municipality: Municipality, data: Mapping[str, str]) -> dict[str, str]:
    """Remember the column question's answers for the department's next ОГЭ files."""
    return remember_answers(municipality=municipality, kind=KIND, columns=FIELDS, data=data)


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
class OgeReport(ResultReport):
    rows: list[OgeRow] = field(default_factory=list)
    replaced: int = 0

    def groups(self) -> dict[str, int]:
        """«Школа: предмет, год» → participants, as the preview and the summary show them."""
        counts = Counter(f"{r.school.short_name}: {r.subject.name}, {r.year}" for r in self.rows)
        return dict(sorted(counts.items()))

    def as_json(self) -> dict:
        return self._json(replaced=self.replaced)

    def summary(self) -> dict:
        data = self.as_json()
        data.pop("errors")
        data["groups"] = self.groups()
        if self.missing is not None:
            data["column_question"] = column_question(self.missing)
        data["preview"] = [
            [
                r.school.short_name,
                r.code,
                r.subject.name,
                r.exam_date.strftime("%d.%m.%Y") if r.exam_date else r.year,
                r.primary if r.primary is not None else "",
                r.mark,
            ]
            for r in self.rows[:PREVIEW_ROWS]
        ]
        return data


def oge_parse(
    *,
    rows: list[list[object]],
    municipality: Municipality,
    filename: str,
    dry_run: bool,
    chosen: Mapping[str, str] | None = None,
) -> OgeReport:
    """``chosen`` maps a column key to the file's header a person pointed at (the department's remembered
    choices when None)."""
    report = OgeReport(filename=filename, dry_run=dry_run)
    if chosen is None:
        chosen = remembered_columns(scope=column_scope(municipality), kind=KIND)
    try:
        header = find_header(rows, FIELDS, chosen=chosen, search_rows=min(len(rows), 30))
    except MissingColumns as exc:
        report.missing = exc
        if exc.header_row is None or not exc.found:
            report.errors.append(Issue(str(exc)))
        else:
            report.errors += missing_column_issues(exc)
        return report
    columns = titled_positions(header, FIELDS)
    if "Дата экзамена" not in columns and "Год" not in columns:
        report.errors.append(
            Issue(f"в строке заголовка {header.row_number} нет ни «Даты экзамена», ни «Года»: год не узнать")
        )
        return report
    schools = {s.code.lower(): s for s in School.objects.filter(municipality=municipality)}
    subjects = subject_index()
    seen: dict[tuple[int, int, int, str], int] = {}
    for number, cells in filled_rows(rows, header):
        parsed = _row(report, cells, number, columns, schools, subjects)
        if parsed is None:
            continue
        if parsed.code:
            key = (parsed.school.pk, parsed.subject.pk, parsed.year, parsed.code.lower())
            if key in seen:
                report.errors.append(
                    Issue(
                        f"участник «{parsed.code}» уже есть по предмету «{parsed.subject}» "
                        f"в строке {seen[key]}",
                        number,
                        "Код участника",
                        column_letter(columns["Код участника"]),
                    )
                )
                continue
            seen[key] = number
        report.rows.append(parsed)
    if not report.rows and not report.errors:
        report.errors.append(Issue(f"Под строкой заголовков (строка {header.row_number}) нет результатов."))
    return report


def _row(
    report: OgeReport,
    cells: list[object],
    number: int,
    columns: dict[str, int],
    schools: dict[str, School],
    subjects: dict,
) -> OgeRow | None:
    before = len(report.errors)
    reader = RowReader(cells, number, columns, report.errors)
    cell, bad = reader.cell, reader.bad

    school_code = cell_text(cell("Код ОО"))
    school = schools.get(school_code.lower())
    if school is None:
        bad("Код ОО", f"нет школы с кодом «{school_code}»" if school_code else "не указан код ОО")
    subject_text = cell_text(cell("Предмет"))
    subject = match_subject(subject_text, subjects) if subject_text else None
    if subject is None:
        bad(
            "Предмет",
            f"предмет «{subject_text}» не найден в справочнике" if subject_text else "не указан предмет",
        )
    exam_date, year = None, None
    written = cell_text(cell("Дата экзамена"))
    if written:
        exam_date = cell_date(cell("Дата экзамена"))
        if exam_date is None:
            problem = "такой даты нет" if is_impossible_date(written) else "ожидается дата ДД.ММ.ГГГГ"
            bad("Дата экзамена", f"«{written}» — {problem}")
        elif exam_date > timezone.localdate():
            bad(
                "Дата экзамена",
                f"{exam_date:%d.%m.%Y} — этот день ещё не наступил, результатов быть не может",
            )
        else:
            year = exam_date.year
    elif "Год" in columns:
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
        row=number,
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


def oge_import(
    *,
    content: bytes,
    filename: str,
    municipality: Municipality,
    dry_run: bool = False,
    upload: ResultUpload | None = None,
    chosen: Mapping[str, str] | None = None,
) -> OgeReport:
    return read_parse_save(
        content=content,
        filename=filename,
        dry_run=dry_run,
        unreadable=lambda issue: OgeReport(filename=filename, dry_run=dry_run, errors=[issue]),
        parse=lambda rows: oge_parse(
            rows=rows, municipality=municipality, filename=filename, dry_run=dry_run, chosen=chosen
        ),
        save=lambda report: _save(report, upload),
    )


def oge_template_xlsx() -> bytes:
    """The template offered for download: the header and two generated example rows."""
    return template_xlsx(
        title="ОГЭ",
        header=COLUMNS,
        examples=[
            ["S0001", "2024-090001", "9А", "Математика", date(2024, 6, 4), 2024, 17, 4],
            ["S0001", "2024-090002", "9Б", "Русский язык", date(2024, 6, 7), 2024, 29, 5],
        ],
        widths=(10, 16, 8, 20, 14, 8, 14, 10),
        date_columns=(5,),
    )
