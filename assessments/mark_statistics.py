"""The ФИС ОКО form «Статистика по отметкам»: Russia's and the region's mark distributions of one ВПР.

The form is a table under a few title lines: «Группы участников», «Кол-во ОО», «Кол-во участников» and
«Распределение групп баллов в %» over the columns «2», «3», «4», «5» (the marks may stand in the header
row itself or in the row under it). The first row is Russia («Вся выборка»), the next one the region;
the municipality's and the schools' rows follow and are not read — the app counts them from the results.
A file with any error saves nothing; loading the same ВПР again replaces its figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from common.imports import Issue, TableError, cell_text, column_letter, header_key, read_table
from schools.models import Municipality

from .models import Subject, VprMarkStatistics

MARKS = ("2", "3", "4", "5")
RUSSIA_NAMES = ("всявыборка", "россия", "российскаяфедерация", "рф")


@dataclass
class StatisticsRow:
    scope: str
    name: str
    participants: int
    shares: dict[str, float]


@dataclass
class StatisticsResult:
    name: str
    rows: list[StatisticsRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {
            "rows": [
                {"scope": r.scope, "name": r.name, "participants": r.participants, "shares": r.shares}
                for r in self.rows
            ],
            "errors": [issue.as_json() for issue in self.errors],
        }


def _number(value: object) -> float | None:
    text = cell_text(value).replace(",", ".").replace("%", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return None


def _header(rows: list[list[object]]) -> tuple[int, int, int, dict[str, int]] | None:
    """(index of the last header row, name column, participants column, mark → column) or None."""
    for index, row in enumerate(rows[:30]):
        keys = [header_key(cell_text(cell)) for cell in row]
        name = next(
            (i for i, k in enumerate(keys) if k.startswith("группыучастников") or k == "группа"), None
        )
        if name is None:
            continue
        participants = next(
            (i for i, k in enumerate(keys) if "участник" in k and ("колво" in k or "количество" in k)), None
        )
        for marks_index in (index, index + 1):
            if marks_index >= len(rows):
                break
            cells = [cell_text(c) for c in rows[marks_index]]
            marks = {m: i for i, c in enumerate(cells) for m in MARKS if re.fullmatch(rf"«?{m}»?", c)}
            if len(marks) == 4 and participants is not None:
                return marks_index, name, participants, marks
    return None


def statistics_check(*, content: bytes, name: str) -> StatisticsResult:
    result = StatisticsResult(name=name)
    try:
        rows = read_table(content, name)
    except TableError as exc:
        result.errors.append(Issue(str(exc)))
        return result
    found = _header(rows)
    if found is None:
        result.errors.append(
            Issue(
                f"Файл «{name}»: не похож на форму «Статистика по отметкам» — нет строки заголовков "
                "«Группы участников», «Кол-во участников» и столбцов отметок «2», «3», «4», «5»."
            )
        )
        return result
    header_index, name_col, participants_col, marks = found
    data = [
        (number, row)
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
        if name_col < len(row) and cell_text(row[name_col])
    ]
    for (number, row), scope in zip(
        data[:2], (VprMarkStatistics.Scope.RUSSIA, VprMarkStatistics.Scope.REGION), strict=False
    ):
        label = cell_text(row[name_col])
        if scope == VprMarkStatistics.Scope.RUSSIA and header_key(label) not in RUSSIA_NAMES:
            result.errors.append(
                Issue(
                    f"первой строкой формы должна идти «Вся выборка» (Россия), а здесь «{label}»",
                    row=number,
                    column="Группы участников",
                    letter=column_letter(name_col),
                )
            )
            return result
        participants = _number(row[participants_col] if participants_col < len(row) else None)
        if participants is None or participants < 1 or not participants.is_integer():
            result.errors.append(
                Issue(
                    f"«{cell_text(row[participants_col]) if participants_col < len(row) else ''}» — не число "
                    "участников",
                    row=number,
                    column="Кол-во участников",
                    letter=column_letter(participants_col),
                )
            )
            continue
        shares: dict[str, float] = {}
        for mark, col in marks.items():
            value = _number(row[col] if col < len(row) else None)
            if value is None or not 0 <= value <= 100:
                written = cell_text(row[col]) if col < len(row) else ""
                result.errors.append(
                    Issue(f"«{written}» — не процент", row=number, column=mark, letter=column_letter(col))
                )
                break
            shares[mark] = value
        else:
            total = sum(shares.values())
            if abs(total - 100) > 1.5:
                result.errors.append(
                    Issue(f"проценты отметок дают в сумме {total:.1f}, а не 100", row=number, column="2–5")
                )
                continue
            result.rows.append(StatisticsRow(scope, label, int(participants), shares))
    if len(data) < 2 and not result.errors:
        result.errors.append(Issue(f"Файл «{name}»: в форме нет строк России и региона под заголовком."))
    return result


def statistics_save(
    *, result: StatisticsResult, municipality: Municipality, year: int, subject: Subject, grade: int
) -> int:
    if result.errors:
        raise ValueError("statistics with errors are not saved")
    with transaction.atomic():
        for row in result.rows:
            VprMarkStatistics.objects.update_or_create(
                municipality=municipality,
                year=year,
                subject=subject,
                grade=grade,
                scope=row.scope,
                defaults={"name": row.name[:255], "participants": row.participants, "shares": row.shares},
            )
    return len(result.rows)


def region_means(municipality: Municipality, year: int) -> dict[tuple[int, int], tuple[float, str]]:
    """(subject id, grade) → the region's mean ВПР mark of the year and the region's name in the form."""
    return {
        (s.subject_id, s.grade): (s.mean_mark, s.name)
        for s in VprMarkStatistics.objects.filter(
            municipality=municipality, year=year, scope=VprMarkStatistics.Scope.REGION
        )
    }
