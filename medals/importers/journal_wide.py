"""The wide layouts of electronic journals, turned into the rows of the long one (a row per mark).

Two layouts besides the long one, each on its own sheet (a workbook may hold several):

- a class sheet: pupils down, lesson dates across (a header row of dates), the subject, class and school
  year above the table («Предмет: …», «Класс: …», «Учебный год: …», or a title such as «Журнал 11А
  класса, Русский язык, 2023-2024»); period columns («1 четв.», «I полугодие», «Год») may follow the
  dates, and a row under the dates may name the kind of work («К/р», «С/р»). A cell may hold two marks
  («4/5»); absence letters («н», «б», «уп») are not marks and are passed over;
- a summary sheet («Сводная ведомость»): pupils down, subjects across, the period in the title («за 1
  полугодие», «за год») or in a second header row under each subject («1 ч», «2 ч», «год»).

Each mark becomes the long row ``[ФИО, Класс, Учебный год, Предмет, Период, Вид работы, Дата, Отметка,
Учитель]`` and is checked by the same rules as a long extract; errors name the sheet, the row and the
column as the sheet has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from common.imports import cell_text, column_letter, normalize_header

from ..models import Period
from .values import parse_academic_year, parse_class, parse_work_kind

CLASS_LAYOUT = "классный журнал: ученики по строкам, даты уроков по столбцам"
SUMMARY_LAYOUT = "сводная ведомость: ученики по строкам, предметы по столбцам"
LONG_LAYOUT = "построчная выгрузка: одна отметка в строке"
WIDE_POSITIONS = {
    "name": 0,
    "class": 1,
    "year": 2,
    "subject": 3,
    "period": 4,
    "kind": 5,
    "date": 6,
    "mark": 7,
    "teacher": 8,
}
NAME_HEADERS = {
    "фио",
    "ф и о",
    "фамилия имя",
    "фамилия имя отчество",
    "фио обучающегося",
    "фио ученика",
    "ученик",
    "ученики",
    "обучающийся",
    "обучающиеся",
    "учащийся",
}
IGNORED_HEADERS = re.compile(
    r"^(?:n|n п п|п п|номер|средн\w*(?: балл)?|ср балл|пропуски|пропущено|примечание)$"
)
NOT_MARKS = {"н", "нб", "н б", "б", "п", "у", "ув", "уп", "оп", "осв", "бол", "болен", "-", "–", "—", "/"}
SHORT_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$")
PERIOD_HEADER = re.compile(
    r"^(?:за\s+)?(1|2|3|4|i|ii|iii|iv)\s*(?:я\s+)?(ч|чет|четв|четверть|п|пг|п г|пол|полуг|полугодие)$"
)
ROMAN = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
PERIOD_IN_TITLE = re.compile(
    r"\bза\s+(?:([1-4]|I{1,3}|IV)\s*-?\s*(?:ю|е|я|ое|ую)?\s+(четверть|полугодие)|(?:учебный\s+)?год)",
    re.IGNORECASE,
)
TOTAL_ROWS = re.compile(r"^(?:итого|всего|средн|кол во|количество)")
YEAR_TEXT = re.compile(r"(20\d\d)\s*[-–—/]\s*(20\d\d|\d\d)")
CLASS_TEXT = re.compile(
    r"(?<!\d)(\d{1,2})\s*[-–]?\s*[«\"']?([А-ЯЁа-яё])?[»\"']?\s*(?:класс|кл\b)", re.IGNORECASE
)


def period_of_header(value: object) -> str | None:
    """«1 четв.», «I полугодие», «2 п/г», «Год», «Итог» → the period; None for anything else."""
    text = normalize_header(value)
    if text in {"год", "годовая", "за год", "годовая отметка", "г"}:
        return Period.YEAR
    if text in {"итог", "итоговая", "итоговая отметка", "итоговая оценка"}:
        return Period.FINAL
    match = PERIOD_HEADER.match(text)
    if not match:
        return None
    number = ROMAN[match.group(1)]
    if match.group(2).startswith(("ч", "чет")):
        return f"q{number}"
    return f"h{number}" if number <= 2 else None


def _header_date(value: object, year: int | None) -> tuple[date | None, bool]:
    """A lesson date of a header cell, and whether the cell looks like a date at all."""
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    match = SHORT_DATE.match(cell_text(value))
    if not match:
        return None, False
    day, month, written_year = int(match.group(1)), int(match.group(2)), match.group(3)
    if written_year:
        full = int(written_year) if len(written_year) == 4 else 2000 + int(written_year)
    elif year is not None:
        full = year if month >= 9 else year + 1
    else:
        return None, True
    try:
        return date(full, month, day), True
    except ValueError:
        return None, True


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]


@dataclass
class WideRead:
    """What reading the wide sheets found: the layouts, warnings and sheet-level errors."""

    layouts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    teacher_known: bool = False


def _is_name(value: object) -> bool:
    text = normalize_header(value)
    return (
        text in NAME_HEADERS or text.startswith(("фио ", "фамилия ", "список ")) or text in {"фио", "фамилия"}
    )


def name_column(rows: list[list[object]], index: int) -> int | None:
    """The pupils' column of a header row: the one headed as names, else (a header that leaves it blank)
    the first column whose cells below hold words."""
    header = rows[index]
    named = next((i for i, c in enumerate(header) if _is_name(c)), None)
    if named is not None:
        return named
    below = rows[index + 1 : index + 6]
    for column in range(len(header)):
        if cell_text(header[column]):
            continue
        texts = [cell_text(row[column]) for row in below if column < len(row)]
        if sum(1 for t in texts if re.fullmatch(r"[А-ЯЁа-яё-]+(?:\s+[А-ЯЁа-яё.-]+)+", t)) >= 1:
            return column
    return None


def _metadata(rows: list[list[object]]) -> dict[str, str]:
    """«Ключ: значение» lines (or a label cell and its value) and the title lines above a table."""
    found: dict[str, str] = {}
    titles: list[str] = []
    for row in rows:
        filled = [t for t in (cell_text(c) for c in row) if t]
        if not filled:
            continue
        titles.append(" ".join(filled))
        for position, text in enumerate(filled):
            label, _, value = text.partition(":")
            if not value.strip():
                value = filled[position + 1] if position + 1 < len(filled) else ""
            key = normalize_header(label)
            for name, labels in (
                ("subject", ("предмет", "учебный предмет", "дисциплина")),
                ("class", ("класс", "класс группа")),
                ("year", ("учебный год", "год", "уч год")),
                ("teacher", ("учитель", "педагог", "преподаватель", "фио учителя")),
                ("period", ("период", "учебный период", "период аттестации")),
            ):
                if key in labels and value.strip() and name not in found:
                    found[name] = value.strip()
    text = " ".join(titles)
    if "year" not in found:
        match = YEAR_TEXT.search(text)
        if match:
            found["year"] = f"{match.group(1)}-{match.group(2)}"
    if "class" not in found:
        match = CLASS_TEXT.search(text)
        if match:
            found["class"] = f"{match.group(1)}{(match.group(2) or '').upper()}"
    if "period" not in found:
        match = PERIOD_IN_TITLE.search(text)
        if match:
            found["period"] = f"{match.group(1)} {match.group(2)}" if match.group(1) else "год"
    found["title"] = text
    return found


def _year(meta: dict[str, str]) -> int | None:
    value = meta.get("year", "")
    year = parse_academic_year(value)
    if year is None:
        match = YEAR_TEXT.search(value)
        if match:
            year = parse_academic_year(f"{match.group(1)}-{match.group(2)}")
    return year


MONTHS = {
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "май": 5,
    "мая": 5,
}


def _month(value: object) -> int | None:
    text = normalize_header(value)
    return MONTHS.get(text[:3]) if text and text.isalpha() else None


def join_month_rows(rows: list[list[object]]) -> None:
    """A header of months over day numbers («Сентябрь» over 4, 11, 18) becomes one row of dates «04.09».

    The day row takes the dates (and the cells the month row alone has, such as «ФИО» merged down);
    the month row is emptied, so row numbers stay as the sheet has them.
    """
    for index, row in enumerate(rows[:30]):
        if index + 1 >= len(rows) or not any(_month(c) for c in row):
            continue
        days = rows[index + 1]
        month = None
        joined: list[object] = []
        for column in range(max(len(row), len(days))):
            top = row[column] if column < len(row) else ""
            bottom = days[column] if column < len(days) else ""
            month = _month(top) or (month if not cell_text(top) else None)
            day = cell_text(bottom)
            if month and re.fullmatch(r"\d{1,2}", day) and 1 <= int(day) <= 31:
                joined.append(f"{int(day):02d}.{month:02d}")
            else:
                joined.append(bottom if cell_text(bottom) else top)
        if sum(1 for cell in joined if SHORT_DATE.match(cell_text(cell))) >= 2:
            rows[index + 1] = joined
            rows[index] = []
            return


def detect(rows: list[list[object]], subjects) -> tuple[str, int] | None:
    """The wide layout of a sheet and its header row index, or None."""
    join_month_rows(rows)
    for index, row in enumerate(rows[:30]):
        dates = sum(1 for c in row if _header_date(c, 2000)[1])
        if not any(_is_name(c) for c in row) and not (dates >= 2 and name_column(rows, index) is not None):
            continue
        if dates >= 1:
            return CLASS_LAYOUT, index
        named = sum(1 for c in row if cell_text(c) and subjects(c) is not None)
        if named >= 2:
            return SUMMARY_LAYOUT, index
        below = rows[index + 1] if index + 1 < len(rows) else []
        if named >= 1 and sum(1 for c in below if period_of_header(c)) >= 1:
            return SUMMARY_LAYOUT, index
    return None


def _split_marks(value: object) -> list[str]:
    """«4/5», «4 5», «5,4» → two marks; «н» and other absence letters → none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [cell_text(value)]
    text = cell_text(value).strip()
    if not text or normalize_header(text) in NOT_MARKS or text in NOT_MARKS:
        return []
    parts = [p for p in re.split(r"[\s/;,]+", text) if p]
    if len(parts) > 1 and all(re.fullmatch(r"[2-5]", p) for p in parts):
        return parts
    return [text]


