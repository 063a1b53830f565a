"""The demo's targeted measures: one per school with signs in a year followed by another loaded year, in
the plan of that school year (or the plan in force, marked with the year); the effect follows the data."""

from __future__ import annotations

import datetime

import pytest

from assessments.demo_effect import load_effect_demo
from assessments.effect import effect_summary
from assessments.models import OfficialFlag, VprTest
from roadmaps.models import Measure, ProgressStatus, Roadmap
from tests.factories import RoadmapFactory, SchoolFactory

from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db

RAISED = [(5, 3)] * 6
PLAIN = [(4, 4)] * 6


def _results(school, year, pairs):
    test = VprTest.objects.filter(municipality=school.municipality, year=year).first() or VprTestFactory(
        municipality=school.municipality, year=year
    )
    for mark, journal in pairs:
        VprResultFactory(test=test, school=school, mark=mark, journal_mark=journal)


@pytest.fixture
def three_years(municipality, school_a, school_b, time_machine):
    """A: signs 2023 and 2024, none 2025. B: on the 2024 list and signs in 2025. C: plain every year."""
    time_machine.move_to(datetime.date(2026, 11, 24))
    school_c = SchoolFactory(municipality=municipality, code="C001", short_name="МКОУ «Школа В»")
    for year, pairs in (
        (2023, (RAISED, PLAIN, PLAIN)),
        (2024, (RAISED, PLAIN, PLAIN)),
        (2025, (PLAIN, RAISED, PLAIN)),
    ):
        for school, results in zip((school_a, school_b, school_c), pairs, strict=True):
            _results(school, year, results)
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_b)
    archived = RoadmapFactory(municipality=municipality, status=Roadmap.Status.ARCHIVED)
    current = RoadmapFactory(
        municipality=municipality,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
    )
    return archived, current


def test_the_demo_aims_a_measure_at_each_flagged_school_and_the_page_has_both_outcomes(
    municipality, school_a, school_b, three_years
):
    archived, current = three_years
    assert load_effect_demo(municipality=municipality) == 3  # A for 2023; A and B for 2024
    on_2023 = Measure.objects.get(roadmap=archived)
    assert list(on_2023.target_schools.all()) == [school_a] and on_2023.basis_year is None
    assert set(on_2023.progress.values_list("status", flat=True)) == {ProgressStatus.DONE}
    on_2024 = Measure.objects.filter(roadmap=current).order_by("number")
    assert [m.basis_year for m in on_2024] == [2024, 2024]
    assert {s.code for m in on_2024 for s in m.target_schools.all()} == {"A001", "B001"}
    assert effect_summary(municipality=municipality, year=2024)["signs_remained"] == 1
    in_2025 = effect_summary(municipality=municipality, year=2025)
    assert {row["school"]: row["outcome"] for row in in_2025["rows"]} == {
        "A001": "removed",
        "B001": "remained",
    }
    assert load_effect_demo(municipality=municipality) == 0  # a second run adds nothing
