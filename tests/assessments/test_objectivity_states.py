"""The fingerprint the cached objectivity analyses are keyed by (assessments/objectivity_states.py): its
SQL is built once per set of municipalities and years, and every call still reads the numbers afresh."""

from __future__ import annotations

import pytest

from assessments.models import ObjectivityThresholds
from assessments.objectivity_rules import SELECTIVE_KINDS
from assessments.objectivity_states import _states_sql, data_states, states_of

from ..factories import MunicipalityFactory, SchoolFactory
from .factories import EgeResultFactory, PupilFactory, VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def test_the_sql_is_built_once_and_the_numbers_are_read_on_every_call():
    place = MunicipalityFactory()
    school = SchoolFactory(municipality=place)
    test = VprTestFactory(municipality=place, year=2024)
    VprResultFactory(test=test, school=school)
    _states_sql.cache_clear()
    first = data_states(place, [2024])[2024]
    VprResultFactory(test=VprTestFactory(municipality=place, year=2024, grade=6), school=school)
    second = data_states(place, [2024])[2024]
    assert _states_sql.cache_info().misses == 1 and _states_sql.cache_info().hits == 1
    assert second != first  # one more school × ВПР line: a new key for the cached analysis


@pytest.mark.parametrize("change", ["ege", "thresholds", "selective"])
def test_what_the_analysis_reads_changes_the_state(change):
    place = MunicipalityFactory()
    school = SchoolFactory(municipality=place)
    VprResultFactory(test=VprTestFactory(municipality=place, year=2024), school=school)
    before = states_of([place.pk], [2024])
    if change == "ege":
        EgeResultFactory(pupil=PupilFactory(school=school), year=2023)  # the year before backs the marks
    elif change == "thresholds":
        ObjectivityThresholds.objects.create(municipality=place, min_participants=3)
    else:
        SchoolFactory(municipality=place, kind=next(iter(SELECTIVE_KINDS)))
    assert states_of([place.pk], [2024]) != before


def test_several_municipalities_and_years_in_one_call_agree_with_one_by_one():
    places = [MunicipalityFactory() for _ in range(2)]
    for n, place in enumerate(places):
        school = SchoolFactory(municipality=place)
        for year in (2023, 2024)[: n + 1]:
            VprResultFactory(test=VprTestFactory(municipality=place, year=year), school=school)
    together = states_of([p.pk for p in places], [2023, 2024])
    for place in places:
        for year in (2023, 2024):
            assert together[(place.pk, year)] == states_of([place.pk], [year])[(place.pk, year)]

