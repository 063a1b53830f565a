"""The effect of targeted measures in the region's figures (``muko.region_counts``): counted for every
municipality at once, the same numbers as each municipality's own effect analysis, and the same number of
queries whether 1 or 4 municipalities took such measures."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.effect import effect_summary
from assessments.models import OfficialFlag
from assessments.muko import region_counts
from roadmaps.models import TargetKind
from roadmaps.targeted import targeted_measure_save

from ..factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def _wrote(test, school, *, raised: int) -> None:
    """Ten participants, ``raised`` of them with a ВПР mark above the journal's (15%+ is a sign)."""
    for n in range(10):
        VprResultFactory(test=test, school=school, mark=4 if n < raised else 3, journal_mark=3)


def _district(name: str):
    """2023: schools A and B «повысили», C honest, D on the list; one targeted measure on the 2023 signs
    for A, B, D and E. 2024: A again (remained), B honest (removed), D on the list again (remained),
    E wrote nothing and is on no list (no data); C has no measure."""
    place = MunicipalityFactory(name=name)
    a, b, c, d, e = (SchoolFactory(municipality=place, short_name=f"{name}: {x}") for x in "ABCDE")
    earlier, now = (VprTestFactory(municipality=place, year=year) for year in (2023, 2024))
    for school, raised in ((a, 5), (b, 5), (c, 0), (d, 0)):
        _wrote(earlier, school, raised=raised)
    for school, raised in ((a, 5), (b, 0), (c, 0), (d, 0)):
        _wrote(now, school, raised=raised)
    OfficialFlag.objects.create(municipality=place, year=2023, school=d, subjects=[])
    OfficialFlag.objects.create(municipality=place, year=2024, school=d, subjects=[])
    measure = MeasureFactory.build(
        roadmap=RoadmapFactory(municipality=place),
        title="Методический выезд",
        target_kind=TargetKind.METHODICAL_VISIT,
        basis_year=2023,
        deadline_end=datetime.date(2024, 3, 1),
    )
    targeted_measure_save(measure=measure, schools=[a, b, d, e])
    return place


def test_the_region_counts_agree_with_each_municipalitys_effect_analysis():
    places = [_district("Первый"), _district("Второй"), MunicipalityFactory(name="Без мер")]
    counted = {c.name: c for c in region_counts(municipalities=places, year=2024)}
    for place in places:
        summary = effect_summary(municipality=place, year=2024)
        counts = counted[place.name]
        assert counts.targeted_measures == summary["targeted_measures"]
        assert counts.schools_with_measures == summary["schools_with_measures"]
        assert counts.signs_removed == summary["signs_removed"]
    first = counted["Первый"]
    # A and D remained, B went away, E has no data: 1 of 3 judged.
    assert (first.targeted_measures, first.schools_with_measures, first.signs_removed) == (1, 3, 1)
    assert counted["Без мер"].targeted_measures == 0


def _queries(places) -> int:
    region_counts(municipalities=places, year=2024)  # the analyses computed and kept
    with CaptureQueriesContext(connection) as context:
        region_counts(municipalities=places, year=2024)
    return len(context.captured_queries)


def test_the_queries_do_not_grow_with_the_municipalities_that_took_measures():
    one = [_district("Первый")]
    four = [*one, *(_district(name) for name in ("Второй", "Третий", "Четвёртый"))]
    assert _queries(one) == _queries(four)
