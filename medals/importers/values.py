"""Reading single cells of the candidate register and the journal extract, as people type them.

Each parser returns the value or None when the text cannot be read; the importer turns None into an
error naming the row and the column.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from common.imports import cell_text, normalize_header

from ..models import ExamForm, IssuedMedal, MedalDegree, Period, WorkKind

CLASS_RE = re.compile(r"^(\d{1,2})\s*[-–]?\s*[«\"']?([а-яёa-z]?)[»\"']?\s*(?:класс|кл\.?)?$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})(?:\s*(?:уч\.?\s*г(?:од|\.)?|учебный год|г\.?))?$")
ROMAN = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
PERIOD_RE = re.compile(r"^(?:за )?(1|2|3|4|i|ii|iii|iv)(?: я)? (четверть|полугодие)$")
PERIOD_WORDS: dict[str, str] = {
    "": Period.NONE,
    "год": Period.YEAR,
    "за год": Period.YEAR,
    "годовая": Period.YEAR,
    "учебный год": Period.YEAR,
    "итоговая": Period.FINAL,
    "итог": Period.FINAL,
    "итоговая отметка": Period.FINAL,
}
WORK_KINDS: dict[str, str] = {
    "текущая": WorkKind.CURRENT,
    "текущая отметка": WorkKind.CURRENT,
    "текущий контроль": WorkKind.CURRENT,
    "работа на уроке": WorkKind.CURRENT,
    "ответ на уроке": WorkKind.CURRENT,
    "устный ответ": WorkKind.CURRENT,
    "домашняя работа": WorkKind.CURRENT,
    "контрольная работа": WorkKind.CONTROL,
    "контрольная": WorkKind.CONTROL,
    "кр": WorkKind.CONTROL,
    "к р": WorkKind.CONTROL,
    "контрольный диктант": WorkKind.CONTROL,
    "итоговая контрольная работа": WorkKind.CONTROL,
    "самостоятельная работа": WorkKind.INDEPENDENT,
    "самостоятельная": WorkKind.INDEPENDENT,
    "ср": WorkKind.INDEPENDENT,
    "с р": WorkKind.INDEPENDENT,
    "проверочная работа": WorkKind.CHECK,
    "проверочная": WorkKind.CHECK,
    "диктант": WorkKind.CHECK,
    "сочинение": WorkKind.CHECK,
    "изложение": WorkKind.CHECK,
    "тест": WorkKind.CHECK,
    "тестирование": WorkKind.CHECK,
    "лабораторная работа": WorkKind.CHECK,
    "практическая работа": WorkKind.CHECK,
    "зачетная работа": WorkKind.CHECK,
    "четвертная": WorkKind.PERIOD,
    "четвертная отметка": WorkKind.PERIOD,
    "полугодовая": WorkKind.PERIOD,
    "полугодовая отметка": WorkKind.PERIOD,
    "годовая": WorkKind.YEAR,
    "годовая отметка": WorkKind.YEAR,
    "итоговая": WorkKind.FINAL,
    "итоговая отметка": WorkKind.FINAL,
}
MARKS: dict[str, tuple[str, int | None]] = {
    "5": ("5", 5),
    "4": ("4", 4),
    "3": ("3", 3),
    "2": ("2", 2),
    "зач": ("зач", None),
    "зачет": ("зач", None),
    "зачтено": ("зач", None),
    "н а": ("н/а", None),
    "на": ("н/а", None),
    "не аттестован": ("н/а", None),
}
DEGREES: dict[str, int] = {
    "1": MedalDegree.FIRST,
    "i": MedalDegree.FIRST,
    "i степени": MedalDegree.FIRST,
    "1 степени": MedalDegree.FIRST,
    "первой степени": MedalDegree.FIRST,
    "золотая": MedalDegree.FIRST,
    "2": MedalDegree.SECOND,
    "ii": MedalDegree.SECOND,
    "ii степени": MedalDegree.SECOND,
    "2 степени": MedalDegree.SECOND,
    "второй степени": MedalDegree.SECOND,
    "серебряная": MedalDegree.SECOND,
    "i степень": MedalDegree.FIRST,
    "1 степень": MedalDegree.FIRST,
    "ii степень": MedalDegree.SECOND,
    "2 степень": MedalDegree.SECOND,
}
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")


def parse_class(value: Any) -> tuple[int, str] | None:
    """«10А», «11 Б», «11-в» → (11, "В")."""
    match = CLASS_RE.match(cell_text(value))
    if not match:
        return None
    return int(match.group(1)), match.group(2).upper()


def class_label(grade: int, letter: str) -> str:
    return f"{grade}{letter}"


def parse_academic_year(value: Any) -> int | None:
    """«2023-2024», «2023/24» → 2023 (the year the school year starts)."""
    match = YEAR_RE.match(cell_text(value).lower())
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return start if end_year == start + 1 else None


def parse_period(value: Any) -> str | None:
    text = normalize_header(value)
    if text in PERIOD_WORDS:
        return PERIOD_WORDS[text]
    match = PERIOD_RE.match(text)
    if not match:
        return None
    number = ROMAN[match.group(1)]
    if match.group(2) == "четверть":
        return f"q{number}"
    return f"h{number}" if number <= 2 else None


def parse_work_kind(value: Any) -> str | None:
    return WORK_KINDS.get(normalize_header(value))


def parse_mark(value: Any) -> tuple[str, int | None] | None:
    """A mark 2-5, «зач» or «н/а» as (text, number). A number must stand alone: «-5», «5+» or «4.5»
    are not marks, though punctuation in words («н/а», «Зач.») does not matter."""
    text = cell_text(value).strip().lower().replace("ё", "е")
    digits = re.fullmatch(r"([2-5])(?:[.,]0+)?", text)  # a spreadsheet number 5.0 is the mark 5
    if digits:
        return MARKS[digits.group(1)]
    if re.search(r"\d", text):
        return None
    return MARKS.get(normalize_header(text))


DEGREE_WORDS = (
    (re.compile(r"(?:^| )(?:ii|2|второй) степени"), MedalDegree.SECOND),
    (re.compile(r"(?:^| )(?:i|1|первой) степени"), MedalDegree.FIRST),
    (re.compile(r"серебр"), MedalDegree.SECOND),
    (re.compile(r"золот"), MedalDegree.FIRST),
)


def parse_degree(value: Any) -> int | None:
    """«I», «2», «II степени», «золотая», «медаль «За особые успехи в учении» I степени» → the degree."""
    text = normalize_header(value)
    degree = DEGREES.get(text.removeprefix("медаль ").strip())
    if degree is not None:
        return degree
    return next((degree for pattern, degree in DEGREE_WORDS if pattern.search(text)), None)


EXAM_FORM_RE = re.compile(r"^(егэ|гвэ)(?: 11)?(?: (?:письменн|устн)\w*(?: форм\w*)?)?$")
NO_MEDAL = {"", "нет", "не выдана", "не выдавалась", "не награжден", "не награждена", "без медали", "0"}


def parse_exam_form(value: Any) -> str | None:
    """«ЕГЭ», « гвэ », «"ГВЭ-11"», «ГВЭ (письменная форма)» → the form of ГИА; an empty cell is ЕГЭ."""
    text = normalize_header(value)
    if not text:
        return ExamForm.EGE
    match = EXAM_FORM_RE.match(text)
    if not match:
        return None
    return ExamForm.GVE if match.group(1) == "гвэ" else ExamForm.EGE


def parse_issued_medal(value: Any) -> str | None:
    """The medal a graduate received: «I степени», «золотая», «1» → I; «II степени», «серебряная», «2» → II;
    «нет», «-» or an empty cell → none issued."""
    text = normalize_header(value)
    if text in NO_MEDAL:
        return IssuedMedal.NONE
    degree = parse_degree(value)
    if degree is None:
        return None
    return IssuedMedal.FIRST if degree == MedalDegree.FIRST else IssuedMedal.SECOND


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s*(?:г\.?|года?)$", "", cell_text(value))  # «05.04.2006 г.»
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def school_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)
