"""«Анализ эффективности принятых мер»: did the signs of non-objective ВПР results go away in the schools
where targeted measures were taken?

A targeted measure («адресная мера», ``roadmaps.targeted``) answers the signs of one ВПР year Y (its
``basis_year``, or the first year of its plan). The analysis of year Y+1 looks at each school that had
such measures and reads that school's year Y+1 in the years side by side (``flag_years``):

* **признаки сохранились** — in Y+1 the school again has a flag of its own (any subject) or stands on
  the official list;
* **признаки не выявлены** — the school wrote the ВПР of Y+1 and has neither;
* **нет данных** — neither ВПР results nor a place on the list for Y+1: nothing to judge, so the school
  is left out of the share.

``year`` is always the year of the analysis (Y+1): the region's indicators of a year
(``assessments.muko``) count the measures taken after the previous year's ВПР and their effect in this
year's. This is support for objectivity, not a rating: ВПР results are not used to judge teachers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmaps.models import Measure, Progress
from roadmaps.targeted import measure_basis_year, targeted_measures, targeted_measures_of_year
from schools.models import Municipality, School

from .flag_years import FlagHistory, YearMark, flag_history
from .objectivity import objectivity_list, pct

REMAINED = "remained"
REMOVED = "removed"
NO_DATA = "no_data"
OUTCOME_LABELS = {
    REMAINED: "признаки сохранились",
    REMOVED: "признаки не выявлены",
    NO_DATA: "нет данных",
}


@dataclass(frozen=True)
class MeasureLine:
    """One targeted measure of a school, with how the school's row of it stands."""

    pk: int
    number: str
    title: str
    kind: str
    status: str

    @property
    def text(self) -> str:
        number = f"№ {self.number}. " if self.number else ""
        return f"{number}{self.kind}: {' '.join(self.title.split())} ({self.status})"


@dataclass
class YearNumbers:
    """A school's ВПР of one year in numbers: what it wrote and which rows had signs, with their shares."""

    year: int
    tests: int = 0
    participants: int = 0
    flagged: list[str] = field(default_factory=list)  # «Математика, 5 кл.: 25 уч., повысили 40,0% — …»
    official: list[str] | None = None  # the official list's subjects, None when not on it

    @property
    def text(self) -> str:
        if not self.tests and self.official is None:
            return f"{self.year}: данных нет"
        if self.tests:
            parts = [f"{self.year}: ВПР — {self.tests} (предмет, класс), участников {self.participants}"]
        else:
            parts = [f"{self.year}: результатов ВПР нет"]
        if self.flagged:
            parts.append("с признаками: " + "; ".join(self.flagged))
        elif self.tests:
            parts.append("своих признаков нет")
        if self.official is not None:
            parts.append("в официальном списке" + (f" ({', '.join(self.official)})" if self.official else ""))
        return "; ".join(parts)


@dataclass
class EffectRow:
    school: School
    measures: list[MeasureLine]
    before: YearMark
    after: YearMark
    before_numbers: YearNumbers
    after_numbers: YearNumbers

    @property
    def outcome(self) -> str:
        if self.after.flagged:
            return REMAINED
        if self.after.took_part:
            return REMOVED
        return NO_DATA

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    def as_json(self) -> dict:
        return {
            "school": self.school.code,
            "school_name": self.school.short_name,
            "measures": [
                {"number": m.number, "kind": m.kind, "title": m.title, "status": m.status}
                for m in self.measures
            ],
            "signs_before": self.before.flagged,
            "signs_after": self.after.flagged if self.outcome != NO_DATA else None,
            "outcome": self.outcome,
            "before": self.before_numbers.text,
            "after": self.after_numbers.text,
        }


@dataclass
class EffectAnalysis:
    year: int  # the year of the analysis (Y+1)
    measures: list[Measure]
    rows: list[EffectRow]

    @property
    def measures_year(self) -> int:
        return self.year - 1

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def remained(self) -> int:
        return self.count(REMAINED)

    @property
    def no_data(self) -> int:
        return self.count(NO_DATA)

    @property
    def judged(self) -> int:
        return self.count(REMAINED) + self.count(REMOVED)

    @property
    def removed_share(self) -> float | None:
        return self.count(REMOVED) / self.judged if self.judged else None

    @property
    def removed_text(self) -> str:
        share = self.removed_share
        return "нет данных" if share is None else f"{self.count(REMOVED)} из {self.judged} ({pct(share)})"


