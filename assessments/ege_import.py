"""Import of ЕГЭ results per pupil: school code, ФИО or participant code, subject, date, scores.

A pupil is found within the school by the participant code stored from an earlier file, or else by
ФИО (and the birth date when two pupils share a name). The code is kept, so the next file may carry the
code alone. A re-upload replaces the pupil's result in that subject and year. All or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from common.imports import (
    Column,
    Header,
    Issue,
    MissingColumns,
    RowReader,
    cell_date,
    cell_int,
    cell_text,
    column_letter,
)
from schools.models import Municipality, Pupil, School

from . import result_imports as results
from .models import EgeResult, ResultUpload, Subject

KIND = "ege"  # the kind of file, for the remembered column choices
# The template's columns in order; the file may head them in any of the synonyms of common.imports.headers.
FIELDS = (
    results.SCHOOL_CODE,
    Column("last_name", "Фамилия"),
    Column("first_name", "Имя"),
    Column("middle_name", "Отчество"),
    Column("birth_date", "Дата рождения"),
    results.PARTICIPANT_CODE,
    results.SUBJECT,
    Column("exam_date", "Дата экзамена", required=True),
    results.PRIMARY_SCORE,
    Column("test_score", "Тестовый балл", required=True),
)
FULL_NAME = Column("full_name", "ФИО")  # one column for the three, as some exports write it
COLUMNS = tuple(column.title for column in FIELDS)
REQUIRED = tuple(column.title for column in FIELDS if column.required)


def _key(*parts: str) -> tuple[str, ...]:
    return tuple(part.strip().lower().replace("ё", "е") for part in parts)


@dataclass
class EgeRow:
    row: int
    pupil: Pupil
    subject: Subject
    exam_date: date
    primary: int | None
    score: int
    code: str


@dataclass
class EgeReport(results.ResultReport):
    rows: list[EgeRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    def as_json(self) -> dict:
        return self._json(created=self.created, updated=self.updated)

    def preview(self, row: EgeRow) -> list:
        return [
            row.pupil.school.short_name,
            row.pupil.full_name,
            row.subject.name,
            row.exam_date.strftime("%d.%m.%Y"),
            row.score,
        ]


class _Pupils:
    """Every pupil of the municipality, indexed by school and ФИО, and by stored participant code."""

    def __init__(self, municipality: Municipality) -> None:
        self.by_name: dict[tuple[int, tuple[str, ...]], list[Pupil]] = defaultdict(list)
        for pupil in Pupil.objects.filter(school__municipality=municipality).select_related("school"):
            self.by_name[(pupil.school_id, _key(pupil.last_name, pupil.first_name))].append(pupil)
        stored = (
            EgeResult.objects.filter(pupil__school__municipality=municipality)
            .exclude(participant_code="")
            .select_related("pupil__school")
        )
        self.by_code = {result.participant_code: result.pupil for result in stored}

    def find(self, *, school: School, last: str, first: str, middle: str, birth: date | None) -> list[Pupil]:
        found = self.by_name.get((school.pk, _key(last, first)), [])
        if middle:
            found = [p for p in found if _key(p.middle_name) == _key(middle)]
        if birth and len(found) > 1:
            found = [p for p in found if p.birth_date == birth]
        return found


def _no_header(exc: MissingColumns) -> str | None:
    if "test_score" not in exc.found:
        return "Не найдена строка заголовка со столбцом «Тестовый балл»: скачайте шаблон."
    return None


def _columns_problem(columns: dict[str, int], header: Header) -> str | None:
    if "Код участника" not in columns and not {"Фамилия", "Имя"} <= columns.keys() and "ФИО" not in columns:
        return "Нужны столбцы «Фамилия» и «Имя» (или «ФИО») или «Код участника»."
    return None


def _rows(report: EgeReport, municipality: Municipality) -> Callable[[RowReader], EgeRow | None]:
    known, pupils = results.SchoolsAndSubjects(municipality), _Pupils(municipality)
    return lambda reader: _row(report, reader, known, pupils)


def _row(
    report: EgeReport, reader: RowReader, known: results.SchoolsAndSubjects, pupils: _Pupils
) -> EgeRow | None:
    before = len(report.errors)
    cell, bad, number, columns = reader.cell, reader.bad, reader.number, reader.columns
    school, subject = known.read(reader)
    exam_date = results.read_exam_date(reader)
    score = cell_int(cell("Тестовый балл"))
    if score is None or score > 100:
        bad("Тестовый балл", f"«{cell_text(cell('Тестовый балл'))}» — ожидается целое от 0 до 100")
    primary_text = cell_text(cell("Первичный балл"))
    primary = cell_int(cell("Первичный балл")) if primary_text else None
    if primary_text and primary is None:
        bad("Первичный балл", f"«{primary_text}» — ожидается целое число или пустая ячейка")
    birth_text = cell_text(cell("Дата рождения"))
    birth = cell_date(cell("Дата рождения")) if birth_text else None
    if birth_text and birth is None:
        bad("Дата рождения", f"«{birth_text}» — {results.cell_date_problem(birth_text)}")
    code = cell_text(cell("Код участника"))[:32]
    last, first, middle = (cell_text(cell(name)) for name in ("Фамилия", "Имя", "Отчество"))
    if not last and "Фамилия" not in columns and "ФИО" in columns:
        words = cell_text(cell("ФИО")).split()
        padded = [*words, "", ""]
        last, first, middle = padded[0], padded[1], " ".join(words[2:])
    pupil = None
    if school is not None:
        pupil = _pupil(report, number, columns, pupils, school, code, (last, first, middle), birth)
    if len(report.errors) != before or pupil is None:
        return None
    return EgeRow(
        row=number, pupil=pupil, subject=subject, exam_date=exam_date, primary=primary, score=score, code=code
    )


def _pupil(
    report: EgeReport,
    number: int,
    columns: dict[str, int],
    pupils: _Pupils,
    school: School,
    code: str,
    name: tuple[str, str, str],
    birth: date | None,
) -> Pupil | None:
    last, first, middle = name
    by_code = pupils.by_code.get(code) if code else None
    if by_code is not None:
        if by_code.school_id != school.pk:
            report.errors.append(
                Issue(
                    f"участник с кодом «{code}» учится в другой школе ({by_code.school.short_name})",
                    number,
                    "Код участника",
                    column_letter(columns["Код участника"]),
                )
            )
            return None
        if last and _key(last, first) != _key(by_code.last_name, by_code.first_name):
            report.errors.append(
                Issue(
                    f"код «{code}» уже принадлежит ученику {by_code.full_name}, а в строке — {last} {first}",
                    number,
                    "Код участника",
                    column_letter(columns["Код участника"]),
                )
            )
            return None
        return by_code
    column = next(name for name in ("Фамилия", "ФИО", "Код участника") if name in columns)
    if not (last and first):
        report.errors.append(
            Issue(
                f"ученик с кодом «{code}» ещё не известен: укажите фамилию и имя"
                if code
                else "не указаны ни фамилия и имя, ни код участника",
                number,
                column,
                column_letter(columns[column]),
            )
        )
        return None
    found = pupils.find(school=school, last=last, first=first, middle=middle, birth=birth)
    if len(found) == 1:
        return found[0]
    full = " ".join(part for part in (last, first, middle) if part)
    report.errors.append(
        Issue(
            f"в школе {school.short_name} нет ученика {full}"
            if not found
            else f"в школе {school.short_name} несколько учеников {full}: "
            "укажите дату рождения или код участника",
            number,
            column,
            column_letter(columns[column]),
        )
    )
    return None


def _save(report: EgeReport, upload: ResultUpload | None) -> None:
    with transaction.atomic():
        for row in report.rows:
            _, created = EgeResult.objects.update_or_create(
                pupil=row.pupil,
                subject=row.subject,
                year=row.exam_date.year,
                defaults={
                    "exam_date": row.exam_date,
                    "primary_score": row.primary,
                    "score_100": row.score,
                    "participant_code": row.code,
                    "upload": upload,
                },
            )
            report.created += created
            report.updated += not created
    report.saved = True


EGE = results.ResultsFile(
    kind=KIND,
    columns=(*FIELDS, FULL_NAME),
    report=EgeReport,
    no_header=_no_header,
    columns_problem=_columns_problem,
    rows=_rows,
    unique=lambda row: (row.pupil.pk, row.subject.pk, row.exam_date.year),
    repeat=lambda row, first: (
        f"у ученика {row.pupil.full_name} уже есть результат по предмету «{row.subject}» в строке {first}"
    ),
    repeat_column="Предмет",
    save=_save,
)
ege_import = EGE.run
ege_column_answers = EGE.column_answers


def ege_template_xlsx() -> bytes:
    """The template offered for download: the header and one generated example row."""
    example = ["S0001", "Образцова", "Анна", "Петровна", date(2006, 5, 14), "", "Русский язык"]
    return results.template_xlsx(
        title="ЕГЭ",
        header=COLUMNS,
        examples=[[*example, date(2024, 5, 30), 38, 72]],
        widths=(10, 18, 14, 16, 14, 16, 20, 14, 14, 14),
        date_columns=(5, 8),
    )
