"""Primary → 100-point conversion, kept as data (ScoreScale rows), and the medal lines of ЕГЭ scores.

A scale belongs to a subject and an exam year; a mock exam of the 2023-2024 school year is read with the
2024 scale. When a year has no scale yet, the latest earlier one is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .models import ScoreScale

# ЕГЭ lines a medal candidate must reach (Приказ Минпросвещения № 730): shown on mock-exam results.
MEDAL_SCORE_LINES: tuple[tuple[str, int], ...] = (("I степени", 70), ("II степени", 60))


@dataclass
class ScaleBook:
    """Every scale of the subjects asked for, loaded in one query."""

    points: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def scale_for(self, *, subject_id: int, year: int) -> list[int] | None:
        years = [y for (s, y) in self.points if s == subject_id and y <= year]
        return self.points[(subject_id, max(years))] if years else None

    def convert(self, *, subject_id: int, year: int, primary: int | None) -> int | None:
        scale = self.scale_for(subject_id=subject_id, year=year)
        if scale is None or primary is None or not 0 <= primary < len(scale):
            return None
        return scale[primary]


def scale_book(*, subject_ids: Iterable[int] | None = None) -> ScaleBook:
    scales = ScoreScale.objects.all()
    if subject_ids is not None:
        scales = scales.filter(subject_id__in=list(subject_ids))
    return ScaleBook({(s.subject_id, s.year): list(s.points) for s in scales})


def parse_points(text: str) -> list[int]:
    """«0 3 5 8 …» (spaces, commas, semicolons or new lines) → the table; refused with the reason."""
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    if len(tokens) < 2:
        raise ValidationError("Укажите тестовые баллы для каждого первичного балла, начиная с 0.")
    points: list[int] = []
    for position, token in enumerate(tokens):
        if not token.isdigit():
            raise ValidationError(f"Первичный балл {position}: «{token}» — не целое число.")
        value = int(token)
        if value > 100:
            raise ValidationError(f"Первичный балл {position}: тестовый балл {value} больше 100.")
        if points and value < points[-1]:
            raise ValidationError(
                f"Первичный балл {position}: тестовый балл {value} меньше, чем у предыдущего ({points[-1]})."
            )
        points.append(value)
    return points


def medal_lines_missed(score_100: int | None) -> list[str]:
    """The medal degrees a 100-point score does not reach: «ниже 70 (I степени)»."""
    if score_100 is None:
        return []
    return [f"ниже {line} ({degree})" for degree, line in MEDAL_SCORE_LINES if score_100 < line]
