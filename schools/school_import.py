"""Loading the list of schools from a spreadsheet (.xlsx, .xls or .csv), with their ФИС ОКО logins.

The table is read by the import toolkit (``common.imports``); this module keeps only the school list's
columns and rules. The old names other importers used from here stay importable until they are ported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from common.imports import (
    MAX_UNCOMPRESSED_BYTES,
    TABLE_SUFFIXES,
    Column,
    Header,
    MissingColumns,
    TableError,
    broken_utf8_line,
    broken_utf8_problem,
    cell_text,
    iter_table_rows,
    no_rows_message,
    normalize_header,
)
from common.imports import (
    find_header as _find_header,
)

from .logins import login_key
from .models import Municipality, School

ACCEPTED_SUFFIXES = TABLE_SUFFIXES

__all__ = [  # the old names, for the importers not yet on the toolkit
    "ACCEPTED_SUFFIXES",
    "MAX_UNCOMPRESSED_BYTES",
    "Header",
    "TableError",
    "broken_utf8_line",
    "broken_utf8_problem",
    "cell_text",
    "find_header",
    "iter_table_rows",
    "no_rows_message",
    "normalize_header",
]


def find_header(
    rows: Iterator[list[Any]],
    *,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    titles: Mapping[str, str],
) -> Header:
    """The old signature of ``common.imports.find_header``: ``columns`` maps a key to its spellings."""
    return _find_header(
        rows,
        [
            Column(key, titles[key], required=key in required, synonyms=spellings)
            for key, spellings in columns.items()
        ],
    )


# --- the list of schools -------------------------------------------------------------------------------

KIND = "schools"  # the kind of file, for the remembered column choices
PREVIEW_ROWS = 20
SCHOOL_COLUMNS = (
    Column("school_code", "Код", required=True),
    Column("short_name", "Краткое наименование", required=True),
    Column("full_school_name", "Полное наименование"),
    Column("school_kind", "Тип"),
    Column("municipality", "Муниципалитет"),
    Column("login", "Логин ФИС ОКО"),
)
SCHOOL_TITLES = {column.key: column.title for column in SCHOOL_COLUMNS}
SCHOOL_COLUMNS_BY_FULL_NAME = tuple(
    Column(c.key, c.title, required=c.key in ("school_code", "full_school_name")) for c in SCHOOL_COLUMNS
)
SCHOOL_KINDS: dict[str, str] = {
    "сош": School.Kind.SOSH,
    "средняя общеобразовательная школа": School.Kind.SOSH,
    "оош": School.Kind.OOSH,
    "основная общеобразовательная школа": School.Kind.OOSH,
    "лицей": School.Kind.LYCEUM,
    "гимназия": School.Kind.GYMNASIUM,
    "другое": School.Kind.OTHER,
    "нош": School.Kind.OTHER,
    "начальная общеобразовательная школа": School.Kind.OTHER,
    "школа интернат": School.Kind.OTHER,
    "центр образования": School.Kind.OTHER,
    "прогимназия": School.Kind.OTHER,
}


def school_kind_from_name(name: str, default: str | None = School.Kind.OTHER) -> str | None:
    """The type of a school from its name, for a list without a «Тип» column (or a type written with
    more words: «МБОУ СОШ», «СОШ с УИОП»); ``default`` when no word says it."""
    words = normalize_header(name)
    for word, kind in (
        ("сош", School.Kind.SOSH),
        ("средняя общеобразовательная", School.Kind.SOSH),
        ("оош", School.Kind.OOSH),
        ("основная общеобразовательная", School.Kind.OOSH),
        ("лицей", School.Kind.LYCEUM),
        ("гимназия", School.Kind.GYMNASIUM),
    ):
        if f" {word} " in f" {words} ":
            return kind
    return default


@dataclass
class SchoolImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    missing: MissingColumns | None = None  # the columns a person has to point at (the column question)
    preview: list[list[str]] = field(default_factory=list)  # the first schools as they will be saved
    new_schools: list[School] = field(default_factory=list)  # the schools the save created

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


def schools_import(
    *,
    path: Path,
    name: str,
    municipalities: Mapping[str, Municipality] | None = None,
    dry_run: bool = False,
    chosen: Mapping[str, str] | None = None,
) -> SchoolImportResult:
    """Create or update schools by code, all or nothing.

    ``municipalities`` limits which municipalities a row may name (by normalised name); None means any.
    Without a «Муниципалитет» column every school belongs to the one municipality allowed, if only one is.
    ``chosen`` maps a column key to the file's header a person pointed at. A «Логин ФИС ОКО» is stored on
    the school. The saved result lists the schools it created (``new_schools``): their progress rows on the
    current roadmaps are made by the caller that knows roadmaps (``portal.school_import``).
    """
    result = SchoolImportResult()
    known = municipalities
    if known is None:
        known = {normalize_header(m.name): m for m in Municipality.objects.all()}
    existing = {s.code: s for s in School.objects.all()}
    logins = {login_key(s.fis_oko_login): s for s in existing.values() if s.fis_oko_login}
    seen: dict[str, int] = {}
    seen_logins: dict[str, int] = {}
    try:
        rows = iter_table_rows(path=path, name=name)
        try:
            header = _find_header(rows, SCHOOL_COLUMNS, chosen=chosen)
        except MissingColumns as exc:
            if [c.key for c in exc.missing] != ["short_name"] or "full_school_name" not in exc.found:
                raise
            # One name column only («Наименование ОО»): it is the short name too.
            rows = iter_table_rows(path=path, name=name)
            header = _find_header(rows, SCHOOL_COLUMNS_BY_FULL_NAME, chosen=chosen)
    except MissingColumns as exc:
        result.missing = exc
        result.error(0, "", str(exc))
        return result
    except TableError as exc:
        result.error(0, "", str(exc))
        return result
    only = next(iter(known.values())) if len(known) == 1 else None
    if not header.has("municipality") and only is None:
        result.error(
            0,
            "",
            "В файле нет столбца «Муниципалитет», а муниципалитетов несколько: добавьте столбец "
            "с муниципалитетом каждой школы.",
        )
        return result
    pending: list[tuple[School, bool]] = []

    def title(key: str) -> str:
        return header.written(key)

    try:
        for number, row in enumerate(rows, start=header.row_number + 1):
            values = {key: header.text(row, key) for key in SCHOOL_TITLES}
            if not any(values.values()):
                continue
            result.rows += 1
            before = len(result.errors)
            if not header.has("short_name"):
                values["short_name"] = values["full_school_name"]
            for key in ("school_code", "short_name", "full_school_name"):
                if header.has(key) and not values[key]:
                    result.error(number, title(key), "Не заполнено.")
            code = values["school_code"]
            if code in seen:
                result.error(
                    number, title("school_code"), f"Код «{code}» уже встречался в строке {seen[code]}."
                )
            seen[code] = number
            if header.has("school_kind"):
                written = normalize_header(values["school_kind"])
                kind = SCHOOL_KINDS.get(written) or school_kind_from_name(written, default=None)
                if kind is None and not written and values["short_name"]:
                    kind = school_kind_from_name(f"{values['short_name']} {values['full_school_name']}")
                if kind is None:
                    result.error(
                        number,
                        title("school_kind"),
                        f"Неизвестный тип «{values['school_kind']}»: "
                        "укажите СОШ, ООШ, лицей, гимназия или другое.",
                    )
            else:
                kind = school_kind_from_name(f"{values['short_name']} {values['full_school_name']}")
            if header.has("municipality"):
                municipality = known.get(normalize_header(values["municipality"]))
                if municipality is None:
                    result.error(
                        number,
                        title("municipality"),
                        f"Муниципалитет «{values['municipality']}» не найден в справочнике "
                        "(или не ваш): проверьте написание.",
                    )
            else:
                municipality = only
            school = existing.get(code)
            if (
                school
                and municipality
                and school.municipality_id != municipality.pk
                and municipalities is not None
            ):
                result.error(
                    number,
                    title("school_code"),
                    f"Школа с кодом «{code}» относится к другому муниципалитету.",
                )
            login = values["login"].replace(" ", "")
            if login:
                key = login_key(login)
                other = logins.get(key)
                if key in seen_logins:
                    result.error(
                        number, title("login"), f"Логин «{login}» уже встречался в строке {seen_logins[key]}."
                    )
                elif other is not None and other.code != code:
                    result.error(
                        number,
                        title("login"),
                        f"Логин «{login}» уже записан у школы «{other.short_name}» (код {other.code}).",
                    )
                elif len(login) > School._meta.get_field("fis_oko_login").max_length:
                    result.error(number, title("login"), f"Логин «{login[:40]}» слишком длинный.")
                seen_logins.setdefault(key, number)
            if len(result.errors) > before:
                continue
            is_new = school is None
            school = school or School(code=code)
            school.short_name = values["short_name"][:255]
            school.full_name = (values["full_school_name"] or values["short_name"])[:500]
            school.kind = kind
            school.municipality = municipality
            if login:
                school.fis_oko_login = login
            pending.append((school, is_new))
    except TableError as exc:
        result.error(0, "", str(exc))
    if not result.rows and not result.errors:
        result.error(0, "", no_rows_message(header.row_number, "ни одной школы"))
    if result.errors:
        return result
    result.created = sum(is_new for _, is_new in pending)
    result.updated = len(pending) - result.created
    result.preview = [
        [
            school.code,
            school.short_name,
            school.get_kind_display(),
            school.municipality.name,
            school.fis_oko_login,
            "новая" if is_new else "обновится",
        ]
        for school, is_new in pending[:PREVIEW_ROWS]
    ]
    if not dry_run:
        with transaction.atomic():
            # Two lists saved at once for the same municipalities: the second waits for the first.
            list(
                Municipality.objects.select_for_update(no_key=True)
                .filter(pk__in={school.municipality_id for school, _ in pending})
                .order_by("pk")
            )
            for school, is_new in pending:
                school.save()
                if is_new:
                    result.new_schools.append(school)
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
        "sch000001",
    ]
    return headers, [example]
