"""Loading the list of schools from a spreadsheet, and the table reader every school-data import uses.

The reader streams the first sheet of an .xlsx (python-calamine: several times faster than openpyxl on big
files) or a .csv in UTF-8 or Windows-1251 with «,» or «;» between values, so memory does not grow with
the file. Headers are matched in any order and in common variants of their wording. A workbook is opened
only after ``workbook_problem`` has found it whole, free of macros and not a zip bomb.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from django.db import transaction
from python_calamine import CalamineError, CalamineWorkbook

from roadmaps.progress import progress_sync_for_school

from .models import Municipality, School

ACCEPTED_SUFFIXES = (".xlsx", ".csv")
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
ENCODING_SAMPLE = 64 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a workbook inflating past this is a zip bomb, not a table
MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE)


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why, in Russian."""


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without «.0», the way a person typed them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalize_header(value: Any) -> str:
    """Lower case, «ё» as «е», words only: «Ф.И.О.» and «ФИО » both become «ф и о» / «фио»."""
    words = re.findall(r"[a-zа-яё0-9]+", cell_text(value).lower().replace("ё", "е"))
    return " ".join(words)


def broken_utf8_line(data: bytes) -> int | None:
    """The line of the first stray byte when ``data`` is UTF-8 text with bytes that are not; else None.

    Windows-1251 letters are almost never valid UTF-8, so text that is mostly valid UTF-8 letters with a few
    bad bytes is a damaged UTF-8 file: read as Windows-1251 it would turn every letter into garbage.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return data.count(b"\n", 0, first) + 1 if good > bad else None


def broken_utf8_problem(data: bytes) -> str | None:
    """The Russian message for a CSV file that is UTF-8 with stray bytes (see ``broken_utf8_line``)."""
    line = broken_utf8_line(data)
    if line is None:
        return None
    return (
        f"Строка {line}: в файле UTF-8 встречаются байты, которые не являются буквами UTF-8 "
        "(файл повреждён или склеен из файлов в разных кодировках). Сохраните его заново как «CSV UTF-8»."
    )


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        sample = raw.read(ENCODING_SAMPLE)
    try:
        sample.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte letter cut by the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(sample) - 3 else "cp1251"
        problem = broken_utf8_problem(sample) if encoding == "cp1251" else None
        if problem:
            raise TableError(problem) from exc
    first_line = sample.decode(encoding, errors="replace").splitlines()[0] if sample else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if "\t" in first_line and first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    other = "," if delimiter == ";" else ";"
    with path.open(encoding=encoding, newline="") as text:
        try:
            # Two exports glued together: below a row of several values, a row read as one value that
            # holds the other separator was written with that one.
            wide = False
            for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
                filled = [cell for cell in row if cell.strip()]
                if wide and len(filled) == 1 and filled[0].count(other) >= 2:
                    raise TableError(
                        f"Строка {number}: значения разделены «{other}», а в строках выше — «{delimiter}». "
                        "Сохраните файл заново с одним разделителем."
                    )
                wide = wide or len(filled) >= 3
                yield row
        except UnicodeDecodeError as exc:
            raise TableError(
                "Файл не в кодировке UTF-8 и не в Windows-1251: сохраните его как «CSV UTF-8»."
            ) from exc
        except csv.Error as exc:
            raise TableError(f"Файл CSV повреждён: {exc}.") from exc


def workbook_problem(data: BinaryIO, name: str) -> str | None:
    """Why an .xlsx must not be opened at all, in Russian: not a workbook, damaged, a zip bomb or macros.

    The sizes are counted while inflating, because the sizes a zip declares can lie.
    """
    head = data.read(4)
    data.seek(0)
    if head != b"PK\x03\x04":
        return f"Файл «{name}» не читается как таблица Excel (.xlsx): по содержимому это другой формат."
    bomb = (
        f"Файл «{name}» при распаковке занимает больше {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} МБ "
        "— такой файл не принимается."
    )
    try:
        with zipfile.ZipFile(data) as archive:
            members = archive.infolist()
            if any(MACRO_PART.search(member.filename) for member in members):
                return (
                    f"Файл «{name}» содержит макросы: такие книги не принимаются. "
                    "Сохраните её как «Книга Excel (.xlsx)» без макросов."
                )
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                return bomb
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            return bomb
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        return (
            f"Файл «{name}» не читается как таблица Excel (.xlsx): он повреждён или обрезан "
            "(возможно, загрузка прервалась)."
        )
    finally:
        data.seek(0)
    return None


def _xlsx_rows(path: Path, name: str) -> Iterator[list[Any]]:
    with path.open("rb") as data:
        problem = workbook_problem(data, name)
    if problem:
        raise TableError(problem)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        yield from workbook.get_sheet_by_index(0).iter_rows()
    except (CalamineError, ValueError, OSError) as exc:
        raise TableError(
            "Файл не читается как таблица Excel (.xlsx): возможно, он повреждён или это другой формат."
        ) from exc


def iter_table_rows(*, path: Path, name: str) -> Iterator[list[Any]]:
    """The rows of the first sheet, as lists of cell values, one at a time."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise TableError(f"Файл «{name}»: принимаются только таблицы .xlsx и .csv.")
    return _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path, name)


@dataclass
class Header:
    """Where each known column stands in the file."""

    row_number: int
    positions: dict[str, int]


