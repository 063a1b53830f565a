"""The ФИС ОКО «Индивидуальные результаты» layout of ВПР results: its columns and their other headings,
the rows and the report of one file, and the template to download. Reading and saving: vpr_import.py."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook

from common.imports import (
    Column,
    MissingColumns,
    cell_int,
    cell_text,
    header_key,
)
from schools.models import Municipality, School

from .result_imports import ResultReport, remember_answers
from .vpr_scales import scale_text
from .vpr_schools import LoginMatch

TASK_RE = re.compile(r"^(\d+(?:\.\d+)*)\s*\(\s*(\d+)\s*б\.?\s*\)$", re.IGNORECASE)
NOT_ATTEMPTED = {"X", "Х", "x", "х", ""}
LEVELS = {"б": "Б", "базовый": "Б", "п": "П", "повышенный": "П"}
REQUIRED = ("ОО", "Код участника", "Класс", "Первичный балл", "Отметка", "Отметка по журналу")
OPTIONAL = ("Муниципалитет", "Название ОО", "Вариант")
MARKS = (2, 3, 4, 5)
LAYOUT = "ФИС ОКО «Индивидуальные результаты»"


def journal_mark(value: object, bad: Callable[[str], None]) -> int | None:
    """The «Отметка по журналу» of a row: a mark 2…5, None for an empty cell; anything else is ``bad``."""
    text = cell_text(value)
    mark = cell_int(value) if text else None
    if text and mark not in MARKS:
        bad(f"«{text}» — ожидается отметка от 2 до 5 или пустая ячейка")
    return mark


@dataclass
class VprRow:
    row: int
    school: School
    login: str
    code: str
    class_name: str
    variant: str
    task_scores: list[int | None]
    primary: int
    mark: int
    journal: int | None


@dataclass
class VprReport(ResultReport):
    title: str = ""
    subject: str = ""
    grade: int | None = None
    year: int | None = None
    held_on: date | None = None
    max_score: int | None = None
    tasks: list[dict] = field(default_factory=list)
    rows: list[VprRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: int = 0
    matched: list[LoginMatch] = field(default_factory=list)  # logins found by «Название ОО»
    logins_saved: int = 0
    layout: str = LAYOUT
    absent: int = 0  # «Протокол»: pupils marked «отсутствовал»
    absent_by_school: dict[str, int] = field(default_factory=dict)
    scale: list[int] | None = None  # «Протокол»: least primary scores for «3», «4», «5»
    scale_source: str = ""
    scale_changed: bool = False
    store_scale: bool = False
    user: object = None  # who gave the scale, stored with it

    def schools(self) -> dict[str, int]:
        counts = Counter(row.school.code for row in self.rows)
        return dict(sorted(counts.items()))

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "file": self.filename,
            "title": self.title,
            "subject": self.subject,
            "grade": self.grade,
            "year": self.year,
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "max_score": self.max_score,
            "tasks": len(self.tasks),
            "rows": len(self.rows),
            "schools": self.schools(),
            "replaced": self.replaced,
            "layout": self.layout,
            "absent": self.absent,
            "scale": self.scale,
            "matched": [match.as_json() for match in self.matched],
            "logins_saved": self.logins_saved,
            "errors": [issue.as_json() for issue in self.errors],
            "warnings": self.warnings,
        }

    def summary(self) -> dict:
        return {
            **super().summary(),
            "absent_by_school": self.absent_by_school,
            "scale_text": scale_text(self.scale),
            "scale_source": self.scale_source,
        }

    def preview(self, row: VprRow) -> list:
        return [row.school.short_name, row.code, row.class_name, row.primary, row.mark, row.journal or ""]


# Other ways the columns of the ФИС ОКО layout are headed (compared by header_key: case, ё, punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ОО": ("Логин ОО", "Логин", "Логин ФИС ОКО", "Пользователь"),
    "Название ОО": (
        "Наименование ОО",
        "Краткое наименование ОО",
        "Образовательная организация",
        "Школа",
        "Наименование образовательной организации",
    ),
    "Муниципалитет": ("Муниципальное образование", "МО", "Район", "АТЕ"),
    "Код участника": ("Код", "Код ученика", "Код обучающегося"),
    "Класс": ("Наименование класса", "Класс (литера)"),
    "Первичный балл": ("Сумма баллов", "Сумма первичных баллов", "Первичный балл (сумма)"),
    "Отметка": ("Отметка за ВПР", "Оценка", "Оценка за ВПР", "Отметка по пятибалльной шкале"),
    "Отметка по журналу": (
        "Отметка в журнале",
        "Журнальная отметка",
        "Отметка за предыдущий триместр/четверть/полугодие",
        "Отметка за предыдущий период",
    ),
}
_KNOWN = {
    header_key(spelling): name
    for name in (*REQUIRED, *OPTIONAL)
    for spelling in (name, *SYNONYMS.get(name, ()))
}
KIND = "vpr"  # the kind of file, for the remembered column choices
# The columns as the column question and ``--column`` name them. The keys are this layout's own: here
# «ОО» is the school's login and «Код» the participant's, unlike the shared keys «school» and «school_code».
KEYS = {
    "ОО": "vpr_login",
    "Муниципалитет": "vpr_municipality",
    "Название ОО": "vpr_school_name",
    "Код участника": "vpr_participant",
    "Класс": "vpr_class",
    "Вариант": "vpr_variant",
    "Первичный балл": "vpr_primary",
    "Отметка": "vpr_mark",
    "Отметка по журналу": "vpr_journal",
}
COLUMNS = tuple(
    Column(KEYS[name], name, required=name in REQUIRED, synonyms=SYNONYMS.get(name, ()))
    for name in (*REQUIRED, *OPTIONAL)
)
TITLES = {column.key: column.title for column in COLUMNS}


def vpr_column_answers(*, municipality: Municipality, data: Mapping[str, str]) -> dict[str, str]:
    """Remember the column question's answers for the department's next ВПР files."""
    return remember_answers(municipality=municipality, kind=KIND, columns=COLUMNS, data=data)


def column_name(value: object, chosen: Mapping[str, str] | None = None) -> str | None:
    """Which of our columns a header cell is: a person's choice (column title → the file's header) wins
    over the synonyms."""
    key = header_key(value)
    for name, written in (chosen or {}).items():
        if key and header_key(written) == key:
            return name
    return _KNOWN.get(key)


def find_header(rows: list[list[object]], chosen: Mapping[str, str] | None = None) -> int | None:
    for index, row in enumerate(rows):
        names = {column_name(c, chosen) for c in row}
        if "Код участника" in names and "ОО" in names:
            return index
    # No row names both: the row of task columns («1 (2б)») is the header, and the column question asks
    # for the rest.
    for index, row in enumerate(rows):
        if index and any(TASK_RE.match(cell_text(c)) for c in row):
            return index
    return None


def missing_columns(
    rows: list[list[object]], header_index: int, missing: list[str], columns: dict[str, int]
) -> MissingColumns:
    from common.imports.headers import SAMPLE_ROWS

    cells = [cell_text(c) for c in rows[header_index]]
    sample = [
        [cell_text(c) for c in row] for row in rows[header_index + 1 :] if any(cell_text(c) for c in row)
    ][:SAMPLE_ROWS]
    return MissingColumns(
        f"В файле нет обязательных столбцов: {', '.join(f'«{name}»' for name in missing)}.",
        missing=[column for column in COLUMNS if column.title in missing],
        columns=COLUMNS,
        header_row=header_index + 1,
        cells=cells,
        sample=sample,
        found={KEYS[name]: index for name, index in columns.items()},
    )


TEMPLATE_TASKS = (("1", 2, "Б"), ("2", 1, "Б"), ("3", 2, "Б"), ("9.1", 1, "П"), ("9.2", 2, "П"))


def vpr_template_xlsx(*, schools: list[School], municipality_name: str) -> bytes:
    """A small file in the ФИС ОКО layout, with generated participants of the given schools: a template
    that the importer itself accepts, to show what a valid file looks like."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Индивидуальные результаты"
    max_score = sum(points for _, points, _ in TEMPLATE_TASKS)
    sheet.append(["ВПР 2024 Русский язык 5 класс"])
    sheet.append(["Предмет: Русский язык"])
    sheet.append([f"Максимальный первичный балл: {max_score}"])
    sheet.append(["Дата проведения: 16.04.2024"])
    start = ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
    end = ["Первичный балл", "Отметка", "Отметка по журналу"]
    sheet.append([None] * len(start) + [level for _, _, level in TEMPLATE_TASKS])
    sheet.append(start + [f"{number} ({points}б)" for number, points, _ in TEMPLATE_TASKS] + end)
    examples = ((2, 1, 2, 1, 2, 5, 5), (1, 1, 1, "X", 0, 3, 4), (0, 1, 0, "X", "X", 2, 3))
    for school_index, school in enumerate(schools[:3] or [None]):
        for row_index, example in enumerate(examples):
            *scores, mark, journal = example
            primary = sum(s for s in scores if isinstance(s, int))
            sheet.append(
                [
                    school.fis_oko_login if school else "edu000000",
                    municipality_name,
                    school.short_name if school else "",
                    f"{(school_index + 1) * 10000 + row_index + 1}",
                    "5",
                    1 + row_index % 2,
                    *scores,
                    primary,
                    mark,
                    journal,
                ]
            )
    for letter, width in (("A", 12), ("B", 24), ("C", 30), ("D", 16)):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