def _year_numbers(municipality: Municipality, year: int, schools: list[School], history: FlagHistory) -> dict:
    numbers = {school.pk: YearNumbers(year=year) for school in schools}
    if year in history.took_part:
        rows, _ = objectivity_list(municipality=municipality, year=year, schools=schools)
        for row in rows:
            found = numbers[row.school.pk]
            found.tests += 1
            found.participants += row.participants
            if row.flags:
                found.flagged.append(
                    f"{row.subject}, {row.grade} кл.: {row.participants} уч., понизили {pct(row.lowered)}, "
                    f"подтвердили {pct(row.confirmed)}, повысили {pct(row.raised)} — "
                    + "; ".join(str(flag) for flag in row.flags)
                )
    for school in schools:
        numbers[school.pk].official = history.official.get(year, {}).get(school.pk)
    return numbers


def _measure_lines(measures: list[Measure], schools: Iterable[School]) -> dict[int, list[MeasureLine]]:
    statuses = {
        (row.measure_id, row.school_id): row.get_status_display()
        for row in Progress.objects.filter(measure__in=measures, school__in=list(schools))
    }
    lines: dict[int, list[MeasureLine]] = {}
    for measure in measures:
        for school in measure.target_schools.all():
            status = statuses.get((measure.pk, school.pk), "строки исполнения нет")
            lines.setdefault(school.pk, []).append(
                MeasureLine(
                    measure.pk, measure.number, measure.title, measure.get_target_kind_display(), status
                )
            )
    return lines


def effect_analysis(
    *, municipality: Municipality, year: int, schools: Iterable[School] | None = None
) -> EffectAnalysis:
    """For each school (of ``schools``, or all) with targeted measures answering year-1: its signs in
    year-1 and in ``year``, with numbers, and whether they remained."""
    measures = targeted_measures_of_year(municipality=municipality, year=year - 1)
    targeted = {school.pk: school for measure in measures for school in measure.target_schools.all()}
    if schools is not None:
        allowed = {school.pk for school in schools}
        targeted = {pk: school for pk, school in targeted.items() if pk in allowed}
        measures = [m for m in measures if any(s.pk in targeted for s in m.target_schools.all())]
    chosen = sorted(targeted.values(), key=lambda s: s.short_name)
    if not chosen:
        return EffectAnalysis(year=year, measures=measures, rows=[])
    history = flag_history(municipality)
    before_numbers = _year_numbers(municipality, year - 1, chosen, history)
    after_numbers = _year_numbers(municipality, year, chosen, history)
    lines = _measure_lines(measures, chosen)
    rows = []
    for school in chosen:
        rows.append(
            EffectRow(
                school=school,
                measures=lines.get(school.pk, []),
                before=_mark(history, school, year - 1),
                after=_mark(history, school, year),
                before_numbers=before_numbers[school.pk],
                after_numbers=after_numbers[school.pk],
            )
        )
    return EffectAnalysis(year=year, measures=measures, rows=rows)


def _mark(history: FlagHistory, school: School, year: int) -> YearMark:
    return YearMark(
        year=year,
        took_part=school.pk in history.took_part.get(year, set()),
        own=history.own.get(year, {}).get(school.pk, []),
        official=history.official.get(year, {}).get(school.pk),
    )


def effect_summary(*, municipality: Municipality, year: int) -> dict:
    """The analysis of ``year`` as plain data (the region's indicators, JSON, the protocol):

    ``targeted_measures`` — targeted measures answering the signs of year-1; ``schools_with_targeted`` —
    schools they were aimed at; ``schools_with_measures`` — of those, schools with data for ``year`` (the
    base of the share); ``signs_removed`` / ``signs_remained`` / ``no_data`` — schools by outcome;
    ``signs_removed_share`` — signs_removed / schools_with_measures, None when the base is zero; ``rows`` —
    one per school (``EffectRow.as_json``).
    """
    analysis = effect_analysis(municipality=municipality, year=year)
    return {
        "year": year,
        "measures_year": year - 1,
        "targeted_measures": len(analysis.measures),
        "schools_with_targeted": len(analysis.rows),
        "schools_with_measures": analysis.judged,
        "signs_removed": analysis.count(REMOVED),
        "signs_remained": analysis.count(REMAINED),
        "no_data": analysis.count(NO_DATA),
        "signs_removed_share": analysis.removed_share,
        "rows": [row.as_json() for row in analysis.rows],
    }


def effect_years(*, municipality: Municipality) -> list[int]:
    """Years that have an analysis to show (the year after some targeted measure's year), newest first."""
    return sorted(
        {measure_basis_year(m) + 1 for m in targeted_measures(municipality=municipality)}, reverse=True
    )


def default_effect_year(*, years: list[int], loaded: list[int]) -> int | None:
    """The newest year of the analysis for which results are already loaded, else the newest of all."""
    ready = [year for year in years if year in loaded]
    return (ready or years or [None])[0]
