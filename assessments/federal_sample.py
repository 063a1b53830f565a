"""Schools of the federal sample «с контролем объективности» against the rest, for one ВПР procedure.

The sample schools write the ВПР under federal observers, so their results are the reference: a school
outside the sample that does much better than them is worth a look. The procedure's ВПР results are
those of the same municipality, subject, grade and year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Procedure, VprResult


@dataclass(frozen=True)
class GroupStats:
    schools: int
    participants: int
    mean_mark: float | None
    share_45: float | None  # «4» and «5»
    share_2: float | None
    lowered: float | None  # ВПР below the journal mark, among those with a journal mark
    confirmed: float | None
    raised: float | None


def group_stats(rows: Iterable[tuple[int, int, int | None]]) -> GroupStats:
    """``rows``: (school id, ВПР mark, journal mark or None)."""
    rows = list(rows)
    n = len(rows)
    with_journal = [(mark, journal) for _, mark, journal in rows if journal is not None]
    j = len(with_journal)

    def share(count: int, total: int) -> float | None:
        return count / total if total else None

    return GroupStats(
        schools=len({school for school, _, _ in rows}),
        participants=n,
        mean_mark=sum(mark for _, mark, _ in rows) / n if n else None,
        share_45=share(sum(1 for _, mark, _ in rows if mark >= 4), n),
        share_2=share(sum(1 for _, mark, _ in rows if mark == 2), n),
        lowered=share(sum(1 for m, jm in with_journal if m < jm), j),
        confirmed=share(sum(1 for m, jm in with_journal if m == jm), j),
        raised=share(sum(1 for m, jm in with_journal if m > jm), j),
    )


@dataclass(frozen=True)
class SampleComparison:
    sample: GroupStats
    rest: GroupStats
    tests: int  # how many ВПР tests matched the procedure

    @property
    def mean_gap(self) -> float | None:
        """How much higher the rest's mean mark is than the sample's (positive: the rest do «better»)."""
        if self.sample.mean_mark is None or self.rest.mean_mark is None:
            return None
        return self.rest.mean_mark - self.sample.mean_mark


def procedure_results(procedure: Procedure):
    year = (procedure.window_start or procedure.held_on).year
    results = VprResult.objects.filter(
        test__municipality=procedure.municipality_id,
        test__year=year,
        school__in=procedure.schools.all(),
    )
    if procedure.subject_id:
        results = results.filter(test__subject=procedure.subject_id)
    if procedure.grade:
        results = results.filter(test__grade=procedure.grade)
    return results


def federal_sample_comparison(procedure: Procedure) -> SampleComparison:
    sample_ids = set(procedure.federal_sample.values_list("pk", flat=True))
    results = procedure_results(procedure)
    rows = list(results.values_list("school_id", "mark", "journal_mark"))
    return SampleComparison(
        sample=group_stats(r for r in rows if r[0] in sample_ids),
        rest=group_stats(r for r in rows if r[0] not in sample_ids),
        tests=results.values("test").distinct().count(),
    )
