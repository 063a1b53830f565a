"""The rows of a journal extract checked one by one and matched to the school's candidates.

One pass over the file: every row is checked against dictionaries loaded beforehand (candidates,
subjects) and valid marks are written in batches as they come, so memory does not grow with the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from assessments.models import Subject
from assessments.subjects import match_subject, subject_index
from common.imports import (
    TableError,
    cell_text,
    no_rows_message,
    remembered_columns,
)
from common.names import normalize_name
from schools.dates import date_problem
from schools.models import School

from ..models import WRITTEN_WORKS, Candidate, ExtractVersion, Period, Source, Upload
from .base import ImportResult, column_scope
from .journal_cover import Coverage
from .journal_read import KIND_PERIODS, TITLES, open_rows
from .journal_result import JournalResult
from .journal_store import MarkWriter
from .values import (
    class_label,
    parse_academic_year,
    parse_class,
    parse_date,
    parse_mark,
    parse_period,
    parse_work_kind,
    school_year_bounds,
)


def _cached(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # A journal repeats the same few classes, subjects, periods and marks thousands of times.
    cache: dict[Any, Any] = {}

    def lookup(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            cache[value] = result = parse(value)
            return result
        except TypeError:  # an unhashable cell value never repeats
            return parse(value)

    return lookup


class CandidatesByName:
    """The school's candidates by name: full name first, surname and first name when that is unambiguous.

    ``candidates``: whom to look among (the issued-medals upload: every graduate of one year); the school's
    candidates on the register by default."""

    def __init__(self, school: School, candidates: QuerySet[Candidate] | None = None) -> None:
        self.by_name: dict[str, list[Candidate]] = {}
        if candidates is None:
            candidates = Candidate.objects.filter(school=school, is_active=True)
        for candidate in candidates.select_related("pupil"):
            pupil = candidate.pupil
            full = normalize_name(pupil.full_name)
            short = normalize_name(f"{pupil.last_name} {pupil.first_name}")
            self.by_name.setdefault(full, []).append(candidate)
            if short != full:
                self.by_name.setdefault(short, []).append(candidate)

    def find(self, name: str, academic_year: int | None, grade: int | None) -> list[Candidate]:
        found = self.by_name.get(name, [])
        if len(found) > 1 and academic_year is not None and grade is not None:
            found = [c for c in found if c.grade_in(academic_year) == grade] or found
        return found


PERIOD_KIND = {p: kind for kind, periods in KIND_PERIODS.items() for p in periods}


def _check_date(
    number: int,
    result: ImportResult,
    work_date: date | None,
    year: int | None,
    kind: str,
    titles: dict[str, str] = TITLES,
) -> None:
    if work_date is None:
        if kind not in KIND_PERIODS:
            result.error(number, titles["date"], "Для работы без периода нужна дата в виде ДД.ММ.ГГГГ.")
        return
    if year is None:
        return
    start, end = school_year_bounds(year)
    if not start <= work_date <= end:
        result.error(
            number,
            titles["date"],
            f"Дата {work_date:%d.%m.%Y} вне {year}-{year + 1} учебного года "
            f"({start:%d.%m.%Y} — {end:%d.%m.%Y}).",
        )


def _check_repeat(
    number: int, result: ImportResult, seen: dict[tuple, int], mark: tuple, titles: dict[str, str] = TITLES
) -> None:
    """A written work has one mark per day and a period one mark per period; current marks may repeat."""
    candidate, subject, year, period, kind, work_date = mark
    if kind in WRITTEN_WORKS:
        key, column, what = (candidate, subject, kind, work_date), "date", "за эту работу в этот день"
    elif kind in KIND_PERIODS:
        key, column, what = (candidate, subject, year, period), "period", "за этот период"
    else:
        return
    if key in seen:
        result.error(
            number,
            titles[column],
            f"Повтор строки {seen[key]}: у претендента уже есть отметка {what} по этому предмету.",
        )
    else:
        seen[key] = number


def check_rows(
    *,
    school: School,
    source: str,
    path: Path,
    name: str,
    upload: Upload | None,
    chosen: Mapping[str, str] | None = None,
) -> tuple[JournalResult, Coverage, dict[int, ExtractVersion]]:
    """Check every row; when ``upload`` is given, also write the marks (the caller holds the transaction).

    Returns the result, what the file's marks cover, and the versions written. ``chosen``: the column
    question's answers; the school's remembered ones for this kind of file otherwise.
    """
    if chosen is None:
        chosen = remembered_columns(scope=column_scope(school), kind=source)
    result = JournalResult()
    coverage = Coverage()
    versions: dict[int, ExtractVersion] = {}
    index = subject_index(list(Subject.objects.all()))
    subjects = _cached(lambda value: match_subject(cell_text(value), index))
    try:
        rows, pos, header_row = open_rows(
            path=path, name=name, result=result, subjects=subjects, chosen=chosen
        )
    except TableError as exc:
        result.error(0, "", str(exc))
        return result, coverage, versions
    if result.errors:
        return result, coverage, versions
    candidates = CandidatesByName(school)
    classes = _cached(parse_class)
    years = _cached(parse_academic_year)
    periods = _cached(parse_period)
    kinds = _cached(lambda value: (cell_text(value), parse_work_kind(value)))
    dates = _cached(lambda value: (cell_text(value), parse_date(value) if cell_text(value) else None))
    teachers = _cached(lambda value: (cell_text(value)[:150], any(ch.isdigit() for ch in cell_text(value))))
    marks = _cached(parse_mark)
    names = _cached(normalize_name)
    i_name, i_class, i_year, i_subject = pos["name"], pos["class"], pos["year"], pos["subject"]
    i_period, i_kind, i_date, i_mark = pos["period"], pos["kind"], pos["date"], pos["mark"]
    i_teacher = pos.get("teacher")
    width = max(pos.values()) + 1
    notebook = source == Source.NOTEBOOK
    writer = MarkWriter()
    seen: dict[tuple, int] = {}
    version_ids: dict[int, int] = {}
    adapt_date = connection.ops.adapt_datefield_value
    try:
        for number, row, place in rows:
            titles = TITLES if place is None else {**TITLES, **place}
            if len(row) < width:
                row = [*row, *[""] * (width - len(row))]
            raw_name = row[i_name]
            if raw_name == "" or raw_name is None:
                if not any(cell_text(v) for v in row):
                    continue  # an empty line
                result.rows += 1
                result.error(number, titles["name"], "Не заполнено ФИО.")
                continue
            result.rows += 1
            errors_before = len(result.errors)
            year = years(row[i_year])
            parsed_class = classes(row[i_class])
            found = candidates.find(names(raw_name), year, parsed_class[0] if parsed_class else None)
            if not found:
                result.skip(number, cell_text(raw_name))
                continue
            if len(found) > 1:
                result.error(
                    number,
                    titles["name"],
                    f"«{cell_text(raw_name)}»: в реестре несколько претендентов с таким ФИО; "
                    "укажите ФИО полностью.",
                )
                continue
            candidate = found[0]
            if year is None:
                result.error(number, titles["year"], f"«{cell_text(row[i_year])}»: ожидается вида 2023-2024.")
            if parsed_class is None:
                result.error(
                    number, titles["class"], f"«{cell_text(row[i_class])}»: ожидается вида 10А или 11 Б."
                )
            elif parsed_class[0] not in (10, 11):
                result.error(
                    number, titles["class"], f"«{cell_text(row[i_class])}»: нужны отметки 10 и 11 классов."
                )
            elif year is not None and candidate.grade_in(year) != parsed_class[0]:
                result.error(
                    number,
                    titles["class"],
                    f"«{cell_text(row[i_class])}» не сходится с реестром: в {year}-{year + 1} учебном году "
                    f"претендент учится в {candidate.grade_in(year)} классе.",
                )
            subject = subjects(row[i_subject])
            if subject is None:
                text = cell_text(row[i_subject])
                message = (
                    f"Предмет «{text}» не найден в справочнике предметов." if text else "Не указан предмет."
                )
                result.error(number, titles["subject"], message)
            period = periods(row[i_period])
            if period is None:
                result.error(
                    number,
                    titles["period"],
                    f"«{cell_text(row[i_period])}»: ожидается «1 четверть» … «4 четверть», «1 полугодие», "
                    "«2 полугодие», «год», «итоговая» или пусто для работы с датой.",
                )
            kind_text, kind = kinds(row[i_kind])
            if not kind_text:
                kind = PERIOD_KIND.get(period or "")
            if kind is None:
                result.error(
                    number,
                    titles["kind"],
                    f"Неизвестный вид работы «{kind_text}»: например, «текущая», «контрольная работа», "
                    "«самостоятельная работа», «четвертная», «годовая», «итоговая»."
                    if kind_text
                    else "Не указан вид работы.",
                )
            elif notebook and kind not in WRITTEN_WORKS:
                result.error(
                    number,
                    titles["kind"],
                    f"«{kind_text}»: из тетрадей вносятся контрольные, самостоятельные и проверочные работы.",
                )
            elif period is not None and kind in KIND_PERIODS:
                if not period and len(KIND_PERIODS[kind]) == 1:
                    period = KIND_PERIODS[kind][0]
                elif period not in KIND_PERIODS[kind]:
                    result.error(
                        number,
                        titles["period"],
                        f"Вид работы «{kind_text}» не сходится с периодом "
                        f"«{cell_text(row[i_period]) or 'пусто'}».",
                    )
            elif kind is not None:
                period = Period.NONE  # a dated work: the period it fell in is known from its date
            date_text, work_date = dates(row[i_date])
            if date_text and work_date is None:
                result.error(number, titles["date"], f"«{date_text}»: {date_problem(date_text)}.")
            elif kind is not None:
                _check_date(number, result, work_date, year, kind, titles)
            mark = marks(row[i_mark])
            if mark is None:
                text = cell_text(row[i_mark])
                result.error(
                    number,
                    titles["mark"],
                    f"«{text}»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»." if text else "Нет отметки.",
                )
            teacher, has_digits = teachers(row[i_teacher]) if i_teacher is not None else ("", False)
            if has_digits:
                result.error(number, titles["teacher"], f"«{teacher}»: ожидается ФИО учителя.")
            if len(result.errors) == errors_before:
                _check_repeat(
                    number, result, seen, (candidate.id, subject.id, year, period, kind, work_date), titles
                )
            if len(result.errors) > errors_before:
                continue
            result.saved += 1
            coverage.add(candidate.id, subject.id, year, period, work_date)
            if upload is None or result.errors:
                continue
            if year not in version_ids:
                writer.wait()  # the connection is the writer's until its batch is in
                version = versions[year] = ExtractVersion.objects.create(
                    upload=upload, school=school, source=source, academic_year=year
                )
                version_ids[year] = version.pk
            writer.add(
                (
                    candidate.id,
                    version_ids[year],
                    source,
                    subject.id,
                    year,
                    class_label(*parsed_class),
                    period,
                    kind,
                    kind_text[:100],
                    adapt_date(work_date),
                    mark[0],
                    mark[1],
                    teacher,
                )
            )
    except TableError as exc:
        result.error(0, "", str(exc))
    except BaseException:
        writer.abandon()  # the connection is free for the rollback
        raise
    if not result.rows and not result.errors:
        result.error(0, "", no_rows_message(header_row, "ни одной отметки"))
    if not result.errors:
        writer.flush()
    writer.close()
    if result.errors:
        result.saved = 0
    return result, coverage, versions
