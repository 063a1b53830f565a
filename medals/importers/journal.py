"""The journal extract (выгрузка из электронного журнала) and notebook marks of a school's candidates.

One pass over the file: every row is checked against dictionaries loaded beforehand (candidates,
subjects) and valid marks are written in batches as they come, so memory does not grow with the file.
Any error rolls everything back: a file with an error saves nothing. A school's marks from one source
for one school year form an extract; uploading it again makes a new current version and keeps the old.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, QuerySet

from assessments.models import Subject
from assessments.subjects import match_subject, subject_index
from common.imports import (
    Column,
    MissingColumns,
    TableError,
    cell_text,
    column_question,
    find_header,
    iter_table_rows,
    no_rows_message,
    read_spreadsheet,
    remembered_columns,
    sheet_names,
)
from common.names import normalize_name
from schools.dates import date_problem
from schools.models import School

from ..models import WRITTEN_WORKS, Candidate, ExtractVersion, Grade, Period, Source, Upload, WorkKind
from .base import ImportResult, Rollback, upload_record
from .journal_cover import ALL, COVERED, Coverage, carry_over_rows, compare
from .journal_wide import (
    LONG_LAYOUT,
    WIDE_POSITIONS,
    Sheet,
    WideRead,
    class_rows,
    detect,
    summary_rows,
)
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

BATCH = 5000

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "фио",
        "ф и о",
        "фамилия имя отчество",
        "фио обучающегося",
        "фио ученика",
        "ученик",
        "обучающийся",
        "учащийся",
    ),
    "class": ("класс", "класс группа"),
    "year": ("учебный год", "уч год", "год обучения"),
    "subject": ("предмет", "учебный предмет", "дисциплина"),
    "period": ("период", "учебный период", "период аттестации", "четверть полугодие"),
    "kind": ("вид работы", "тип работы", "вид оценки", "тип оценки", "форма контроля", "вид контроля"),
    "date": ("дата", "дата урока", "дата работы", "дата проведения"),
    "mark": ("отметка", "оценка"),
    "teacher": ("учитель", "педагог", "фио учителя", "преподаватель"),
}
REQUIRED = ("name", "class", "year", "subject", "period", "kind", "date", "mark")
TITLES = {
    "name": "ФИО",
    "class": "Класс",
    "year": "Учебный год",
    "subject": "Предмет",
    "period": "Период",
    "kind": "Вид работы",
    "date": "Дата",
    "mark": "Отметка",
    "teacher": "Учитель",
}
# The period a period mark's kind implies when the «Период» cell is empty or must agree with it.
KIND_PERIODS: dict[str, tuple[str, ...]] = {
    WorkKind.PERIOD: (Period.Q1, Period.Q2, Period.Q3, Period.Q4, Period.H1, Period.H2),
    WorkKind.YEAR: (Period.YEAR,),
    WorkKind.FINAL: (Period.FINAL,),
}
PERIOD_KIND = {p: kind for kind, periods in KIND_PERIODS.items() for p in periods}


SHOWN_SKIPPED = 100  # pupils named in the preview as not candidates; the count is always whole


@dataclass
class JournalResult(ImportResult):
    """The counts, and what the preview must say besides: what the file lacks, whom it skipped."""

    replace: str = COVERED
    removed: int = 0  # marks of the current version that saving drops and the file does not carry
    kept: int = 0  # marks of the current version the file lacks, carried into the new version
    missing: list[dict] = field(default_factory=list)
    skipped_names: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout: str = ""
    question: MissingColumns | None = None  # required columns not found: which of the file's are they?

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "saved": self.saved,
            "replaced": self.replaced,
            "removed": self.removed,
            "kept": self.kept,
            "skipped": self.skipped,
            "replace": self.replace,
            "layout": self.layout,
            "missing": self.missing,
            "skipped_names": self.skipped_names,
            "warnings": self.warnings,
            "errors": self.errors,
        }

    def details(self) -> dict:
        data = self.as_json()
        for key in ("rows", "saved", "replaced", "skipped", "errors"):
            data.pop(key)
        if self.question is not None:
            data["column_question"] = column_question(self.question)
        return data

    def skip(self, number: int, name: str) -> None:
        self.skipped += 1
        for entry in self.skipped_names:
            if entry["name"] == name:
                entry["rows"] += 1
                return
        if len(self.skipped_names) < SHOWN_SKIPPED:
            self.skipped_names.append({"name": name, "row": number, "rows": 1})


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


INSERT_FIELDS = (
    "candidate",
    "version",
    "source",
    "subject",
    "academic_year",
    "class_name",
    "period",
    "work_kind",
    "work_title",
    "work_date",
    "mark",
    "value",
    "teacher",
)


def _insert(rows: list[tuple]) -> None:
    """Write a batch of marks: model instances and bulk_create cost more than reading.

    PostgreSQL takes them with COPY: an INSERT per row took two thirds of saving a 100,000-row extract
    (`make bench`). The embedded SQLite mode uses one executemany.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Grade._meta.get_field(name).column) for name in INSERT_FIELDS)
    table = quote(Grade._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


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


COLUMN_LIST = [
    Column(key, TITLES[key], required=key in REQUIRED, synonyms=spellings)
    for key, spellings in COLUMNS.items()
]
HEAD_ROWS = 30  # rows read ahead to tell the layout


def _sheets(path: Path, name: str, head: list[list[object]], rest) -> list[Sheet]:
    """Every sheet of a workbook (a .csv is one sheet), for the wide layouts."""
    if Path(name).suffix.lower() == ".csv":
        return [Sheet(Path(name).stem, [*head, *rest])]
    content = path.read_bytes()
    return [
        Sheet(sheet, read_spreadsheet(content, name, sheet=sheet)) for sheet in sheet_names(content, name)
    ]


def column_scope(school: School) -> str:
    """Whose remembered column choices a school's extract uses (the same place as its register's)."""
    return f"school:{school.pk}"


def _open(*, path: Path, name: str, result: JournalResult, subjects, chosen: Mapping[str, str]):
    """The rows of the file as long rows ``(row number, cells, column titles)`` in the order of
    ``positions``, whatever its layout; the layout goes into the result. ``chosen``: the file's headers
    a person said are the import's columns (the column question)."""
    rows = iter_table_rows(path=path, name=name)
    head = [row for _, row in zip(range(HEAD_ROWS), rows, strict=False)]
    stream = _chain(head, rows)
    try:
        header = find_header(stream, COLUMN_LIST, chosen=chosen)
    except TableError as missing:  # no long header: maybe a wide layout, else this is the message
        wide = _wide(_sheets(path, name, head, rows), result, subjects)
        if wide is None:
            if isinstance(missing, MissingColumns):
                result.question = missing
            raise missing from None
        return wide, WIDE_POSITIONS, 0
    result.layout = LONG_LAYOUT
    if "teacher" not in header.positions:
        result.warnings.append("В файле нет столбца «Учитель»: отметки сохранятся без учителя.")
    numbered = ((number, row, None) for number, row in enumerate(stream, start=header.row_number + 1))
    return numbered, header.positions, header.row_number


def _chain(head: list, rest):
    yield from head
    yield from rest


def _wide(sheets: list[Sheet], result: JournalResult, subjects):
    """The long rows of the sheets in a wide layout; None when no sheet is in one."""
    found = WideRead()
    parts = []
    layouts: dict[str, list[str]] = {}
    for sheet in sheets:
        detected = detect(sheet.rows, subjects)
        if detected is None:
            if any(cell_text(c) for row in sheet.rows for c in row):
                found.warnings.append(f"Лист «{sheet.name}» не похож на журнал и пропущен.")
            continue
        layout, header_index = detected
        layouts.setdefault(layout, []).append(sheet.name)
        reader = class_rows if "даты" in layout else summary_rows
        parts.append(list(reader(sheet, header_index, found, subjects)))
    if not parts:
        return None
    result.layout = "; ".join(
        f"{layout} ({'листы' if len(names) > 1 else 'лист'} {', '.join(f'«{n}»' for n in names)})"
        for layout, names in layouts.items()
    )
    result.warnings.extend(found.warnings)
    if not found.teacher_known:
        result.warnings.append("В файле не указан учитель: отметки сохранятся без учителя.")
    for row, column, message in found.errors:
        result.error(row, column, message)
    return (row for part in parts for row in part)


def _run(
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
        rows, pos, header_row = _open(path=path, name=name, result=result, subjects=subjects, chosen=chosen)
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
    batch: list[tuple] = []
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
                version = versions[year] = ExtractVersion.objects.create(
                    upload=upload, school=school, source=source, academic_year=year
                )
                version_ids[year] = version.pk
            batch.append(
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
            if len(batch) >= BATCH:
                _insert(batch)
                batch = []
    except TableError as exc:
        result.error(0, "", str(exc))
    if not result.rows and not result.errors:
        result.error(0, "", no_rows_message(header_row, "ни одной отметки"))
    if batch and not result.errors:
        _insert(batch)
    if result.errors:
        result.saved = 0
    return result, coverage, versions


def _current_versions(school: School, source: str, years: list[int]):
    return ExtractVersion.objects.filter(
        school=school, source=source, academic_year__in=years, is_current=True
    )


def _years(coverage: Coverage) -> list[int]:
    return sorted({key[2] for key in coverage.keys})


def _compare(result: JournalResult, coverage: Coverage, old: list[ExtractVersion], replace: str) -> None:
    """Count what saving replaces, keeps or removes, and name what the file lacks."""
    found = compare(coverage, old)
    result.replace = replace
    result.replaced = found.covered
    result.missing = found.lines
    if replace == ALL:
        result.removed, result.kept = found.lacking, 0
    else:
        result.removed, result.kept = 0, found.lacking


def journal_check(
    *,
    school: School,
    source: str,
    path: Path,
    name: str,
    replace: str = COVERED,
    chosen: Mapping[str, str] | None = None,
) -> JournalResult:
    """Read the file and report what saving it would do, writing nothing."""
    result, coverage, _ = _run(school=school, source=source, path=path, name=name, upload=None, chosen=chosen)
    if not result.errors:
        _compare(result, coverage, list(_current_versions(school, source, _years(coverage))), replace)
    return result


def _replace(
    *,
    school: School,
    source: str,
    versions: dict[int, ExtractVersion],
    coverage: Coverage,
    result: JournalResult,
    replace: str,
) -> None:
    """Make the new versions current: with «дополнить» they also take the old marks the file lacks."""
    # Two uploads of one school's extract saved at once: the second waits here and replaces the first.
    School.objects.select_for_update().filter(pk=school.pk).first()
    old = list(_current_versions(school, source, list(versions)))
    _compare(result, coverage, old, replace)
    if replace == COVERED and result.kept:
        adapt_date = connection.ops.adapt_datefield_value
        batch: list[tuple] = []
        date_at = INSERT_FIELDS.index("work_date")
        rows = carry_over_rows(coverage, old, {y: v.pk for y, v in versions.items()}, INSERT_FIELDS)
        for row in rows:
            batch.append((*row[:date_at], adapt_date(row[date_at]), *row[date_at + 1 :]))
            if len(batch) >= BATCH:
                _insert(batch)
                batch = []
        if batch:
            _insert(batch)
    for version in old:
        version.is_current = False
        version.replaced_by = versions[version.academic_year]
        version.save(update_fields=["is_current", "replaced_by"])
    counts = dict(
        Grade.objects.filter(version__in=versions.values())
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    for version in versions.values():
        version.is_current = True
        version.marks = counts.get(version.pk, 0)
        version.save(update_fields=["is_current", "marks"])
    # An upload none of whose versions is current any more has been replaced as a whole.
    Upload.objects.filter(versions__in=old).exclude(versions__is_current=True).update(
        status=Upload.Status.REPLACED
    )


def journal_save(
    *, upload: Upload, replace: str = COVERED, chosen: Mapping[str, str] | None = None
) -> JournalResult:
    """Save the marks of an upload, all or nothing; the upload records the outcome either way.

    ``replace``: «covered» (дополнить) keeps the current marks of whatever the file lacks; «all» (заменить
    полностью) keeps only the file's marks for its school years.
    """
    if replace not in (COVERED, ALL):
        raise ValueError(f"replace: {replace!r}")
    source = Source.NOTEBOOK if upload.kind == Upload.Kind.NOTEBOOK else Source.JOURNAL
    try:
        with transaction.atomic():
            result, coverage, versions = _run(
                school=upload.school,
                source=source,
                path=Path(upload.file.path),
                name=upload.original_name,
                upload=upload,
                chosen=chosen,
            )
            if result.errors:
                raise Rollback
            _replace(
                school=upload.school,
                source=source,
                versions=versions,
                coverage=coverage,
                result=result,
                replace=replace,
            )
            upload_record(upload=upload, result=result, status=Upload.Status.SAVED)
    except Rollback:
        upload_record(upload=upload, result=result, status=Upload.Status.REJECTED)
    return result


def describe(result: JournalResult) -> list[str]:
    """The warnings of a check or save as lines of text, for the command line."""
    lines = [f"Предупреждение: {warning}" for warning in result.warnings]
    if result.missing:
        verb = "будут удалены" if result.replace == ALL else "останутся прежние"
        lines.append(f"В файле нет отметок, которые были в прежней версии ({verb}):")
        for line in result.missing:
            whom = f"{line['candidate']} — нет в файле" if line["absent"] else line["candidate"]
            lines.append(
                f"  {whom}: {line['subject']}, {line['year']}, {', '.join(line['periods'])} "
                f"(отметок {line['marks']})"
            )
    if result.skipped_names:
        names = "; ".join(f"{s['name']} (строка {s['row']}, строк {s['rows']})" for s in result.skipped_names)
        lines.append(f"Пропущены, потому что их нет среди претендентов школы: {names}")
    return lines
