"""The journal extract's columns, and its rows read in whatever layout the file has (long or wide)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from common.imports import (
    Column,
    MissingColumns,
    TableError,
    cell_text,
    find_header,
    iter_table_rows,
    read_spreadsheet,
    sheet_names,
)

from ..models import Period, WorkKind
from .journal_result import JournalResult
from .journal_wide import (
    LONG_LAYOUT,
    WIDE_POSITIONS,
    Sheet,
    WideRead,
    class_rows,
    detect,
    summary_rows,
)

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


def open_rows(*, path: Path, name: str, result: JournalResult, subjects, chosen: Mapping[str, str]):
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
