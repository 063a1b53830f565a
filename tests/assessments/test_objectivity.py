"""Objectivity of ВПР: shares, means and each named rule on examples computed by hand."""

from __future__ import annotations

import pytest

from assessments.models import ObjectivityThresholds
from assessments.objectivity import (
    boundaries_of_counts,
    mark_boundaries,
    mark_shares,
    objectivity_analysis,
    objectivity_rows,
    risk_group,
    thresholds_for,
)

from .factories import EgeResultFactory, PupilFactory, VprResultFactory, VprTestFactory, subject


def _results(test, school, pairs, primary=5, tasks=(2, 2, 1)):
    for mark, journal in pairs:
        VprResultFactory(
            test=test,
            school=school,
            mark=mark,
            journal_mark=journal,
            primary_score=primary,
            task_scores=list(tasks),
        )


@pytest.fixture
def test_ru5(municipality):
    return VprTestFactory(municipality=municipality)


def test_mark_shares_of_ten_pairs_computed_by_hand():
    pairs = [(5, 4)] * 4 + [(3, 3)] * 4 + [(2, 3)] * 2 + [(4, None)]
    assert mark_shares(pairs) == (10, 0.2, 0.4, 0.4)


def test_mark_shares_of_no_journal_marks_are_zero():
    assert mark_shares([(4, None)]) == (0, 0.0, 0.0, 0.0)


def test_school_row_has_hand_computed_shares_means_and_the_raised_flag(
    municipality, school_a, school_b, test_ru5
):
    _results(test_ru5, school_a, [(5, 4)] * 4 + [(3, 3)] * 4 + [(2, 3)] * 2 + [(4, None)])
    _results(test_ru5, school_b, [(4, 4)] * 5)
    rows = {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}
    a, b = rows["A001"], rows["B001"]
    assert (a.participants, a.compared) == (11, 10)
    assert (a.lowered, a.confirmed, a.raised) == (0.2, 0.4, 0.4)
    assert a.mean_mark == pytest.approx(40 / 11)
    assert a.municipal_mean_mark == pytest.approx(60 / 16)
    assert [f.rule for f in a.flags] == ["raised"]
    assert "40,0% участников (4 из 10)" in a.flags[0].text and "порог 15,0%" in a.flags[0].text
    assert (b.lowered, b.confirmed, b.raised, b.flags) == (0.0, 1.0, 0.0, [])
    assert a.vpr_marks == {2: 2, 3: 4, 4: 1, 5: 4} and a.journal_marks == {2: 0, 3: 6, 4: 4, 5: 0}


def test_raised_exactly_at_the_threshold_is_not_flagged_and_one_more_is(municipality, school_a, test_ru5):
    _results(test_ru5, school_a, [(4, 3)] * 3 + [(3, 3)] * 17)
    assert objectivity_rows(municipality=municipality, year=2024)[0].flags == []
    _results(test_ru5, school_a, [(4, 3)])
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert row.raised == pytest.approx(4 / 21) and [f.rule for f in row.flags] == ["raised"]


def test_lowered_above_its_threshold_is_flagged(municipality, school_a, test_ru5):
    _results(test_ru5, school_a, [(2, 4)] * 4 + [(4, 4)] * 6)
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert row.lowered == 0.4 and [f.rule for f in row.flags] == ["lowered"]


def test_fewer_participants_than_the_minimum_are_not_judged_and_a_note_says_so(
    municipality, school_a, test_ru5
):
    _results(test_ru5, school_a, [(5, 3)] * 4)
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert row.raised == 1.0 and row.flags == []
    assert any("доли не оцениваются" in note for note in row.notes)


def test_thresholds_are_data_edited_per_municipality(municipality, school_a, test_ru5):
    _results(test_ru5, school_a, [(4, 3)] * 1 + [(3, 3)] * 9)
    assert objectivity_rows(municipality=municipality, year=2024)[0].flags == []
    ObjectivityThresholds.objects.create(municipality=municipality, raised_share="0.05")
    assert [f.rule for f in objectivity_rows(municipality=municipality, year=2024)[0].flags] == ["raised"]


def test_defaults_are_used_unsaved_until_edited(municipality):
    thresholds = thresholds_for(municipality)
    assert thresholds.pk is None and float(thresholds.raised_share) == 0.15


def test_many_fours_and_fives_with_a_low_mean_primary_score_is_flagged(municipality, school_a, test_ru5):
    # max 10; mean primary 4 = 40% < 50%; share of «4» and «5» 6/10 = 60% ≥ 60%.
    _results(test_ru5, school_a, [(4, 4)] * 6 + [(3, 3)] * 4, primary=4, tasks=(2, 1, 1))
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert row.high_marks_share == 0.6 and row.mean_primary == 4
    flag = next(f for f in row.flags if f.rule == "high_marks_low_score")
    assert "доля «4» и «5» 60,0%" in flag.text and "4,0 из 10 — 40,0% максимума" in flag.text


def test_boundaries_are_read_from_the_score_mark_pairs():
    pairs = [(0, 2), (1, 2), (2, 2), (3, 3), (4, 3), (5, 3), (6, 4), (7, 4), (8, 5), (9, 5), (4, 2)]
    assert mark_boundaries(pairs) == {3: 3, 4: 6, 5: 8}


def test_a_tie_at_a_score_goes_to_the_mark_that_does_not_fall_below_the_previous_one():
    counts = {(2, 2): 3, (3, 3): 3, (4, 2): 1, (4, 3): 1, (5, 3): 2, (6, 4): 2, (6, 5): 2, (7, 5): 3}
    assert boundaries_of_counts(counts) == {3: 3, 4: 6, 5: 7}


