"""The official list of schools «с признаками необъективности» of a year, as the region forwards it.

Such lists come as a table with «Логин ОО» and/or «Наименование ОО», often «Муниципалитет», «Предмет»,
«Класс», «Год», and columns of their own that are ignored. A school is found by its ФИС ОКО login
(``schools.logins.login_key``), else by its name as ``assessments.vpr_schools`` normalises it, and only
where exactly one school of the municipality has that name. Rows of other municipalities (a regional list)
are skipped and counted. A row no school fits is «не найдена» (listed, not an error); a row that cannot be
read (no school named, a year other than the one loaded, a class that is no class) is an error, and a
file with any error is not saved at all. Saving replaces the municipality's list of that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from common.imports import (
    Column,
    Issue,
    MissingColumns,
    TableError,
    cell_int,
    find_header,
    no_rows_message,
    read_table,
)
from schools.logins import login_key
from schools.models import Municipality, School

from .models import OfficialFlag
from .vpr_schools import SchoolsByLogin, normalize_school_name

COLUMNS = (
    Column("login", "Логин ОО"),
    Column("school", "Наименование ОО"),
    Column("municipality", "Муниципалитет"),
    Column("subject", "Предмет"),
    Column("class", "Класс"),
    Column("year", "Год"),
)

LOGIN_LIKE = re.compile(r"(?i)(?:sch|edu)[_-]?\d+")

# Words that tell what kind of municipality it is, not which one: «Кировский муниципальный район» is
# «Кировский район» and «Кировский».
MUNICIPALITY_WORDS = {
    "муниципальный", "муниципальное", "городской", "город", "г", "район", "округ", "образование", "мо",
    "мр", "го", "поселение", "городское", "сельское", "рн", "р", "н", "область", "края",
}  # fmt: skip


@dataclass
class Listed:
    school: School
    subjects: list[str] = field(default_factory=list)


@dataclass
class FlagListResult:
    year: int
    name: str
    rows: int = 0
    listed: dict[int, Listed] = field(default_factory=dict)
    unmatched: list[dict] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    other_municipality: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def schools(self) -> list[School]:
        return sorted((entry.school for entry in self.listed.values()), key=lambda s: s.short_name)

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "schools": sorted(entry.school.code for entry in self.listed.values()),
            "unmatched": self.unmatched,
            "errors": [issue.as_json() for issue in self.errors],
            "other_municipality": self.other_municipality,
        }


def municipality_words(text: object) -> set[str]:
    words = re.findall(r"\w+", str(text or "").lower().replace("ё", "е"))
    return set(words) - MUNICIPALITY_WORDS


def same_municipality(text: str, municipality: Municipality) -> bool:
    """«Кировский муниципальный район» is «Кировский район»; an empty cell is the municipality itself."""
    written, ours = municipality_words(text), municipality_words(municipality.name)
    if not written or not ours:
        return True
    return written <= ours or ours <= written


def vpr_grade(value: object) -> int | str | None:
    """The class of a row: 4…11 from «5», «5 класс», «5 кл.»; None when empty; "" when it is no class."""
    number = cell_int(value)
    if number is None:
        text = str(value or "").strip()
        if not text:
            return None
        found = re.match(r"\s*(\d{1,2})(?!\d)", text)
        number = int(found.group(1)) if found else None
    return number if number is not None and 4 <= number <= 11 else ""


def flag_list_check(*, content: bytes, name: str, municipality: Municipality, year: int) -> FlagListResult:
    """Read the list; nothing is saved here."""
    result = FlagListResult(year=year, name=name)
    try:
        rows = read_table(content, name)
        header = find_header(rows, COLUMNS)
    except MissingColumns:
        result.errors.append(
            Issue(
                f"Файл «{name}»: не найдена строка заголовков со столбцом «Логин ОО» или «Наименование ОО»."
            )
        )
        return result
    except TableError as exc:
        result.errors.append(Issue(str(exc)))
        return result
    if not (header.has("login") or header.has("school")):
        result.errors.append(
            Issue(
                f"Файл «{name}»: в строке заголовков {header.row_number} нет столбца «Логин ОО» или "
                "«Наименование ОО»: школу не найти."
            )
        )
        return result
    schools = SchoolsByLogin.load(municipality)
    for number, row in enumerate(rows[header.row_number :], start=header.row_number + 1):
        if not any(str(cell or "").strip() for cell in row):
            continue
        result.rows += 1
        _read_row(result, header, row, number, municipality, schools)
    if not result.rows:
        result.errors.append(Issue(no_rows_message(header.row_number, "строк со школами")))
    return result


def _issue(header, number: int, key: str, message: str) -> Issue:
    return Issue(message, row=number, column=header.written(key), letter=header.letter(key))


def _read_row(result, header, row, number: int, municipality: Municipality, schools: SchoolsByLogin) -> None:
    if header.has("municipality") and not same_municipality(header.text(row, "municipality"), municipality):
        result.other_municipality += 1
        return
    if header.has("year"):
        written = header.text(row, "year")
        value = cell_int(header.value(row, "year"))
        if written and value is None:
            result.errors.append(_issue(header, number, "year", f"«{written}» — не год"))
            return
        if value is not None and value != result.year:
            result.errors.append(
                _issue(header, number, "year", f"год {value}, а загружается список за {result.year} год")
            )
            return
    grade = vpr_grade(header.value(row, "class")) if header.has("class") else None
    if grade == "":
        written = header.text(row, "class")
        result.errors.append(
            _issue(header, number, "class", f"«{written}» — не класс (ВПР пишут 4–11 классы)")
        )
        return
    login = header.text(row, "login") if header.has("login") else ""
    name = header.text(row, "school") if header.has("school") else ""
    if not login and LOGIN_LIKE.fullmatch(name.replace(" ", "")):
        login, name = name, ""  # ФИС ОКО heads the login column «ОО»
    if not login and not name:
        key = "login" if header.has("login") else "school"
        result.errors.append(_issue(header, number, key, "не указаны ни логин, ни наименование ОО"))
        return
    school = school_by_login_or_name(schools, login, name)
    if school is None:
        result.unmatched.append({"row": number, "text": " · ".join(part for part in (login, name) if part)})
        return
    entry = result.listed.setdefault(school.pk, Listed(school))
    subject = header.text(row, "subject") if header.has("subject") else ""
    label = ", ".join(part for part in (subject, f"{grade} класс" if grade else "") if part)
    if label and label not in entry.subjects:
        entry.subjects.append(label)


def school_by_login_or_name(schools: SchoolsByLogin, login: str, name: str) -> School | None:
    """By the login stored on a school; else by the name, where exactly one school has it and no other
    login is stored on it."""
    key = login_key(login)
    if key and key in schools.by_key:
        return schools.by_key[key]
    found = schools.by_name.get(normalize_school_name(name), []) if name else []
    if len(found) != 1:
        return None
    school = found[0]
    if key and school.fis_oko_login and login_key(school.fis_oko_login) != key:
        return None
    return school


def flag_list_save(*, result: FlagListResult, municipality: Municipality) -> int:
    """Replace the municipality's list of the year with the file's schools; how many schools it holds."""
    if result.errors:
        raise ValueError("a list with errors is not saved")
    with transaction.atomic():
        OfficialFlag.objects.filter(municipality=municipality, year=result.year).delete()
        OfficialFlag.objects.bulk_create(
            OfficialFlag(
                municipality=municipality,
                year=result.year,
                school=entry.school,
                subjects=entry.subjects,
                source=result.name[:255],
            )
            for entry in result.listed.values()
        )
    result.saved = True
    return len(result.listed)
