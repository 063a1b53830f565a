"""The indicators the region asks for (механизмы управления качеством образования, «МКО»): how the
municipality supports the objectivity of ВПР in one year, as counts and shares.

Each indicator is counted from data the app already keeps:

- schools: the municipality's active schools;
- schools_with_vpr: schools with ВПР results of the year;
- flagged_own: schools with at least one sign of the municipality's own analysis (``objectivity``), any
  subject and grade; flagged_official: schools on the year's official list (OfficialFlag); flagged_both:
  schools with both;
- with_observers_share: of the schools with ВПР results, the share where a public observer was booked for a
  ВПР day of that year;
- works_rechecked, objective_after_recheck_share: the municipal re-check of ВПР works
  (``vpr_recheck.recheck_summary``);
- targeted_measures, signs_removed_share: targeted measures taken after the previous year's ВПР and
  whether the signs went away in this year's: the outcomes of ``effect.effect_analysis`` (whose ``year``
  is the year of the analysis), counted for every municipality at once from what the counts read anyway.

The counts behind every share are kept (``MukoCounts``), so the region's figures are sums of the
municipalities' counts, and a share of the region is computed from them, never averaged. A share whose
base is zero is None («нет данных»), never 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q

from roadmaps.targeted import targeted_by_municipality
from schools.models import Municipality, School

from .models import ObserverAssignment, OfficialFlag, Procedure, VprAggregate, VprTest
from .objectivity import pct, states_of
from .objectivity_kept import flagged_schools
from .vpr_recheck import recheck_totals

KEYS = (
    "schools",
    "schools_with_vpr",
    "flagged_own",
    "flagged_official",
    "flagged_both",
    "with_observers_share",
    "works_rechecked",
    "objective_after_recheck_share",
    "targeted_measures",
    "signs_removed_share",
)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    meaning: str
    unit: str = "ОО"
    is_share: bool = False

    def value_for_table(self, value: object) -> float | int | None:
        """A share as percent (66.7), a count as it is; None when there is no figure."""
        if value is None:
            return None
        return round(value * 100, 1) if self.is_share else value


INDICATORS: tuple[Indicator, ...] = (
    Indicator("schools", "Количество ОО", "Действующие общеобразовательные организации муниципалитета."),
    Indicator(
        "schools_with_vpr",
        "ОО, участвовавших в ВПР",
        "Школы, результаты ВПР которых за год загружены из ФИС ОКО.",
    ),
    Indicator(
        "flagged_own",
        "ОО с признаками необъективности (муниципальный анализ)",
        "Школы, у которых анализ объективности нашёл хотя бы один признак по какому-либо предмету и классу.",
    ),
    Indicator(
        "flagged_official",
        "ОО в перечне с признаками необъективности (Рособрнадзор)",
        "Школы официального перечня года, который регион передаёт от Рособрнадзора.",
    ),
    Indicator(
        "flagged_both",
        "ОО с признаками и по анализу, и по перечню",
        "Школы, которые нашёл муниципальный анализ и которые стоят в официальном перечне.",
    ),
    Indicator(
        "with_observers_share",
        "Доля ОО, где ВПР проходили с общественными наблюдателями",
        "Из школ, участвовавших в ВПР, — те, куда на день ВПР этого года был назначен общественный "
        "наблюдатель.",
        unit="%",
        is_share=True,
    ),
    Indicator(
        "works_rechecked",
        "Перепроверено работ ВПР муниципальной комиссией",
        "Работы ВПР этого года, по которым члены комиссии внесли баллы перепроверки.",
        unit="работ",
    ),
    Indicator(
        "objective_after_recheck_share",
        "Доля объективно оцененных работ по итогам перепроверки",
        "Из перепроверенных работ — те, чью отметку перепроверка не изменила.",
        unit="%",
        is_share=True,
    ),
    Indicator(
        "targeted_measures",
        "Адресные меры для ОО с признаками необъективности",
        "Мероприятия дорожной карты, назначенные именно школам с признаками ВПР прошлого года "
        "(методический выезд, посещение уроков, КПК, персональный контроль).",
        unit="мер",
    ),
    Indicator(
        "signs_removed_share",
        "Доля ОО, у которых признаки не повторились после адресных мер",
        "Из школ с адресными мерами по итогам прошлого года, у которых есть ВПР или перечень этого года, — "
        "те, у которых в этом году признаков нет (ни своих, ни в перечне).",
        unit="%",
        is_share=True,
    ),
)
assert tuple(indicator.key for indicator in INDICATORS) == KEYS


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole rounded to three digits; None when either is unknown or the base is zero."""
    if part is None or not whole:
        return None
    return round(part / whole, 3)


