"""Years side by side: for each school, in which loaded years it had signs of non-objective ВПР results —
its own flags (the rules of ``assessments.objectivity``, any subject) or a place on the official list —
so «признаки в 2023 и 2024 годах, в 2025 нет» is read at a glance, and the municipality's share of such
schools per year.

A year is «loaded» when the municipality has ВПР results or an official list of it. The share of a year is
of the schools that took part in that year's ВПР or stand on its list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from schools.models import Municipality, School

from .models import OfficialFlag, VprAggregate
from .objectivity import objectivity_flags, pct
from .objectivity_states import data_states


@dataclass
class YearMark:
    year: int
    took_part: bool = False
    own: list[str] = field(default_factory=list)  # «Математика, 5 класс: Повысили отметку»
    official: list[str] | None = None  # None: not on the list; [] on the list without subjects named

    @property
    def flagged(self) -> bool:
        return bool(self.own) or self.official is not None

    @property
    def label(self) -> str:
        if self.own and self.official is not None:
            return "признаки и список"
        if self.own:
            return "признаки"
        if self.official is not None:
            return "в списке"
        return "нет" if self.took_part else "—"


@dataclass
class SchoolYears:
    school: School
    marks: list[YearMark]

    @property
    def flagged_years(self) -> list[int]:
        return [mark.year for mark in self.marks if mark.flagged]


@dataclass(frozen=True)
class YearShare:
    year: int
    flagged: int
    schools: int

    @property
    def share(self) -> float:
        return self.flagged / self.schools if self.schools else 0.0

    @property
    def text(self) -> str:
        return f"{self.flagged} из {self.schools} ({pct(self.share)})"


@dataclass
class FlagHistory:
    years: list[int]
    own: dict[int, dict[int, list[str]]]  # year → school pk → reasons
    official: dict[int, dict[int, list[str]]]  # year → school pk → subjects
    took_part: dict[int, set[int]]  # year → school pks with ВПР results

    def school_years(self, school: School) -> SchoolYears:
        return SchoolYears(
            school,
            [
                YearMark(
                    year=year,
                    took_part=school.pk in self.took_part.get(year, set()),
                    own=self.own.get(year, {}).get(school.pk, []),
                    official=self.official.get(year, {}).get(school.pk),
                )
                for year in self.years
            ],
        )

    def rows(self, schools: Iterable[School], *, only_flagged: bool = False) -> list[SchoolYears]:
        """Every school asked for that took part or was flagged in some loaded year (``only_flagged``:
        that was flagged in some year)."""
        found = []
        for school in sorted(schools, key=lambda s: s.short_name):
            row = self.school_years(school)
            if any(mark.flagged or (mark.took_part and not only_flagged) for mark in row.marks):
                found.append(row)
        return found

    def on_list(self, school: School, year: int) -> bool:
        return school.pk in self.official.get(year, {})

    def shares(self) -> list[YearShare]:
        shares = []
        for year in self.years:
            listed = set(self.official.get(year, {}))
            flagged = set(self.own.get(year, {})) | listed
            counted = self.took_part.get(year, set()) | listed
            shares.append(YearShare(year, len(flagged), len(counted)))
        return shares


def flag_history(municipality: Municipality) -> FlagHistory:
    """Own flags of every ВПР year (from the cached analysis of the whole municipality) and the lists."""
    took_part: dict[int, set[int]] = defaultdict(set)
    for year, school_id in (
        VprAggregate.objects.filter(test__municipality=municipality)  # one line per school × ВПР
        .order_by()
        .values_list("test__year", "school_id")
        .distinct()
    ):
        took_part[year].add(school_id)
    official: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for year, school_id, subjects in OfficialFlag.objects.filter(municipality=municipality).values_list(
        "year", "school_id", "subjects"
    ):
        official[year][school_id] = list(subjects)
    own: dict[int, dict[int, list[str]]] = {}
    states = data_states(municipality, took_part)
    for year in sorted(took_part):
        flagged = objectivity_flags(municipality=municipality, year=year, state=states[year])
        if flagged:
            own[year] = flagged
    years = sorted(set(took_part) | set(official))
    return FlagHistory(years=years, own=dict(own), official=dict(official), took_part=dict(took_part))
