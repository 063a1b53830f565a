"""Real-shaped ФИС ОКО «Индивидуальные результаты» files built in the test, never committed binaries."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

TASKS = [("1", 2, "Б"), ("2", 1, "Б"), ("9.1", 1, "П"), ("9.2", 2, "П")]
HEADER_START = ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
HEADER_END = ["Первичный балл", "Отметка", "Отметка по журналу"]


def meta_lines(
    title: str = "ВПР 2024 Русский язык 5 класс",
    max_score: int = 6,
    held_on: object = datetime.date(2024, 4, 16),
) -> list[list[object]]:
    return [
        [title],
        ["Предмет: Русский язык"],
        [f"Максимальный первичный балл: {max_score}"],
        ["Дата проведения:", held_on],
    ]


def header(tasks=TASKS) -> tuple[list[object], list[object]]:
    levels = [None] * len(HEADER_START) + [level for _, _, level in tasks] + [None] * len(HEADER_END)
    names = HEADER_START + [f"{number} ({points}б)" for number, points, _ in tasks] + HEADER_END
    return levels, names


def participant(
    login: str, code: str, scores: list, mark: int, journal: object = None, klass: str = "5А"
) -> list:
    primary = sum(s for s in scores if isinstance(s, int))
    return [login, "Кумторкалинский район", "школа", code, klass, 1, *scores, primary, mark, journal]


def standard_rows(login_a: str, login_b: str) -> list[list[object]]:
    return [
        participant(login_a, "10001", [2, 1, 1, 2], 5, 4),
        participant(login_a, "10002", [1, 1, "X", 0], 3, 3),
        participant(login_a, "10003", [0, 0, "X", "X"], 2, None),
        participant(login_b, "10001", [2, 1, 0, 1], 4, 5),
        participant(login_b, "20002", [1, 0, 0, 0], 2, 3),
    ]


def vpr_xlsx(rows: list[list[object]], meta: list[list[object]] | None = None, tasks=TASKS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for line in meta if meta is not None else meta_lines():
        sheet.append(line)
    levels, names = header(tasks)
    sheet.append(levels)
    sheet.append(names)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def vpr_csv(rows: list[list[object]], encoding: str = "cp1251") -> bytes:
    lines = [
        ";".join(str(c) for c in line)
        for line in (["ВПР 2024 Русский язык 5 класс"], ["Предмет: Русский язык"])
    ]
    lines.append("Максимальный первичный балл: 6")
    lines.append("Дата проведения: 16.04.2024")
    levels, names = header()
    lines.append(";".join("" if c is None else str(c) for c in levels))
    lines.append(";".join(names))
    lines += [";".join("" if c is None else str(c) for c in row) for row in rows]
    return "\n".join(lines).encode(encoding)
