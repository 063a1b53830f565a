"""Medals issued after graduation: the school records which medal each graduate received, and the app
checks them against the ЕГЭ (``eligibility.issued_medal_check``).

A graduate on the school's register of that year is listed whether or not still active: a pupil taken off
the register may still have received a medal. Recording is all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.results import pupil_exam_scores
from schools.models import School

from .eligibility import issued_medal_check
from .models import Candidate, ExamForm, IssuedMedal


@dataclass(frozen=True)
class IssuedRow:
    candidate: Candidate
    findings: tuple[str, ...]  # what the ЕГЭ say against the medal issued; empty when nothing


def issued_findings(items: Sequence[tuple[Candidate, str]]) -> list[tuple[str, ...]]:
    """For each graduate and the medal issued (an ``IssuedMedal`` value), what the ЕГЭ say against it:
    the check of the list form and of the upload alike. A ГВЭ graduate has no ЕГЭ to check."""
    medals = (IssuedMedal.FIRST, IssuedMedal.SECOND)
    degrees = [int(value) if value in medals and c.exam_form == ExamForm.EGE else None for c, value in items]
    scores = pupil_exam_scores(pupil_ids=[c.pupil_id for (c, _), d in zip(items, degrees, strict=True) if d])
    return [
        tuple(issued_medal_check(degree=degree, scores=scores.get(c.pupil_id, []))) if degree else ()
        for (c, _), degree in zip(items, degrees, strict=True)
    ]


def issued_rows(*, school: School, year: int) -> list[IssuedRow]:
    candidates = list(Candidate.objects.filter(school=school, graduation_year=year).select_related("pupil"))
    findings = issued_findings([(c, c.issued_medal) for c in candidates])
    return [IssuedRow(c, f) for c, f in zip(candidates, findings, strict=True)]


def issued_record(*, school: School, year: int, choices: Mapping[str, str]) -> int:
    """Save the medals issued, from form fields ``issued-<candidate pk>``; returns how many changed.

    A value that is not a known choice, or a candidate not of this school and year, refuses the whole form.
    """
    candidates = {str(c.pk): c for c in Candidate.objects.filter(school=school, graduation_year=year)}
    allowed = set(IssuedMedal.values)
    errors = []
    wanted: dict[str, str] = {}
    for name, value in choices.items():
        if not name.startswith("issued-"):
            continue
        pk = name.removeprefix("issued-")
        if pk not in candidates:
            errors.append(f"Выпускник № {pk[:12]} не найден среди выпускников {year} года этой школы.")
        elif value not in allowed:
            errors.append(f"{candidates[pk].pupil.full_name}: такого значения медали нет («{value[:20]}»).")
        else:
            wanted[pk] = value
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        for pk, value in wanted.items():
            candidate = candidates[pk]
            if candidate.issued_medal != value:
                candidate.issued_medal = value
                candidate.save(update_fields=["issued_medal", "updated_at"])
                changed += 1
    return changed
