"""Header recognition: the synonym table (data, in one place) and the search for the header row.

A header is compared by its key: lower case, «ё» as «е», «№» as «N», and only letters and digits kept,
so case, punctuation, line breaks and spaces inside a header do not matter («Ф.И.О.» = «ФИО»,
«Фамилия,\\nимя, отчество» = «фамилия имя отчество»). A bracketed note after a header is ignored too
(«Дата рождения (ДД.ММ.ГГГГ)»).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .cells import cell_text, column_letter
from .issues import TableError

HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
SAMPLE_ROWS = 5  # rows shown under the header when a column has to be chosen by hand

# Every column any import knows, by its key: the ways people head it. Add a spelling here, never in an
# importer; each spelling is tested (tests/common/test_headers.py).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    # shared by many files
    "number": ("№", "N", "No", "№ п/п", "N п/п", "No п/п", "п/п", "номер", "номер п/п", "№№"),
    "school": (
        "ОО",
        "школа",
        "образовательная организация",
        "образовательное учреждение",
        "наименование ОО",
        "название ОО",
        "наименование образовательной организации",
        "наименование школы",
        "место работы",
    ),
    "full_name": (
        "ФИО",
        "Ф.И.О.",
        "Фамилия, имя, отчество",
        "Фамилия имя отчество",
        "ФИО обучающегося",
        "ФИО ученика",
        "ФИО участника",
        "ФИО претендента",
        "претендент",
    ),
    "last_name": ("Фамилия",),
    "first_name": ("Имя",),
    "middle_name": ("Отчество",),
    "birth_date": ("Дата рождения", "Дата рожд.", "Д.р.", "ДР"),
    "class": ("Класс", "Наименование класса", "Кл."),
    "subject": ("Предмет", "Учебный предмет", "Дисциплина"),
    "academic_year": ("Учебный год", "Уч. год", "Год обучения"),
    "login": ("Логин ФИС ОКО", "Логин ОО", "Логин", "Логин в ФИС ОКО", "Пользователь"),
    "year": ("Год", "Год проведения", "Год ВПР"),
    # the list of schools
    "school_code": ("Код", "Код ОО", "Код школы"),
    "short_name": ("Краткое наименование", "Краткое название", "Наименование краткое", "Школа"),
    "full_school_name": ("Полное наименование", "Полное название", "Наименование полное", "Наименование ОО"),
    "school_kind": ("Тип", "Тип ОО", "Вид", "Вид ОО"),
    "municipality": ("Муниципалитет", "Муниципальное образование", "Район", "Муниципальный район"),
    # the register of medal candidates
    "medal": ("Степень медали", "Медаль", "Степень", "Претендует на медаль"),
    "previous_school": (
        "Предыдущая школа",
        "Предыдущая ОО",
        "Прежняя школа",
        "Прежняя ОО",
        "Откуда прибыл",
        "Из какой школы",
    ),
    "transfer_date": ("Дата перевода", "Дата прибытия", "Дата зачисления"),
    "exam_form": (
        "Форма ГИА",
        "Форма ГИА-11",
        "Форма прохождения ГИА",
        "Форма сдачи ГИА",
        "Форма экзамена",
        "Экзамен",
        "ЕГЭ/ГВЭ",
        "ЕГЭ или ГВЭ",
    ),
    # medals issued after graduation
    "issued_medal": (
        "Медаль",
        "Выданная медаль",
        "Получена медаль",
        "Получил медаль",
        "Награждён медалью",
        "Медаль «За особые успехи в учении»",
    ),
    # the ВПР dates schools chose
    "held_on": (
        "Дата",
        "Дата ВПР",
        "Дата проведения",
        "Дата проведения ВПР",
        "Дата в школе",
        "Выбранная дата",
    ),
    # ЕГЭ and ОГЭ results
    "participant_code": (
        "Код участника",
        "Код участника ГИА",
        "Код участника ОГЭ",
        "Уникальный код участника",
    ),
    "exam_date": ("Дата экзамена", "Дата проведения экзамена", "Дата сдачи", "Дата ОГЭ"),
    "primary_score": ("Первичный балл", "Первичные баллы", "Сумма первичных баллов", "Сумма баллов"),
    "test_score": ("Тестовый балл", "Балл", "Стобалльный балл"),
    "exam_mark": (
        "Отметка",
        "Оценка",
        "Отметка ОГЭ",
        "Оценка ОГЭ",
        "Отметка по пятибалльной шкале",
        "Оценка по пятибалльной шкале",
        "Отметка по 5-балльной шкале",
        "Оценка по 5-балльной шкале",
        "Пятибалльная отметка",
        "Итоговая отметка",
    ),
    # the appendices of a plan (a schedule of mock exams and its commission): a header is matched by its
    # start there («Место проведения экзамена», «Наименование ОО (место работы)»)
    "venue": ("Место", "Место проведения"),
    "schedule_date": ("Дата", "Срок", "Дата проведения"),
    "member": ("ФИО", "Ф.И.О.", "Фамилия"),
    "member_school": ("Наименование", "ОО", "Школа", "Место работы", "Образовательн"),
}

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(value: object) -> str:
    """The comparable form of a header: «Ф.И.О.» → «фио», «№ п/п» → «nпп»."""
    text = cell_text(value).lower().replace("ё", "е").replace("№", "n")
    return "".join(re.findall(r"[a-zа-я0-9]+", text))


def header_keys(value: object) -> set[str]:
    """The key of a header, and the key without its bracketed notes."""
    keys = {header_key(value)}
    text = cell_text(value)
    if "(" in text or "[" in text:
        keys.add(header_key(_BRACKETS.sub(" ", text)))
    keys.discard("")
    return keys


def normalize_header(value: object) -> str:
    """Lower case, «ё» as «е», words only, one space between: for names and values read from cells."""
    words = re.findall(r"[a-zа-я0-9]+", cell_text(value).lower().replace("ё", "е"))
    return " ".join(words)


@dataclass(frozen=True)
class Column:
    """A column an import reads: its key in ``HEADER_SYNONYMS``, its name in the template, whether the
    file must have it, and the columns that may stand for it together (Фамилия + Имя + Отчество for ФИО;
    all but the last of ``parts`` are then needed)."""

    key: str
    title: str
    required: bool = False
    parts: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()

    def spellings(self) -> set[str]:
        return {header_key(s) for s in (self.title, *self.synonyms, *HEADER_SYNONYMS.get(self.key, ()))}


@dataclass
class Header:
    """Where each known column stands in the file, found in row ``row_number`` (as Excel counts)."""

    row_number: int
    positions: dict[str, int]
    cells: list[str] = field(default_factory=list)
    columns: dict[str, Column] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        if key in self.positions:
            return True
        column = self.columns.get(key)
        return bool(column and column.parts and all(p in self.positions for p in column.parts[:-1]))

    def value(self, row: Sequence[object], key: str) -> object:
        """The cell of ``key`` in ``row``; for a column found as its parts, their texts joined by spaces."""
        index = self.positions.get(key)
        if index is not None:
            return row[index] if index < len(row) else ""
        column = self.columns.get(key)
        if column and column.parts:
            texts = [cell_text(self.value(row, part)) for part in column.parts if part in self.positions]
            return " ".join(text for text in texts if text)
        return ""

    def text(self, row: Sequence[object], key: str) -> str:
        return cell_text(self.value(row, key))

    def index(self, key: str) -> int | None:
        if key in self.positions:
            return self.positions[key]
        column = self.columns.get(key)
        if column and column.parts:
            return next((self.positions[p] for p in column.parts if p in self.positions), None)
        return None

    def letter(self, key: str) -> str | None:
        index = self.index(key)
        return column_letter(index) if index is not None else None

    def written(self, key: str) -> str:
        """The column's header as the file writes it (its template name when the file has none)."""
        index = self.index(key)
        text = self.cells[index] if index is not None and index < len(self.cells) else ""
        return text or self.columns[key].title