def _pupil_marks(rows: list[list[object]], start: int, name_col: int, columns: list[tuple], where: str):
    """Every mark of the pupils' rows from ``start`` (0-based): (row number, the row, the pupil's name, its
    column, where it stands for a message, the mark). ``columns`` are (index, header, …); a row with no
    name, a total («Итого», «Средний балл») or a number only is no pupil's."""
    for offset, row in enumerate(rows[start:]):
        number = start + offset + 1
        name = cell_text(row[name_col]) if name_col < len(row) else ""
        if not name or TOTAL_ROWS.match(normalize_header(name)) or name.isdigit():
            continue
        for column in columns:
            index, head = column[0], column[1]
            cell = row[index] if index < len(row) else ""
            place = f"{where}, «{head}» ({column_letter(index)})"
            for mark in _split_marks(cell):
                yield number, row, name, column, place, mark


def class_rows(
    sheet: Sheet, header_index: int, found: WideRead, subjects
) -> Iterator[tuple[int, list, dict]]:
    """The long rows of a class sheet (pupils × dates)."""
    rows = sheet.rows
    meta = _metadata(rows[:header_index])
    year = _year(meta)
    header = rows[header_index]
    subject_text = meta.get("subject", "")
    if not subject_text and subjects(sheet.name) is not None:
        subject_text = sheet.name
    if not subject_text:
        title = meta.get("title", "")
        for fragment in re.split(r"[,;.«»\"()]|\s[-–—]\s", title):
            if fragment.strip() and subjects(fragment.strip()) is not None:
                subject_text = fragment.strip()
                break
    teacher = meta.get("teacher", "")
    found.teacher_known = found.teacher_known or bool(teacher)
    where = f"лист «{sheet.name}»"
    if not subject_text:
        found.errors.append(
            (header_index + 1, "Предмет", f"{where}: над таблицей не указан предмет («Предмет: …»).")
        )
    if "class" not in meta and parse_class(sheet.name):
        meta["class"] = sheet.name.strip()  # a sheet named after its class: «11А»
    if "class" not in meta:
        found.errors.append(
            (header_index + 1, "Класс", f"{where}: над таблицей не указан класс («Класс: 11А»).")
        )
    name_col = name_column(rows, header_index)
    kinds_row = None
    below = rows[header_index + 1] if header_index + 1 < len(rows) else []
    if any(parse_work_kind(c) for c in below) and not cell_text(
        below[name_col] if name_col < len(below) else ""
    ):
        kinds_row = below
    columns: list[tuple[int, str, date | None, str, str]] = []  # (index, header, date, period, kind)
    for index, value in enumerate(header):
        if index == name_col or not cell_text(value):
            continue
        period = period_of_header(value)
        if period:
            columns.append((index, cell_text(value), None, period, ""))
            continue
        day, is_date = _header_date(value, year)
        if is_date:
            if day is None:
                message = (
                    f"{where}: дата «{cell_text(value)}» без года, а учебный год над таблицей не указан "
                    "(«Учебный год: 2023-2024»)."
                    if year is None
                    else f"{where}: «{cell_text(value)}» — такой даты нет."
                )
                found.errors.append((header_index + 1, column_letter(index), message))
                continue
            kind = cell_text(kinds_row[index]) if kinds_row is not None and index < len(kinds_row) else ""
            columns.append((index, cell_text(value), day, "", kind or "текущая"))
        elif not IGNORED_HEADERS.match(normalize_header(value)):
            found.warnings.append(
                f"{where}: столбец «{cell_text(value)}» ({column_letter(index)}) не распознан и пропущен."
            )
    if year is None:
        first = next((c[2] for c in columns if c[2] is not None), None)
        if first is not None:
            year = first.year if first.month >= 9 else first.year - 1
    year_text = f"{year}-{year + 1}" if year is not None else meta.get("year", "")
    start = header_index + 1 + (1 if kinds_row is not None else 0)
    for number, _, name, column, place, mark in _pupil_marks(rows, start, name_col, columns, where):
        _, _, day, period, kind = column
        yield (
            number,
            [
                name,
                meta.get("class", ""),
                year_text,
                subject_text,
                Period(period).label if period else "",
                "" if period else kind,
                day or "",
                mark,
                teacher,
            ],
            {"mark": place, "date": place, "period": place, "kind": place},
        )