def _add(values: Iterable[int | None]) -> int | None:
    """A sum over municipalities; unknown (None) when any of them has no figure."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


@dataclass
class MukoCounts:
    """The counts of one municipality (or of the region) for a year, shares computed from them."""

    name: str
    year: int
    schools: int = 0
    schools_with_vpr: int = 0
    flagged_own: int | None = 0  # None while its objectivity analysis is being prepared (region page)
    flagged_official: int = 0
    flagged_both: int | None = 0
    listed_without_vpr: int = 0  # on the official list without ВПР results of the year
    with_observers: int = 0
    works_rechecked: int | None = None
    works_objective: int | None = None
    targeted_measures: int | None = None
    schools_with_measures: int | None = None  # with targeted measures and the next year's results
    signs_removed: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def flagged_any(self) -> int | None:
        if self.flagged_own is None or self.flagged_both is None:
            return None
        return self.flagged_own + self.flagged_official - self.flagged_both

    @property
    def counted_for_share(self) -> int:
        """Schools the flagged share is of: with ВПР results or on the list (as the years chart counts)."""
        return self.schools_with_vpr + self.listed_without_vpr

    @property
    def flagged_share(self) -> float | None:
        return share(self.flagged_any, self.counted_for_share)

    def indicators(self) -> dict:
        """Exactly the keys of ``KEYS``: what ``manage.py muko --json`` prints."""
        return {
            "schools": self.schools,
            "schools_with_vpr": self.schools_with_vpr,
            "flagged_own": self.flagged_own,
            "flagged_official": self.flagged_official,
            "flagged_both": self.flagged_both,
            "with_observers_share": share(self.with_observers, self.schools_with_vpr),
            "works_rechecked": self.works_rechecked,
            "objective_after_recheck_share": share(self.works_objective, self.works_rechecked),
            "targeted_measures": self.targeted_measures,
            "signs_removed_share": share(self.signs_removed, self.schools_with_measures),
        }

    def lines(self) -> list[tuple[Indicator, object, str]]:
        """(indicator, value, text as shown) in the order of the region's form."""
        values = self.indicators()
        return [(ind, values[ind.key], indicator_text(ind, values[ind.key])) for ind in INDICATORS]


def indicator_text(indicator: Indicator, value: object) -> str:
    if value is None:
        return "нет данных"
    return pct(value) if indicator.is_share else str(value)


COUNT_FIELDS = tuple(f.name for f in fields(MukoCounts) if f.name not in ("name", "year", "notes"))


def region_total(counts: list[MukoCounts], *, name: str = "Регион", year: int) -> MukoCounts:
    """The sum of the municipalities' counts; shares follow from the sums."""
    total = MukoCounts(name=name, year=year)
    for name_of_field in COUNT_FIELDS:
        setattr(total, name_of_field, _add(getattr(c, name_of_field) for c in counts))
    return total


def _observed_schools(municipality_ids: list[int], year: int) -> dict[int, set[int]]:
    """Municipality → schools where a public observer was booked for a ВПР day of the year (the school's
    own date, or the procedure's when the booking names none)."""
    observed: dict[int, set[int]] = defaultdict(set)
    for municipality_id, school_id in (
        ObserverAssignment.objects.filter(
            procedure__municipality__in=municipality_ids, procedure__kind=Procedure.Kind.VPR
        )
        .filter(Q(held_on__year=year) | Q(held_on__isnull=True, procedure__held_on__year=year))
        .order_by()
        .values_list("procedure__municipality_id", "school_id")
        .distinct()
    ):
        observed[municipality_id].add(school_id)
    return observed