class MissingColumns(TableError):
    """Required columns are not in the file. Carries what the column question shows: the row taken as the
    header (``header_row``, None when no row looked like one), its cells and a few rows under it."""

    def __init__(
        self,
        message: str,
        *,
        missing: list[Column],
        columns: Sequence[Column],
        header_row: int | None,
        cells: list[str],
        sample: list[list[str]],
        found: dict[str, int],
    ) -> None:
        super().__init__(message)
        self.missing = missing
        self.columns = list(columns)
        self.header_row = header_row
        self.cells = cells
        self.sample = sample
        self.found = found


def _with_parts(columns: Sequence[Column]) -> list[Column]:
    """The columns, and the parts that may stand for one of them (each with its first synonym as title)."""
    result = list(columns)
    known = {c.key for c in result}
    for column in columns:
        for part in column.parts:
            if part not in known:
                result.append(Column(part, HEADER_SYNONYMS.get(part, (part,))[0]))
                known.add(part)
    return result


def _locate(
    cells: Sequence[object],
    columns: Sequence[Column],
    chosen: Mapping[str, str],
    prefix: bool,
) -> dict[str, int]:
    keyed = [header_keys(cell) for cell in cells]
    positions: dict[str, int] = {}
    for key, written in chosen.items():
        wanted = header_key(written)
        index = next((i for i, keys in enumerate(keyed) if wanted in keys), None)
        if index is not None:
            positions[key] = index
    taken = set(positions.values())
    spellings = [(column.key, column.spellings()) for column in columns if column.key not in positions]
    for index, keys in enumerate(keyed):
        if index in taken or not keys:
            continue
        for key, names in spellings:
            if key in positions:
                continue
            hit = keys & names if not prefix else any(k.startswith(n) for k in keys for n in names if n)
            if hit:
                positions[key] = index
                break
    return positions