def summary_rows(
    sheet: Sheet, header_index: int, found: WideRead, subjects
) -> Iterator[tuple[int, list, dict]]:
    """The long rows of a summary sheet (pupils × subjects, period marks)."""
    rows = sheet.rows
    meta = _metadata(rows[:header_index])
    header = rows[header_index]
    where = f"лист «{sheet.name}»"
    year = _year(meta)
    if year is None:
        found.errors.append(
            (header_index + 1, "Учебный год", f"{where}: над таблицей не указан учебный год («2023-2024»).")
        )
    name_col = name_column(rows, header_index)
    class_col = next(
        (i for i, c in enumerate(header) if normalize_header(c) in {"класс", "класс группа"}), None
    )
    if class_col is None and "class" not in meta:
        found.errors.append(
            (header_index + 1, "Класс", f"{where}: над таблицей не указан класс («Класс: 11А»).")
        )
    below = rows[header_index + 1] if header_index + 1 < len(rows) else []
    two_level = sum(1 for c in below if period_of_header(c)) >= 1
    sheet_period = period_of_header(meta.get("period", "")) or period_of_header(
        re.sub(r"^за\s+", "", normalize_header(meta.get("period", "")))
    )
    columns: list[tuple[int, str, str, str]] = []  # (index, header, subject text, period)
    current_subject = ""
    for index, value in enumerate(header):
        if index in (name_col, class_col):
            continue
        text = cell_text(value)
        if text:
            current_subject = text if subjects(value) is not None else ""
            if not current_subject and not IGNORED_HEADERS.match(normalize_header(value)):
                found.warnings.append(
                    f"{where}: столбец «{text}» ({column_letter(index)}) не распознан и пропущен."
                )
        if not current_subject:
            continue
        if two_level:
            period = period_of_header(below[index] if index < len(below) else "")
            if period is None:
                continue
        elif text:
            period = sheet_period
        else:
            continue
        columns.append((index, current_subject, current_subject, period or ""))
    if not two_level and sheet_period is None:
        found.errors.append(
            (
                header_index + 1,
                "Период",
                f"{where}: не указан период ведомости («за 1 полугодие», «Период: год») и нет строки "
                "периодов под предметами.",
            )
        )
        return
    year_text = f"{year}-{year + 1}" if year is not None else ""
    start = header_index + 1 + (1 if two_level else 0)
    for number, row, name, column, place, mark in _pupil_marks(rows, start, name_col, columns, where):
        _, _, subject_text, period = column
        class_text = cell_text(row[class_col]) if class_col is not None and class_col < len(row) else ""
        yield (
            number,
            [
                name,
                class_text or meta.get("class", ""),
                year_text,
                subject_text,
                Period(period).label if period else "",
                "",
                "",
                mark,
                "",
            ],
            {"mark": place, "period": place, "subject": place, "class": place},
        )
