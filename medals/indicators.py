"""Per-school medal indicators for a graduation year: what the March meeting (item 10) reviews.

Last year's medalists and how many of them fell below 70 at the ЕГЭ (seed 000, item 1) are computed from
the issued medals the school recorded after graduation and the ЕГЭ results; a school that recorded none
keeps the figures the department typed in (``SchoolYearIndicator``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assessments.results import pupil_exam_scores

from .eligibility import ege_below_medalist_min
from .models import Candidate, ExamForm, IssuedMedal, SchoolYearIndicator
from .risk_cache import cached_candidate_assessments


@dataclass(frozen=True)
class SchoolMedalIndicators:
    school_id: int
    graduates: int
    candidates: int
    candidates_at_risk: int
    share: float | None  # candidates / graduates, None when graduates is 0
    medalists_last_year: int
    medalists_last_year_ege_below_70: int
    medalists_from_data: bool = False  # True: counted from recorded issued medals, not typed in

    @property
    def medalists_ege_below_70_share(self) -> float | None:
        if not self.medalists_last_year:
            return None
        return self.medalists_last_year_ege_below_70 / self.medalists_last_year


@dataclass(frozen=True)
class IssuedMedalCounts:
    medalists: int
    ege_below_70: int


def issued_medal_counts(*, school_ids: list[int], year: int) -> dict[int, IssuedMedalCounts]:
    """Medalists of graduation ``year`` by school, from the issued medals recorded, and how many of them
    have a ЕГЭ result below 70 in Russian or the second subject. Only schools that recorded at least one
    issued medal (or «не выдана») are in the result. A ГВЭ graduate has no ЕГЭ to fall below 70."""
    recorded = list(
        Candidate.objects.filter(school_id__in=school_ids, graduation_year=year)
        .exclude(issued_medal=IssuedMedal.UNKNOWN)
        .values_list("school_id", "pupil_id", "issued_medal", "exam_form")
    )
    medalists = [r for r in recorded if r[2] in (IssuedMedal.FIRST, IssuedMedal.SECOND)]
    scores = pupil_exam_scores(pupil_ids=[r[1] for r in medalists if r[3] == ExamForm.EGE])
    counts = {school_id: [0, 0] for school_id, *_ in recorded}
    for school_id, pupil_id, _, exam_form in medalists:
        counts[school_id][0] += 1
        if exam_form == ExamForm.EGE and ege_below_medalist_min(scores.get(pupil_id, [])):
            counts[school_id][1] += 1
    return {school_id: IssuedMedalCounts(*pair) for school_id, pair in counts.items()}


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
    assessed = cached_candidate_assessments(candidates=candidates)
    issued = issued_medal_counts(school_ids=school_ids, year=year - 1)
    counts = Counter(c.school_id for c in candidates)
    at_risk = Counter(a.candidate.school_id for a in assessed.values() if a.reasons)
    result = {}
    for school_id in school_ids:
        this_year = indicators.get((school_id, year))
        last_year = indicators.get((school_id, year - 1))
        graduates = this_year.graduates if this_year else 0
        from_data = issued.get(school_id)
        if from_data is not None:
            medalists, below = from_data.medalists, from_data.ege_below_70
        else:
            medalists = last_year.medalists if last_year else 0
            below = last_year.medalists_ege_below_70 if last_year else 0
        result[school_id] = SchoolMedalIndicators(
            school_id=school_id,
            graduates=graduates,
            candidates=counts[school_id],
            candidates_at_risk=at_risk[school_id],
            share=counts[school_id] / graduates if graduates else None,
            medalists_last_year=medalists,
            medalists_last_year_ege_below_70=below,
            medalists_from_data=from_data is not None,
        )
    return result