def match_columns(
    cells: Sequence[object],
    columns: Sequence[Column],
    *,
    chosen: Mapping[str, str] | None = None,
    prefix: bool = False,
) -> Header:
    """The columns found in one given header row (``prefix``: a header may continue past a synonym)."""
    columns = _with_parts(columns)
    positions = _locate(cells, columns, chosen or {}, prefix)
    return Header(
        row_number=1,
        positions=positions,
        cells=[cell_text(c) for c in cells],
        columns={c.key: c for c in columns},
    )


def _satisfied(positions: Mapping[str, int], column: Column) -> bool:
    if column.key in positions:
        return True
    return bool(column.parts) and all(part in positions for part in column.parts[:-1])


def find_header(
    rows: Iterable[Sequence[object]],
    columns: Sequence[Column],
    *,
    chosen: Mapping[str, str] | None = None,
    search_rows: int = HEADER_SEARCH_ROWS,
    prefix: bool = False,
) -> Header:
    """Read rows until one names every required column, in any order and wording.

    ``chosen`` maps a column key to the file's header that a person said is that column (the column
    question, ``--column``, or a remembered choice); it wins over the synonyms. Raises MissingColumns.
    When ``rows`` is an iterator, it stands after the header row on return.
    """
    chosen = chosen or {}
    columns = _with_parts(columns)
    by_key = {c.key: c for c in columns}
    required = [c for c in columns if c.required]
    seen: list[list[object]] = []
    best: tuple[int, int, dict[str, int]] | None = None  # (score, index in seen, positions)
    iterator: Iterator[Sequence[object]] = iter(rows)
    for number, row in enumerate(iterator, start=1):
        seen.append(list(row))
        positions = _locate(row, columns, chosen, prefix)
        if positions and all(_satisfied(positions, c) for c in required):
            return Header(
                row_number=number, positions=positions, cells=[cell_text(c) for c in row], columns=by_key
            )
        score = sum(_satisfied(positions, c) for c in columns)
        if score and (best is None or score > best[0]):
            best = (score, number - 1, positions)
        if number >= search_rows:
            break
    for _ in range(SAMPLE_ROWS):  # a few rows more, for the column question
        row = next(iterator, None)
        if row is None:
            break
        seen.append(list(row))
    if best is None:
        header_index = next((i for i, row in enumerate(seen) if any(cell_text(c) for c in row)), None)
        found: dict[str, int] = {}
        message = (
            "В файле не найдена строка заголовков. Первая строка должна содержать названия столбцов: "
            + ", ".join(f"«{c.title}»" for c in required)
            + ". Скачайте шаблон на странице загрузки."
        )
        missing = required
    else:
        _, header_index, found = best
        missing = [c for c in required if not _satisfied(found, c)]
        message = f"В файле нет обязательных столбцов: {', '.join(f'«{c.title}»' for c in missing)}."
    cells = [cell_text(c) for c in seen[header_index]] if header_index is not None else []
    sample = (
        [[cell_text(c) for c in row] for row in seen[header_index + 1 :]][:SAMPLE_ROWS]
        if header_index is not None
        else []
    )
    raise MissingColumns(
        message,
        missing=missing,
        columns=columns,
        header_row=header_index + 1 if header_index is not None else None,
        cells=cells,
        sample=sample,
        found=found,
    )


def no_rows_message(header_row: int, what: str) -> str:
    """The error of a table whose header has nothing under it (or stands below the data)."""
    return (
        f"Под строкой заголовков (строка {header_row}) нет {what}. "
        "Заголовки должны стоять над данными, как в шаблоне."
    )
