"""Primary → 100-point conversion, kept as data (ScoreScale rows), and the medal lines of ЕГЭ scores.

A scale belongs to a subject and an exam year; a mock exam of the 2023-2024 school year is read with the
2024 scale. When a year has no scale yet, the latest earlier one is used. Scales are shared by every
municipality and changed by operators only; a municipality that needs its own gets its own copy, read
for its exams only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from schools.models import User

from .models import ScoreScale

# The one table of the ЕГЭ points a medal needs in Russian and in one more subject (Приказ Минпросвещения
# № 730 от 29.09.2023), by degree. medals/eligibility.py builds its rules from it; the ЕГЭ and mock-exam
# pages mark the scores below it.
MEDAL_EGE_MIN: dict[int, int] = {1: 70, 2: 60}
MEDAL_SCORE_LINES: tuple[tuple[str, int], ...] = tuple(
    (f"{'I' * degree} степени", points) for degree, points in sorted(MEDAL_EGE_MIN.items())
)


@dataclass
class ScaleBook:
    """Every scale of the subjects asked for, loaded in one query: the shared ones, and the municipalities'
    own copies, which stand in for the shared scale of the same subject and year in that municipality."""

    points: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    own: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)

    def scale_for(
        self, *, subject_id: int, year: int, municipality_id: int | None = None
    ) -> list[int] | None:
        keys = {y for (s, y) in self.points if s == subject_id and y <= year}
        keys |= {y for (m, s, y) in self.own if m == municipality_id and s == subject_id and y <= year}
        if not keys:
            return None
        latest = max(keys)
        own = self.own.get((municipality_id, subject_id, latest)) if municipality_id else None
        return own if own is not None else self.points[(subject_id, latest)]

    def convert(
        self, *, subject_id: int, year: int, primary: int | None, municipality_id: int | None = None
    ) -> int | None:
        scale = self.scale_for(subject_id=subject_id, year=year, municipality_id=municipality_id)
        if scale is None or primary is None or not 0 <= primary < len(scale):
            return None
        return scale[primary]


def scale_book(
    *, subject_ids: Iterable[int] | None = None, municipality_ids: Iterable[int | None] = ()
) -> ScaleBook:
    """The shared scales and the own copies of ``municipality_ids`` (no other municipality's)."""
    wanted = [m for m in set(municipality_ids) if m is not None]
    scales = ScoreScale.objects.filter(Q(municipality__isnull=True) | Q(municipality__in=wanted))
    if subject_ids is not None:
        scales = scales.filter(subject_id__in=list(subject_ids))
    book = ScaleBook()
    for s in scales:
        if s.municipality_id is None:
            book.points[(s.subject_id, s.year)] = list(s.points)
        else:
            book.own[(s.municipality_id, s.subject_id, s.year)] = list(s.points)
    return book


def scales_visible(user: User) -> QuerySet[ScoreScale]:
    """The shared scales and the person's municipality's own; an operator without one sees them all."""
    scales = ScoreScale.objects.select_related("subject", "municipality")
    if not user.is_authenticated:
        return scales.none()
    if user.is_superuser and not user.municipality_id:
        return scales
    return scales.filter(Q(municipality__isnull=True) | Q(municipality=user.municipality_id))


def may_change_shared_scales(user: User) -> bool:
    """Shared reference data is the operators' (superusers)."""
    return user.is_authenticated and user.is_superuser


def scale_to_edit(user: User, pk: int | None) -> ScoreScale:
    """The scale a person's edit form saves into.

    An operator edits the shared scale itself; anyone else edits their municipality's own copy: opening a
    shared scale gives a new copy of it (or the copy made before), so other municipalities keep the shared
    one. Another municipality's scale is not found.
    """
    if pk is None:
        return ScoreScale(municipality=None if may_change_shared_scales(user) else user.municipality)
    try:
        scale = scales_visible(user).get(pk=pk)
    except ScoreScale.DoesNotExist as exc:
        raise Http404("Шкала не найдена") from exc
    if not scale.is_shared or may_change_shared_scales(user):
        return scale
    if user.municipality_id is None:
        raise PermissionDenied("У вашей учётной записи не указан муниципалитет: обратитесь к администратору.")
    existing = ScoreScale.objects.filter(
        subject=scale.subject_id, year=scale.year, municipality=user.municipality_id
    ).first()
    return existing or ScoreScale(
        subject=scale.subject, year=scale.year, municipality=user.municipality, points=list(scale.points)
    )


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


def medal_line_missed(score_100: int | None) -> tuple[str, int, bool] | None:
    """The lowest medal line a score is below: (degree, line, below every line), or None."""
    if score_100 is None:
        return None
    missed = [(degree, line) for degree, line in MEDAL_SCORE_LINES if score_100 < line]
    if not missed:
        return None
    degree, line = min(missed, key=lambda item: item[1])
    return degree, line, line == min(points for _, points in MEDAL_SCORE_LINES)
