"""Which grades a school has: its kind limits them. An ООШ (основная школа) ends with grade 9, so it never
has graduates of grade 11, medal candidates or a line in the share of candidates."""

from __future__ import annotations

from django.db.models import Q

from .models import School

LAST_GRADE = {School.Kind.OOSH: 9}
FULL_LAST_GRADE = 11


def last_grade(kind: str) -> int:
    return LAST_GRADE.get(kind, FULL_LAST_GRADE)


def has_grade(kind: str, grade: int) -> bool:
    return 1 <= grade <= last_grade(kind)


def kinds_with_grade(grade: int) -> list[str]:
    return [kind for kind in School.Kind.values if has_grade(kind, grade)]


def with_grade_q(grade: int, prefix: str = "") -> Q:
    """Schools (or rows of schools, with ``prefix``) that have ``grade``."""
    return Q(**{f"{prefix}kind__in": kinds_with_grade(grade)})
