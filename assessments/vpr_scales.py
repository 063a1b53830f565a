"""ВПР marks from primary scores: the scale of a subject, grade and year (least scores for «3», «4», «5»).

The scale is data (VprGradingScale), entered once by the coordinator — in the upload form or as
`import_vpr … --scale 7,11,15` — and reused for every school's «Протокол» of that work.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from schools.models import Municipality, User

from .models import Subject, VprGradingScale

Mins = tuple[int, int, int]


def parse_scale(text: str) -> Mins:
    """«7,11,15» (or «7 11 15», «7; 11; 15», «7/11/15») → (7, 11, 15); refused with the reason."""
    tokens = [t for t in re.split(r"[\s,;/]+", str(text or "").strip()) if t]
    if len(tokens) != 3:
        raise ValidationError(
            "Шкала — три числа через запятую: первичный балл, с которого ставится «3», «4» и «5», "
            "например 7,11,15."
        )
    values: list[int] = []
    for mark, token in zip((3, 4, 5), tokens, strict=True):
        if not token.isdigit():
            raise ValidationError(f"Шкала: «{token}» для отметки «{mark}» — не целое число.")
        values.append(int(token))
    mins = (values[0], values[1], values[2])
    check_scale(mins)
    return mins


def check_scale(mins: Mins, max_score: int | None = None) -> None:
    three, four, five = mins
    if not 0 < three < four < five:
        raise ValidationError(
            f"Шкала {three},{four},{five}: баллы на «3», «4» и «5» должны расти (и на «3» — больше нуля)."
        )
    if max_score is not None and five > max_score:
        raise ValidationError(
            f"Шкала {three},{four},{five}: балл на «5» больше максимального первичного балла ({max_score})."
        )


def scale_mark(primary: int, mins: Mins) -> int:
    three, four, five = mins
    if primary >= five:
        return 5
    if primary >= four:
        return 4
    if primary >= three:
        return 3
    return 2


def stored_scale(*, municipality: Municipality, subject: Subject, grade: int, year: int) -> Mins | None:
    scale = VprGradingScale.objects.filter(
        municipality=municipality, subject=subject, grade=grade, year=year
    ).first()
    return scale.mins if scale else None


def store_scale(
    *, municipality: Municipality, subject: Subject, grade: int, year: int, mins: Mins, user: User | None
) -> None:
    VprGradingScale.objects.update_or_create(
        municipality=municipality,
        subject=subject,
        grade=grade,
        year=year,
        defaults={"min_3": mins[0], "min_4": mins[1], "min_5": mins[2], "entered_by": user},
    )


def scale_text(mins: Mins | list[int] | None) -> str:
    return "" if not mins else f"«3» от {mins[0]}, «4» от {mins[1]}, «5» от {mins[2]}"
