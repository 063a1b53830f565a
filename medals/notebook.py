"""Notebook marks a methodist enters by hand from a candidate's notebook of control works (item 7.1)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from assessments.models import Subject
from schools.models import User

from .importers.values import parse_mark
from .models import WRITTEN_WORKS, Candidate, Grade, Source, WorkKind, academic_year_label, academic_year_of


def notebook_mark_add(
    *,
    candidate: Candidate,
    subject: Subject,
    work_date: date,
    work_kind: str,
    mark: str,
    teacher: str,
    user: User,
) -> Grade:
    if work_kind not in WRITTEN_WORKS:
        raise ValidationError("Из тетрадей вносятся контрольные, самостоятельные и проверочные работы.")
    parsed = parse_mark(mark)
    if parsed is None:
        raise ValidationError(f"«{mark}»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а».")
    year = academic_year_of(work_date)
    grade = candidate.grade_in(year)
    if grade not in (10, 11):
        first = candidate.graduation_year - 2
        raise ValidationError(
            f"Дата {work_date:%d.%m.%Y} не приходится на 10–11 классы претендента "
            f"({academic_year_label(first)} и {academic_year_label(first + 1)} учебные годы)."
        )
    return Grade.objects.create(
        candidate=candidate,
        source=Source.NOTEBOOK,
        subject=subject,
        academic_year=year,
        class_name=f"{grade}{candidate.pupil.letter}",
        work_kind=work_kind,
        work_title=WorkKind(work_kind).label,
        work_date=work_date,
        mark=parsed[0],
        value=parsed[1],
        teacher=teacher.strip()[:150],
        entered_by=user,
    )