def find_header(
    rows: Iterator[list[Any]],
    *,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    titles: Mapping[str, str],
) -> Header:
    """Read rows until one names every required column (in any order and wording variant).

    ``columns`` maps a column to its accepted normalised spellings, ``titles`` to its name in the template.
    Raises TableError naming the missing columns.
    """
    spellings = {spelling: key for key, variants in columns.items() for spelling in variants}
    best: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        positions: dict[str, int] = {}
        for index, value in enumerate(row):
            key = spellings.get(normalize_header(value))
            if key and key not in positions:
                positions[key] = index
        if all(key in positions for key in required):
            return Header(row_number=number, positions=positions)
        if len(positions) > len(best):
            best = positions
        if number >= HEADER_SEARCH_ROWS:
            break
    if not best:
        raise TableError(
            "В файле не найдена строка заголовков. Первая строка должна содержать названия столбцов: "
            + ", ".join(f"«{titles[key]}»" for key in required)
            + ". Скачайте шаблон на странице загрузки."
        )
    missing = [f"«{titles[key]}»" for key in required if key not in best]
    raise TableError(f"В файле нет обязательных столбцов: {', '.join(missing)}.")


def no_rows_message(header_row: int, what: str) -> str:
    """The error of a table whose header has nothing under it (or stands below the data)."""
    return (
        f"Под строкой заголовков (строка {header_row}) нет {what}. "
        "Заголовки должны стоять над данными, как в шаблоне."
    )


# --- the list of schools -------------------------------------------------------------------------------

SCHOOL_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("код", "код оо", "код школы"),
    "short_name": ("краткое наименование", "краткое название", "наименование краткое", "школа"),
    "full_name": ("полное наименование", "полное название", "наименование полное", "наименование оо"),
    "kind": ("тип", "тип оо", "вид", "вид оо"),
    "municipality": ("муниципалитет", "муниципальное образование", "район", "муниципальный район"),
}
SCHOOL_TITLES = {
    "code": "Код",
    "short_name": "Краткое наименование",
    "full_name": "Полное наименование",
    "kind": "Тип",
    "municipality": "Муниципалитет",
}
SCHOOL_KINDS: dict[str, str] = {
    "сош": School.Kind.SOSH,
    "средняя общеобразовательная школа": School.Kind.SOSH,
    "оош": School.Kind.OOSH,
    "основная общеобразовательная школа": School.Kind.OOSH,
    "лицей": School.Kind.LYCEUM,
    "гимназия": School.Kind.GYMNASIUM,
    "другое": School.Kind.OTHER,
}


@dataclass
class SchoolImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


def schools_import(
    *, path: Path, name: str, municipalities: Mapping[str, Municipality] | None = None, dry_run: bool = False
) -> SchoolImportResult:
    """Create or update schools by code, all or nothing.

    ``municipalities`` limits which municipalities a row may name (by normalised name); None means any.
    A created school gets its progress rows on the municipality's current roadmaps.
    """
    result = SchoolImportResult()
    known = municipalities
    if known is None:
        known = {normalize_header(m.name): m for m in Municipality.objects.all()}
    existing = {s.code: s for s in School.objects.all()}
    seen: dict[str, int] = {}
    try:
        rows = iter_table_rows(path=path, name=name)
        header = find_header(
            rows, columns=SCHOOL_COLUMNS, required=tuple(SCHOOL_COLUMNS), titles=SCHOOL_TITLES
        )
    except TableError as exc:
        result.error(0, "", str(exc))
        return result
    pending: list[tuple[School, bool]] = []
    titles = SCHOOL_TITLES
    try:
        for number, row in enumerate(rows, start=header.row_number + 1):
            values = {key: cell_text(row[i]) if i < len(row) else "" for key, i in header.positions.items()}
            if not any(values.values()):
                continue
            result.rows += 1
            before = len(result.errors)
            for key in ("code", "short_name", "full_name"):
                if not values[key]:
                    result.error(number, titles[key], "Не заполнено.")
            code = values["code"]
            if code in seen:
                result.error(number, titles["code"], f"Код «{code}» уже встречался в строке {seen[code]}.")
            seen[code] = number
            kind = SCHOOL_KINDS.get(normalize_header(values["kind"]))
            if kind is None:
                result.error(
                    number,
                    titles["kind"],
                    f"Неизвестный тип «{values['kind']}»: укажите СОШ, ООШ, лицей, гимназия или другое.",
                )
            municipality = known.get(normalize_header(values["municipality"]))
            if municipality is None:
                result.error(
                    number,
                    titles["municipality"],
                    f"Муниципалитет «{values['municipality']}» не найден в справочнике "
                    "(или не ваш): проверьте написание.",
                )
            school = existing.get(code)
            if (
                school
                and municipality
                and school.municipality_id != municipality.pk
                and municipalities is not None
            ):
                result.error(
                    number, titles["code"], f"Школа с кодом «{code}» относится к другому муниципалитету."
                )
            if len(result.errors) > before:
                continue
            is_new = school is None
            school = school or School(code=code)
            school.short_name = values["short_name"][:255]
            school.full_name = values["full_name"][:500]
            school.kind = kind
            school.municipality = municipality
            pending.append((school, is_new))
    except TableError as exc:
        result.error(0, "", str(exc))
    if not result.rows and not result.errors:
        result.error(0, "", no_rows_message(header.row_number, "ни одной школы"))
    if result.errors:
        return result
    result.created = sum(is_new for _, is_new in pending)
    result.updated = len(pending) - result.created
    if not dry_run:
        with transaction.atomic():
            for school, is_new in pending:
                school.save()
                if is_new:
                    progress_sync_for_school(school=school)
    return result


def schools_template_rows() -> tuple[list[str], list[list[str]]]:
    """The headers of the schools template and one example row (a generated school)."""
    headers = list(SCHOOL_TITLES.values())
    example = [
        "S0001",
        "МКОУ «СОШ №1»",
        "Муниципальное казённое общеобразовательное учреждение «СОШ №1»",
        "СОШ",
        "",
    ]
    return headers, [example]
