"""The column question: which of the file's columns is the one an import needs. Answers come from the
preview form, from ``--column "Предмет=Дисциплина"`` on the command line, or from the choice remembered
for the same place and kind of file (``ColumnChoice``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .cells import column_letter
from .headers import Column, MissingColumns, header_key

FIELD_PREFIX = "column-"


def parse_column_answers(values: Iterable[str], columns: Sequence[Column]) -> dict[str, str]:
    """``["Предмет=Дисциплина"]`` → ``{"subject": "Дисциплина"}``. The left side is the import's column
    (its template name or any of its synonyms), the right side the file's header as written.
    ValueError with a Russian message for anything else."""
    answers: dict[str, str] = {}
    for value in values:
        ours, sep, theirs = value.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise ValueError(
                f"«{value}»: ожидается «Столбец=Заголовок в файле», например «Предмет=Дисциплина»."
            )
        wanted = header_key(ours)
        column = next((c for c in columns if wanted in c.spellings() or wanted == header_key(c.key)), None)
        if column is None:
            known = ", ".join(f"«{c.title}»" for c in columns)
            raise ValueError(f"«{ours.strip()}»: такого столбца нет; известные столбцы: {known}.")
        answers[column.key] = theirs.strip()
    return answers


def answers_from_form(data: Mapping[str, str], columns: Sequence[Column]) -> dict[str, str]:
    """The column question's answers posted by the preview form (``column-<key>`` = the file's header)."""
    answers = {}
    for column in columns:
        value = (data.get(FIELD_PREFIX + column.key) or "").strip()
        if value:
            answers[column.key] = value[:255]
    return answers


def remembered_columns(*, scope: str, kind: str) -> dict[str, str]:
    from common.models import ColumnChoice

    return dict(ColumnChoice.objects.filter(scope=scope, kind=kind).values_list("column", "header"))


def remember_columns(*, scope: str, kind: str, answers: Mapping[str, str]) -> None:
    """Keep the answers for the next file of this kind from this place (an answer replaces the last)."""
    from common.models import ColumnChoice

    for column, header in answers.items():
        ColumnChoice.objects.update_or_create(
            scope=scope, kind=kind, column=column, defaults={"header": header[:255]}
        )


def column_question(error: MissingColumns, answers: Mapping[str, str] | None = None) -> dict:
    """What the shared partial ``include/column_question.html`` shows: the file's first rows, and for each
    missing column a choice among the file's columns («Это столбец „Предмет“?»)."""
    answers = answers or {}
    options = [
        {"value": text, "label": f"{column_letter(i)}: {text}"} for i, text in enumerate(error.cells) if text
    ]
    return {
        "header_row": error.header_row,
        "cells": error.cells,
        "letters": [column_letter(i) for i in range(len(error.cells))],
        "sample": [row + [""] * (len(error.cells) - len(row)) for row in error.sample],
        "questions": [
            {
                "name": FIELD_PREFIX + column.key,
                "title": column.title,
                "options": options,
                "answer": answers.get(column.key, ""),
            }
            for column in error.missing
        ],
    }
