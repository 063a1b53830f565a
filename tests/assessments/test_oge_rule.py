"""«Not backed by exams» with ОГЭ for grades up to 9 and ЕГЭ for 10–11, and the region rule with its own
threshold and the лицей/гимназия exception — every number below computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments.models import ObjectivityThresholds, OgeResult, VprMarkStatistics
from assessments.objectivity import objectivity_rows
from schools.models import School

from .factories import EgeResultFactory, PupilFactory, VprResultFactory, VprTestFactory, subject

pytestmark = pytest.mark.django_db


def _vpr(municipality, grade, marks_by_school, name="Математика"):
    test = VprTestFactory(municipality=municipality, subject=subject(name), grade=grade, year=2024)
    for school, mark in marks_by_school:
        for _ in range(6):
            VprResultFactory(test=test, school=school, mark=mark, journal_mark=mark)
    return test


def _oge(school, marks, name="Математика", year=2024):
    for mark in marks:
        OgeResult.objects.create(school=school, subject=subject(name), year=year, mark=mark)


def _ege(school, scores, name="Математика"):
    for score in scores:
        EgeResultFactory(pupil=PupilFactory(school=school), subject=subject(name), score_100=score)


def _rows(municipality):
    return {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}


def _flags(row, rule_prefix="not_backed"):
    return [str(f) for f in row.flags if f.rule.startswith(rule_prefix)]


@pytest.fixture
def grade9(municipality, school_a, school_b):
    # ВПР: A six «5», B six «3» → municipal mean (30 + 18) / 12 = 4,00; A is +1,00 above it (gap 0,50).
    return _vpr(municipality, 9, [(school_a, 5), (school_b, 3)])


def test_grade_9_is_checked_against_oge_not_ege(municipality, school_a, school_b, grade9):
    # ОГЭ: A «3», «3», «4» → 10 / 3 = 3,33; B «4», «4», «5», «5» → 4,50; municipal (10 + 18) / 7 = 4,00.
    _oge(school_a, [3, 3, 4])
    _oge(school_b, [4, 4, 5, 5])
    # ЕГЭ would back A (90 against (90 + 50) / 2 = 70): for grade 9 ОГЭ is what counts.
    _ege(school_a, [90])
    _ege(school_b, [50])
    row = _rows(municipality)["A001"]
    assert _flags(row) == [
        "Средняя отметка не подтверждается ОГЭ: средняя отметка 5,00 против 4,00 по муниципалитету "
        "(+1,00, порог 0,50), а средняя отметка ОГЭ школы 3,33 не выше муниципальной 4,00"
    ]
    assert row.flags[0].rule == "not_backed_by_oge"


def test_grade_9_backed_by_a_good_oge_is_not_flagged(municipality, school_a, school_b, grade9):
    # A 5, 5, 5 → 5,00 above the municipal (15 + 8) / 5 = 4,60.
    _oge(school_a, [5, 5, 5])
    _oge(school_b, [4, 4])
    _ege(school_a, [40])
    _ege(school_b, [80])
    assert _flags(_rows(municipality)["A001"]) == []


def test_oge_of_the_previous_year_counts_and_of_two_years_before_does_not(
    municipality, school_a, school_b, grade9
):
    _oge(school_a, [3], year=2023)  # 2023: A 3,00 against (3 + 5) / 2 = 4,00
    _oge(school_b, [5], year=2023)
    _oge(school_a, [5, 5], year=2022)  # too old: not read
    assert (
        "средняя отметка ОГЭ школы 3,00 не выше муниципальной 4,00" in _flags(_rows(municipality)["A001"])[0]
    )


def test_grade_11_is_checked_against_ege_even_with_oge_loaded(municipality, school_a, school_b):
    _vpr(municipality, 11, [(school_a, 5), (school_b, 3)])
    _oge(school_a, [5, 5])  # a good ОГЭ does not back grade 11
    _oge(school_b, [3])
    _ege(school_a, [52])  # ЕГЭ: A 52 against (52 + 72) / 2 = 62
    _ege(school_b, [72])
    assert _flags(_rows(municipality)["A001"]) == [
        "Средняя отметка не подтверждается ЕГЭ: средняя отметка 5,00 против 4,00 по муниципалитету "
        "(+1,00, порог 0,50), а средний балл ЕГЭ школы 52,0 не выше муниципального 62,0"
    ]


def test_without_any_exam_the_note_names_both(municipality, school_a, school_b, grade9):
    row = _rows(municipality)["A001"]
    assert _flags(row) == []
    assert "Средняя отметка выше муниципальной на 1,00, но результатов ОГЭ и ЕГЭ школы по предмету нет: " \
        "сравнить не с чем." in row.notes  # fmt: skip


@pytest.fixture
def region_9(municipality, school_a, school_b, school_c):
    """ВПР grade 9: A (СОШ) and B (гимназия) six «5», C (СОШ) six «4»; region 2·0,08 + 3·0,42 + 4·0,40 +
    5·0,10 = 3,52. ОГЭ: every school «3», «3» → 3,00 each, municipal 3,00 («не выше»)."""
    school_b.kind = School.Kind.GYMNASIUM
    school_b.save()
    VprMarkStatistics.objects.create(
        municipality=municipality, year=2024, subject=subject("Математика"), grade=9,
        scope=VprMarkStatistics.Scope.REGION, name="Республика Дагестан", participants=30000,
        shares={"2": 8, "3": 42, "4": 40, "5": 10},
    )  # fmt: skip
    _vpr(municipality, 9, [(school_a, 5), (school_b, 5), (school_c, 4)])
    for school in (school_a, school_b, school_c):
        _oge(school, [3, 3])


def _thresholds(municipality, **values):
    ObjectivityThresholds.objects.update_or_create(municipality=municipality, defaults=values)


def test_the_region_rule_has_its_own_threshold(municipality, region_9):
    # The municipal gap so high that the municipal rule never fires: the region rule reads its own.
    _thresholds(municipality, mark_gap="2.00", region_mark_gap="0.40")
    rows = _rows(municipality)
    assert _flags(rows["A001"], "above_region") == [
        "Выше региона, не подтверждается ОГЭ: средняя отметка 5,00 против 3,52 по региону "
        "(Республика Дагестан; +1,48, порог 0,40), а средняя отметка ОГЭ школы 3,00 не выше муниципальной "
        "3,00; школа — СОШ"
    ]
    # C: 4,00 − 3,52 = +0,48 ≥ 0,40.
    assert _flags(rows["C001"], "above_region") == [
        "Выше региона, не подтверждается ОГЭ: средняя отметка 4,00 против 3,52 по региону "
        "(Республика Дагестан; +0,48, порог 0,40), а средняя отметка ОГЭ школы 3,00 не выше муниципальной "
        "3,00; школа — СОШ"
    ]
    assert _flags(rows["A001"]) == [] and _flags(rows["C001"]) == []  # the municipal rule: gap 2,00
    # The gymnasium chooses its pupils: no flag, a note that says why.
    assert rows["B001"].flags == []
    assert any("школа — гимназия: она отбирает учащихся" in note for note in rows["B001"].notes)


def test_raising_the_region_threshold_spares_the_school_just_above_the_region(municipality, region_9):
    _thresholds(municipality, mark_gap="2.00", region_mark_gap="0.50")
    rows = _rows(municipality)
    assert _flags(rows["C001"], "above_region") == []  # +0,48 < 0,50
    assert "порог 0,50" in _flags(rows["A001"], "above_region")[0]  # +1,48 still ≥ 0,50


def test_a_lyceum_is_spared_too_but_a_basic_school_is_not(municipality, region_9, school_a, school_c):
    school_a.kind, school_c.kind = School.Kind.LYCEUM, School.Kind.OOSH
    school_a.save()
    school_c.save()
    _thresholds(municipality, mark_gap="2.00", region_mark_gap="0.40")
    rows = _rows(municipality)
    assert rows["A001"].flags == []
    assert any("школа — лицей: она отбирает учащихся" in note for note in rows["A001"].notes)
    assert _flags(rows["C001"], "above_region")[0].endswith("школа — ООШ")


def test_the_region_threshold_is_edited_on_the_thresholds_page_and_changes_the_flag(
    client, coordinator, municipality, region_9
):
    from django.urls import reverse

    client.force_login(coordinator)
    form = client.get(reverse("assessments:thresholds_edit")).context["form"]
    assert form.fields["region_mark_gap"].label == "Разрыв средней отметки с регионом"
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data |= {"mark_gap": "2.00", "region_mark_gap": "0.40"}
    assert client.post(reverse("assessments:thresholds_edit"), data).status_code == 302
    assert _flags(_rows(municipality)["C001"], "above_region")  # +0,48 ≥ 0,40
    data["region_mark_gap"] = "0.60"
    client.post(reverse("assessments:thresholds_edit"), data)
    assert ObjectivityThresholds.objects.get(municipality=municipality).region_mark_gap == Decimal("0.60")
    assert not _flags(_rows(municipality)["C001"], "above_region")  # +0,48 < 0,60
    page = client.get(reverse("assessments:objectivity")).content.decode()
    assert "на 0,60 и больше (свой порог)" in page or "на 0.60 и больше (свой порог)" in page
