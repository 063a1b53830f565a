"""Per-school medal indicators for a graduation year: what the March meeting (item 10) reviews."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .models import Candidate, SchoolYearIndicator
from .risks import candidate_assessments


@dataclass(frozen=True)
class SchoolMedalIndicators:
    school_id: int
    graduates: int
    candidates: int
    candidates_at_risk: int
    share: float | None  # candidates / graduates, None when graduates is 0
    medalists_last_year: int
    medalists_last_year_ege_below_70: int


def school_medal_indicators(*, school_ids: list[int], year: int) -> dict[int, SchoolMedalIndicators]:
    """Indicators of each school for graduation ``year``, in a fixed number of queries whatever their number.

    Graduates come from the department's data for ``year``; medalists from the data for the year before.
    """
    indicators = {
        (row.school_id, row.year): row
        for row in SchoolYearIndicator.objects.filter(school_id__in=school_ids, year__in=[year, year - 1])
    }
    candidates = list(
        Candidate.objects.filter(
            school_id__in=school_ids, graduation_year=year, is_active=True
        ).select_related("pupil", "previous_school")
    )
    assessed = candidate_assessments(candidates=candidates)
    counts = Counter(c.school_id for c in candidates)
    at_risk = Counter(a.candidate.school_id for a in assessed.values() if a.reasons)
    result = {}
    for school_id in school_ids:
        this_year = indicators.get((school_id, year))
        last_year = indicators.get((school_id, year - 1))
        graduates = this_year.graduates if this_year else 0
        result[school_id] = SchoolMedalIndicators(
            school_id=school_id,
            graduates=graduates,
            candidates=counts[school_id],
            candidates_at_risk=at_risk[school_id],
            share=counts[school_id] / graduates if graduates else None,
            medalists_last_year=last_year.medalists if last_year else 0,
            medalists_last_year_ege_below_70=last_year.medalists_ege_below_70 if last_year else 0,
        )
    return result
