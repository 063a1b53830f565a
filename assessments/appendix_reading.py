"""Reading the appendices of an imported plan (Приложения №2 и №3): which table is which, their columns,
and the subject, round, date and time, school and person each cell names."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from common.imports import Column, cell_text, match_columns
from roadmaps.models import Appendix
from schools.models import User

from .models import MockExam

# Our name of each column → the column of the synonym table (common.imports.headers) it is found by.
SCHEDULE_COLUMNS = {
    "subject": Column("subject", "Предмет"),
    "venue": Column("venue", "Место проведения"),
    "date": Column("schedule_date", "Дата проведения"),
}
COMMISSION_COLUMNS = {
    "subject": Column("subject", "Предмет"),
    "name": Column("member", "ФИО"),
    "school": Column("member_school", "Наименование ОО"),
}
COLUMN_LABELS = {
    "subject": "Предмет",
    "venue": "Место проведения",
    "date": "Дата проведения",
    "name": "ФИО",
    "school": "Наименование ОО",
}
ROUND_RE = re.compile(r"(перв|втор|трет)\w*\s+пробн\w*", re.IGNORECASE)
ROUNDS = {"перв": MockExam.Round.FIRST, "втор": MockExam.Round.SECOND, "трет": MockExam.Round.THIRD}
DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
TIME_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[.:]\s*(\d{2})(?!\d)")
HOUR_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*ч(?![а-яё])", re.IGNORECASE)
APPENDIX_NUMBER_RE = re.compile(r"^\s*(Приложение\s*№?\s*\d+)\s*[.:]?\s*", re.IGNORECASE)
_TRANSLIT = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"},
    **{"ъ": "", "ь": ""},
}


class AppendixImportError(Exception):
    """The appendices cannot become a schedule; ``errors`` name the appendix, row and column of each."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- reading cells --------------------------------------------------------------------------------------


def appendix_label(appendix: Appendix) -> str:
    """«Приложение №2» as the document numbers it, or the start of its title."""
    match = APPENDIX_NUMBER_RE.match(appendix.title)
    if match:
        return " ".join(match.group(1).split())
    return f"Приложение «{cell_text(appendix.title)[:60]}»"


def appendix_columns(header: Sequence[object], wanted: dict[str, Column]) -> dict[str, int]:
    """Column index of every wanted column found in the header row, by the start of its header."""
    found = match_columns(header, list(wanted.values()), prefix=True).positions
    return {name: found[column.key] for name, column in wanted.items() if column.key in found}


def appendix_header(appendix: Appendix) -> list[object]:
    return list(appendix.rows[0]) if appendix.rows else []


def is_schedule_appendix(appendix: Appendix) -> bool:
    return len(appendix_columns(appendix_header(appendix), SCHEDULE_COLUMNS)) == len(SCHEDULE_COLUMNS)


def is_commission_appendix(appendix: Appendix) -> bool:
    return not is_schedule_appendix(appendix) and len(
        appendix_columns(appendix_header(appendix), COMMISSION_COLUMNS)
    ) == len(COMMISSION_COLUMNS)


def data_rows(appendix: Appendix) -> list[tuple[int, list[object]]]:
    """(row number under the header, cells) of every row with something written in it."""
    return [
        (number, list(row))
        for number, row in enumerate(appendix.rows[1:], start=1)
        if any(cell_text(cell) for cell in row)
    ]


def cell_at(row: Sequence[object], index: int) -> str:
    return cell_text(row[index]) if index < len(row) else ""


class Place:
    """Where a problem is: «Приложение №2, строка 3, столбец «Место проведения»»."""

    def __init__(self, appendix: Appendix, header: Sequence[object]) -> None:
        self.label = appendix_label(appendix)
        self.header = header

    def __call__(self, row: int, index: int, key: str) -> str:
        written = cell_text(self.header[index]) if index < len(self.header) else ""
        return f"{self.label}, строка {row}, столбец «{written or COLUMN_LABELS[key]}»"


# --- subjects, rounds, dates, schools, people --------------------------------------------------------


def exam_round(text: str) -> int | None:
    match = ROUND_RE.search(text)
    return ROUNDS[match.group(1).lower()] if match else None


def subject_text(text: str) -> str:
    return cell_text(re.sub(r"[()]", " ", ROUND_RE.sub(" ", text)))


def exam_moment(text: str) -> tuple[datetime.date, datetime.time]:
    """«20.12.2024 г. в 11.00 ч.» → (20.12.2024, 11:00). ValueError with the reason in Russian."""
    dates = DATE_RE.findall(text)
    if not dates:
        raise ValueError(f"в ячейке «{text}» нет даты вида ДД.ММ.ГГГГ")
    if len(dates) > 1:
        raise ValueError(f"в ячейке «{text}» несколько дат: у экзамена должна быть одна")
    day, month, year = (int(part) for part in dates[0])
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"даты {day:02d}.{month:02d}.{year} не существует") from None
    rest = DATE_RE.sub(" ", text)
    if match := TIME_RE.search(rest):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := HOUR_RE.search(rest):
        hour, minute = int(match.group(1)), 0
    else:
        raise ValueError(f"в ячейке «{text}» не указано время начала (например, «в 10.00 ч.»)")
    if hour > 23 or minute > 59:
        raise ValueError(f"время {hour}.{minute:02d} в ячейке «{text}» не существует")
    return date, datetime.time(hour, minute)


def _translit(text: str) -> str:
    return "".join(
        _TRANSLIT.get(char, char if char.isascii() and char.isalnum() else "") for char in text.lower()
    )


def free_username(last_name: str, first_name: str, middle_name: str) -> str:
    base = f"{_translit(last_name)}.{_translit(first_name[:1] + middle_name[:1])}".strip(".") or "member"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    return username