def _by_municipality(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for municipality_id, school_id in pairs:
        found[municipality_id].add(school_id)
    return found


def region_counts(
    *, municipalities: Iterable[Municipality], year: int, compute_at_most: int | None = None
) -> list[MukoCounts]:
    """The counts of each municipality for the year, read for all of them at once: a region's page asks
    the same few queries for 40 municipalities as for one, targeted measures and their effect included.
    ``compute_at_most``: the page computes at most that many missing objectivity analyses itself
    (``objectivity_kept.flagged_schools``); a municipality whose analysis is still being prepared has no
    figure (None, «—») for its signs and the effect of its measures until it is ready."""
    municipalities = list(municipalities)
    ids = [m.pk for m in municipalities]
    # Counted by the database: 40 numbers rather than 1,500 schools sorted by name for nothing.
    active = Counter(
        dict(
            School.objects.filter(municipality__in=ids, is_active=True)
            .order_by()
            .values_list("municipality_id")
            .annotate(n=Count("id"))
        )
    )
    # The per school × ВПР lines kept when results are saved (``aggregates``), not the results: one line
    # per school and test instead of one row per participant (6,000 rather than 150,000 for a region).
    took_part = _by_municipality(
        VprAggregate.objects.filter(test__municipality__in=ids, test__year=year)
        .order_by()
        .values_list("test__municipality_id", "school_id")
        .distinct()
    )
    # The analysis reads only these lines: a municipality without them has no own signs to look for.
    with_lines = [m for m in municipalities if m.pk in took_part]
    own_flagged = flagged_schools(
        with_lines, year, states_of([m.pk for m in with_lines], [year]), compute_at_most=compute_at_most
    )
    official = _by_municipality(
        OfficialFlag.objects.filter(municipality__in=ids, year=year)
        .order_by()
        .values_list("municipality_id", "school_id")
    )
    observed = _observed_schools(ids, year)
    rechecks = recheck_totals(municipality_ids=ids, year=year)
    targeted = targeted_by_municipality(municipality_ids=ids, year=year - 1)
    found = []
    for municipality in municipalities:
        pk = municipality.pk
        counts = MukoCounts(name=municipality.name, year=year)
        counts.schools = active[pk]
        counts.schools_with_vpr = len(took_part[pk])
        own = own_flagged.get(pk, set())
        counts.flagged_official = len(official[pk])
        if own is None:  # its analysis is being prepared in the background: no figure yet
            counts.flagged_own = counts.flagged_both = None
        else:
            counts.flagged_own = len(own)
            counts.flagged_both = len(own & official[pk])
        counts.listed_without_vpr = len(official[pk] - took_part[pk])
        counts.with_observers = len(observed[pk] & took_part[pk])
        counts.works_rechecked = rechecks[pk].rechecked
        counts.works_objective = rechecks[pk].unchanged
        # The measures taken after the previous year's ВПР, and their effect in this year's, as
        # effect.EffectRow.outcome judges a school: signs remained (its own or the list), went away (it
        # wrote the ВПР without them), or no data (left out of the share).
        measures, aimed = targeted.get(pk, (0, set()))
        counts.targeted_measures = measures
        if own is not None or not aimed:
            remained = {school for school in aimed if school in (own or ()) or school in official[pk]}
            removed = {school for school in aimed - remained if school in took_part[pk]}
            counts.schools_with_measures = len(remained) + len(removed)
            counts.signs_removed = len(removed)
        found.append(counts)
    return found


def muko_counts(*, municipality: Municipality, year: int) -> MukoCounts:
    return region_counts(municipalities=[municipality], year=year)[0]


def muko_indicators(*, municipality: Municipality, year: int) -> dict:
    """The region's indicators of the municipality for the year: exactly the keys of ``KEYS``."""
    return muko_counts(municipality=municipality, year=year).indicators()


def muko_years(municipalities: Iterable[Municipality] | None = None) -> list[int]:
    """Years with ВПР results or an official list, newest first (of the municipalities given, or all)."""
    tests = VprTest.objects.all()
    flags = OfficialFlag.objects.all()
    if municipalities is not None:
        ids = [m.pk for m in municipalities]
        tests, flags = tests.filter(municipality__in=ids), flags.filter(municipality__in=ids)
    # Distinct years without the models' ordering, which joins subjects and schools only to sort them.
    years = (queryset.order_by().values_list("year", flat=True).distinct() for queryset in (tests, flags))
    return sorted(set().union(*years), reverse=True)
