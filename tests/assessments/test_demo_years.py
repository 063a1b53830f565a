"""The demo over three years: ВПР, ОГЭ, ЕГЭ, the region's statistics and the official lists of 2023–2025,
so the years side by side read «признаки в 2023 и 2024 годах, в 2025 нет» for one school; the kept per
school × ВПР lines equal a recount."""

from __future__ import annotations

import pytest

from assessments.aggregates import group_of, refresh_aggregates
from assessments.demo import load_assessments_demo
from assessments.demo_years import YEARS
from assessments.flag_years import flag_history
from assessments.models import (
    EgeResult,
    OfficialFlag,
    OgeResult,
    VprAggregate,
    VprMarkStatistics,
    VprTest,
)
from assessments.objectivity import objectivity_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(municipality):
    load_assessments_demo(municipality=municipality)
    return municipality


def test_every_year_has_vpr_oge_ege_statistics_and_a_list(demo):
    for year in YEARS:
        assert VprTest.objects.filter(municipality=demo, year=year).count() == 3, year
        assert OgeResult.objects.filter(school__municipality=demo, year=year).exists(), year
        assert EgeResult.objects.filter(pupil__school__municipality=demo, year=year).exists(), year
        assert VprMarkStatistics.objects.filter(municipality=demo, year=year).count() == 6, year
        assert OfficialFlag.objects.filter(municipality=demo, year=year).exists(), year


def test_the_years_side_by_side_read_signs_in_2023_and_2024_and_none_in_2025(demo):
    history = flag_history(demo)
    assert history.years == [2023, 2024, 2025]
    readings = {
        row.school.short_name: [(mark.year, mark.flagged, mark.took_part) for mark in row.marks]
        for row in history.rows(demo.schools.all())
    }
    gone = [
        name
        for name, marks in readings.items()
        if [flagged for _, flagged, _ in marks] == [True, True, False] and marks[2][2]
    ]
    # School 2 raised its ВПР marks over the journal in 2023 and 2024 (and was on both lists), not in 2025.
    assert "МКОУ «Учебная СОШ №2»" in gone, readings
    # School 3 inflates its journal in 2024 and again in 2025: the signs remain.
    assert [flagged for _, flagged, _ in readings["МКОУ «Учебная СОШ №3»"]] == [False, True, True]
    shares = {share.year: share for share in history.shares()}
    assert all(0 < shares[year].share < 1 for year in YEARS)


def test_grade_5_and_7_are_backed_by_oge_in_the_demo(demo):
    rows = objectivity_rows(municipality=demo, year=2025)
    notes = [note for row in rows for note in row.notes]
    flags = [flag for row in rows for flag in row.flags]
    assert not any("ЕГЭ" in note and "ОГЭ и ЕГЭ" in note for note in notes)
    assert all(flag.rule != "not_backed_by_ege" for flag in flags)


def test_the_kept_lines_equal_a_recount_and_a_second_run_adds_nothing(demo):
    kept = sorted(
        (g["test_id"], g["school_id"], tuple(sorted(g.items())))
        for g in map(group_of, VprAggregate.objects.all())
    )
    refresh_aggregates(tests=VprTest.objects.filter(municipality=demo))
    recounted = sorted(
        (g["test_id"], g["school_id"], tuple(sorted(g.items())))
        for g in map(group_of, VprAggregate.objects.all())
    )
    assert kept == recounted and len(kept) == 9 * 5
    counts = (OgeResult.objects.count(), EgeResult.objects.count(), VprAggregate.objects.count())
    load_assessments_demo(municipality=demo)
    assert (OgeResult.objects.count(), EgeResult.objects.count(), VprAggregate.objects.count()) == counts
