"""«Анализ эффективности принятых мер» over two years, with the numbers worked out by hand."""

from __future__ import annotations

import datetime

import pytest

from assessments.effect import NO_DATA, REMAINED, REMOVED, effect_analysis, effect_summary
from assessments.models import OfficialFlag, VprTest
from roadmaps.models import TargetKind
from roadmaps.targeted import targeted_measure_save
from tests.factories import MeasureFactory, RoadmapFactory, SchoolFactory

from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def _results(school, year: int, pairs: list[tuple[int, int]]) -> None:
    test = VprTest.objects.filter(municipality=school.municipality, year=year).first() or VprTestFactory(
        municipality=school.municipality, year=year
    )
    for mark, journal in pairs:
        VprResultFactory(test=test, school=school, mark=mark, journal_mark=journal)


RAISED = [(5, 4)] * 2 + [(4, 4)] * 4  # 2 of 6 above the journal: 33,3% > 15% — «Повысили отметку»
PLAIN = [(4, 4)] * 6  # every mark as in the journal: no flag


def _targeted(roadmap, schools, kind=TargetKind.METHODICAL_VISIT, **extra):
    measure = MeasureFactory.build(
        roadmap=roadmap,
        title="Методический выезд",
        target_kind=kind,
        deadline_end=datetime.date(2024, 3, 1),
        **extra,
    )
    targeted_measure_save(measure=measure, schools=schools)
    return measure


@pytest.fixture
def two_years(municipality, school_a, school_b):
    """2023: A flagged by its results, B plain but on the official list, C flagged, D plain.
    Measures on the 2023 signs: two for A (one of them also for B) in the 2023-2024 plan, one for C in the
    2024-2025 plan named «по итогам ВПР 2023», one for D on the 2024 signs (not this analysis).
    2024: A plain, B flagged by its results, C wrote nothing and is on no list, D plain."""
    school_c = SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»", code="C001")
    school_d = SchoolFactory(municipality=municipality, short_name="МКОУ «Школа Г»", code="D001")
    _results(school_a, 2023, RAISED)
    _results(school_b, 2023, PLAIN)
    _results(school_c, 2023, RAISED)
    _results(school_d, 2023, PLAIN)
    OfficialFlag.objects.create(
        municipality=municipality, year=2023, school=school_b, subjects=["Математика, 5 класс"]
    )
    _results(school_a, 2024, PLAIN)
    _results(school_b, 2024, RAISED)
    _results(school_d, 2024, PLAIN)
    plan_2023 = RoadmapFactory(municipality=municipality)
    plan_2024 = RoadmapFactory(
        municipality=municipality,
        period_start=datetime.date(2024, 9, 1),
        period_end=datetime.date(2025, 8, 31),
    )
    _targeted(plan_2023, [school_a, school_b], number="14")
    _targeted(plan_2023, [school_a], kind=TargetKind.TEACHER_TRAINING, number="15")
    _targeted(plan_2024, [school_c], kind=TargetKind.PERSONAL_CONTROL, number="3", basis_year=2023)
    _targeted(plan_2024, [school_d], number="4")
    return school_c, school_d


def test_the_effect_of_the_2023_measures_in_2024(municipality, two_years):
    summary = effect_summary(municipality=municipality, year=2024)
    # Measures 14, 15 and 3 answer 2023; they were aimed at A, B and C. A: signs gone; B: signs again;
    # C: no data for 2024, left out of the share. Share: 1 of 2 = 0,5.
    assert {key: summary[key] for key in summary if key != "rows"} == {
        "year": 2024,
        "measures_year": 2023,
        "targeted_measures": 3,
        "schools_with_targeted": 3,
        "schools_with_measures": 2,
        "signs_removed": 1,
        "signs_remained": 1,
        "no_data": 1,
        "signs_removed_share": 0.5,
    }
    rows = {row["school"]: row for row in summary["rows"]}
    assert [(code, rows[code]["outcome"]) for code in sorted(rows)] == [
        ("A001", REMOVED),
        ("B001", REMAINED),
        ("C001", NO_DATA),
    ]
    assert [m["number"] for m in rows["A001"]["measures"]] == ["14", "15"]
    assert rows["A001"]["signs_before"] is True and rows["A001"]["signs_after"] is False
    assert rows["B001"]["signs_before"] is True and rows["B001"]["signs_after"] is True
    assert rows["C001"]["signs_after"] is None
    # The numbers behind each outcome: 6 participants, 2 of 6 raised = 33,3%, 4 of 6 confirmed = 66,7%.
    assert "участников 6" in rows["A001"]["before"] and "повысили 33,3%" in rows["A001"]["before"]
    assert "подтвердили 66,7%" in rows["A001"]["before"]
    assert rows["A001"]["after"] == "2024: ВПР — 1 (предмет, класс), участников 6; своих признаков нет"
    assert "в официальном списке (Математика, 5 класс)" in rows["B001"]["before"]
    assert "повысили 33,3%" in rows["B001"]["after"]
    assert rows["C001"]["after"] == "2024: данных нет"


def test_the_measures_of_2024_are_judged_in_2025_only(municipality, two_years):
    summary = effect_summary(municipality=municipality, year=2025)
    # Measure 4 answers 2024 and was aimed at D; 2025 has no data at all.
    assert summary["targeted_measures"] == 1 and summary["schools_with_targeted"] == 1
    assert summary["schools_with_measures"] == 0 and summary["signs_removed_share"] is None
    assert summary["rows"][0]["school"] == "D001" and summary["rows"][0]["outcome"] == NO_DATA


def test_a_year_without_targeted_measures_is_empty_not_zero(municipality):
    summary = effect_summary(municipality=municipality, year=2024)
    assert summary["targeted_measures"] == 0 and summary["rows"] == []
    assert summary["signs_removed_share"] is None


def test_the_analysis_of_some_schools_only(municipality, school_b, two_years):
    analysis = effect_analysis(municipality=municipality, year=2024, schools=[school_b])
    assert [row.school for row in analysis.rows] == [school_b]
    assert [m.number for m in analysis.measures] == ["14"]
    assert analysis.removed_text == "0 из 1 (0,0%)"


def test_another_municipalitys_measures_do_not_count(municipality, two_years):
    other = RoadmapFactory(title="Другой район").municipality
    assert effect_summary(municipality=other, year=2024)["targeted_measures"] == 0