def test_contradicting_pairs_give_no_boundaries():
    assert mark_boundaries([(2, 4), (2, 4), (5, 3), (5, 3)]) is None


def test_a_peak_just_at_a_boundary_is_flagged_when_there_are_enough_participants(
    municipality, school_a, test_ru5
):
    # boundaries from pairs: «3» from 3, «4» from 6, «5» from 8. Peak at 6: 12 pupils, 2 at 5 and 2 at 7.
    layout = {2: (2, 4), 3: (3, 4), 4: (3, 4), 5: (3, 2), 6: (4, 12), 7: (4, 2), 8: (5, 3), 9: (5, 2)}
    for score, (mark, count) in layout.items():
        _results(test_ru5, school_a, [(mark, mark)] * count, primary=score, tasks=(0, 0, 0))
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert row.participants == 33 and row.boundaries == {3: 3, 4: 6, 5: 8}
    flag = next(f for f in row.flags if f.rule == "boundary_peaks")
    assert "на границе «4» (6 б.) 12 участников, рядом в среднем 2,0" in flag.text
    assert "«3»" not in flag.text  # 4 at 3 against 4 and 4 around: no peak


def test_histogram_below_thirty_participants_is_not_judged_and_says_so(municipality, school_a, test_ru5):
    _results(test_ru5, school_a, [(4, 4)] * 12, primary=6, tasks=(0, 0, 0))
    row = objectivity_rows(municipality=municipality, year=2024)[0]
    assert not any(f.rule == "boundary_peaks" for f in row.flags)
    assert any("участников 12, а гистограмма что-то значит от 30" in note for note in row.notes)


def test_easy_tasks_worse_and_hard_tasks_better_than_the_municipality_is_flagged(
    municipality, school_a, school_b, test_ru5
):
    # tasks: 1 (4б, Б), 2 (3б, Б), 3 (3б, П). School A: Б 2/7, П 3/3; school B: Б 7/7, П 0/3.
    _results(test_ru5, school_a, [(3, 3)] * 5, primary=5, tasks=(1, 1, 3))
    _results(test_ru5, school_b, [(4, 4)] * 5, primary=7, tasks=(4, 3, 0))
    rows = {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}
    flag = next(f for f in rows["A001"].flags if f.rule == "easy_worse_hard_better")
    # Municipal «Б»: (10 + 35) / 70 = 64.3%; «П»: 15 / 30 = 50%.
    assert "«Б» выполнены на 28,6% против 64,3%" in flag.text and "«П» — на 100,0% против 50,0%" in flag.text
    assert not any(f.rule == "easy_worse_hard_better" for f in rows["B001"].flags)
    rates = {t.number: (t.rate, t.mastered) for t in rows["A001"].task_rates}
    assert rates == {"1": (0.25, False), "2": (pytest.approx(1 / 3), False), "3": (1.0, True)}


def test_a_high_mean_mark_not_backed_by_ege_is_flagged(municipality, school_a, school_b, test_ru5):
    _results(test_ru5, school_a, [(5, 5)] * 5, primary=9, tasks=(4, 3, 2))
    _results(test_ru5, school_b, [(3, 3)] * 5, primary=9, tasks=(4, 3, 2))
    for score in (50, 54):
        EgeResultFactory(pupil=PupilFactory(school=school_a), score_100=score)
    for score in (70, 74):
        EgeResultFactory(pupil=PupilFactory(school=school_b), score_100=score)
    rows = {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}
    flag = next(f for f in rows["A001"].flags if f.rule == "not_backed_by_ege")
    assert (
        "средняя отметка 5,00 против 4,00" in flag.text
        and "ЕГЭ школы 52,0 не выше муниципального 62,0" in flag.text
    )


def test_a_high_mean_mark_backed_by_ege_is_not_flagged(municipality, school_a, school_b, test_ru5):
    _results(test_ru5, school_a, [(5, 5)] * 5, primary=9, tasks=(4, 3, 2))
    _results(test_ru5, school_b, [(3, 3)] * 5, primary=9, tasks=(4, 3, 2))
    EgeResultFactory(pupil=PupilFactory(school=school_a), score_100=90)
    EgeResultFactory(pupil=PupilFactory(school=school_b), score_100=60)
    rows = {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}
    assert not any(f.rule == "not_backed_by_ege" for f in rows["A001"].flags)


def test_municipal_figures_come_from_every_school_even_when_one_school_is_asked_for(
    municipality, school_a, school_b, test_ru5
):
    _results(test_ru5, school_a, [(5, 5)] * 5)
    _results(test_ru5, school_b, [(3, 3)] * 5)
    rows, summaries = objectivity_analysis(municipality=municipality, year=2024, schools=[school_a])
    assert [r.school for r in rows] == [school_a]
    assert rows[0].municipal_mean_mark == 4.0 and summaries[0].participants == 10


def test_risk_group_lists_flagged_schools_with_their_reasons(municipality, school_a, school_b, test_ru5):
    _results(test_ru5, school_a, [(5, 3)] * 6)
    _results(test_ru5, school_b, [(3, 3)] * 6)
    group = risk_group(objectivity_rows(municipality=municipality, year=2024))
    assert group == [(school_a, ["Русский язык, 5 класс: Повысили отметку"])]


def test_another_year_and_another_municipality_are_not_mixed_in(municipality, school_a, test_ru5):
    _results(test_ru5, school_a, [(4, 4)] * 5)
    other_year = VprTestFactory(municipality=municipality, year=2023, subject=subject("Математика"))
    _results(other_year, school_a, [(5, 2)] * 5)
    rows = objectivity_rows(municipality=municipality, year=2024)
    assert [(r.subject.name, r.raised) for r in rows] == [("Русский язык", 0.0)]
