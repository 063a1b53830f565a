import pytest

from medals.eligibility import (
    BASE_MATH,
    MEDAL_RULES,
    RUSSIAN,
    PeriodMark,
    base_math_mark,
    final_marks,
    medal_eligibility,
    rule_for,
)

from .scores import ege, mock

FIVES = {RUSSIAN: 5, "Математика": 5, "Физика": 5, "История": 5, "Литература": 5}


def checks(finals, scores):
    first, second = medal_eligibility(finals=finals, scores=scores)
    return first, second


def test_the_thresholds_are_kept_in_one_table_with_the_orders_values():
    assert [
        (r.degree, r.max_good_marks, r.russian_min, r.other_min, r.base_math_mark) for r in MEDAL_RULES
    ] == [
        (1, 0, 70, 70, 5),
        (2, 2, 60, 60, 5),
    ]


@pytest.mark.parametrize(("russian", "expected"), [(69, False), (70, True)])
def test_first_degree_needs_70_points_in_russian(russian, expected):
    first, _ = checks(FIVES, [ege(RUSSIAN, russian), ege("Физика", 85)])
    assert first.eligible is expected


@pytest.mark.parametrize(("other", "expected"), [(69, False), (70, True)])
def test_first_degree_needs_70_points_in_one_more_subject(other, expected):
    first, _ = checks(FIVES, [ege(RUSSIAN, 90), ege("Физика", other), ege("История", 50)])
    assert first.eligible is expected


@pytest.mark.parametrize(("russian", "expected"), [(59, False), (60, True)])
def test_second_degree_needs_60_points_in_russian(russian, expected):
    finals = {**FIVES, "Физика": 4}
    _, second = checks(finals, [ege(RUSSIAN, russian), ege("Физика", 75)])
    assert second.eligible is expected


@pytest.mark.parametrize(("other", "expected"), [(59, False), (60, True)])
def test_second_degree_needs_60_points_in_one_more_subject(other, expected):
    _, second = checks(FIVES, [ege(RUSSIAN, 75), ege("Химия", other)])
    assert second.eligible is expected


def test_two_good_marks_allow_the_second_degree_but_not_the_first():
    finals = {**FIVES, "Физика": 4, "История": 4}
    first, second = checks(finals, [ege(RUSSIAN, 80), ege("Физика", 80)])
    assert first.eligible is False
    assert second.eligible is True


def test_three_good_marks_allow_no_medal():
    finals = {**FIVES, "Физика": 4, "История": 4, "Литература": 4}
    first, second = checks(finals, [ege(RUSSIAN, 80), ege("Физика", 80)])
    assert first.eligible is False
    assert second.eligible is False
    assert "«4» по 3 предметам (История, Литература, Физика), допускается не более 2" in second.notes


def test_a_single_good_mark_denies_the_first_degree_and_says_which_subject():
    first, _ = checks({**FIVES, "Физика": 4}, [ege(RUSSIAN, 90), ege("Химия", 90)])
    assert first.eligible is False
    assert any("Физика" in note for note in first.notes)


def test_a_satisfactory_mark_denies_the_second_degree_even_alone():
    _, second = checks({**FIVES, "Физика": 3}, [ege(RUSSIAN, 90), ege("Химия", 90)])
    assert second.eligible is False
    assert any("ниже «4»" in note for note in second.notes)


@pytest.mark.parametrize(("primary", "expected"), [(16, False), (17, True)])
def test_base_mathematics_five_stands_for_the_second_subject(primary, expected):
    assert base_math_mark(primary) == (5 if expected else 4)
    first, _ = checks(FIVES, [ege(RUSSIAN, 72), ege(BASE_MATH, primary=primary)])
    assert first.eligible is expected


def test_the_best_of_two_attempts_counts():
    first, _ = checks(FIVES, [ege(RUSSIAN, 65), ege(RUSSIAN, 71), ege("Физика", 70)])
    assert first.eligible is True


def test_without_ege_results_the_verdict_waits_for_them():
    first, _ = checks(FIVES, [])
    assert first.marks_ok is True
    assert first.exams_ok is None
    assert first.eligible is None
    assert first.verdict == "пока не ясно"
    assert "результатов ЕГЭ ещё нет" in first.notes


def test_russian_alone_waits_for_the_other_subject():
    first, _ = checks(FIVES, [ege(RUSSIAN, 90)])
    assert first.exams_ok is None
    assert "нет результатов ЕГЭ по другим предметам" in first.notes


def test_marks_below_the_rule_decide_even_before_the_ege():
    first, _ = checks({**FIVES, "Физика": 4}, [])
    assert first.eligible is False


def test_without_final_marks_the_verdict_waits_for_them():
    first, _ = checks({}, [ege(RUSSIAN, 90), ege("Физика", 90)])
    assert first.marks_ok is None
    assert first.eligible is None


def test_mock_exams_do_not_count_for_eligibility():
    first, _ = checks(FIVES, [ege(RUSSIAN, 90), mock("Физика", 95)])
    assert first.exams_ok is None


def test_rule_for_returns_the_rule_of_the_degree():
    assert rule_for(2).russian_min == 60


def test_rule_for_reads_the_degree_as_stored_and_as_the_enum():
    from medals.models import MedalDegree

    for rule in MEDAL_RULES:
        assert rule_for(rule.degree) is rule
        assert rule_for(MedalDegree(rule.degree)) is rule
        assert rule_for(int(rule.degree)) is rule
    with pytest.raises(KeyError):
        rule_for(99)


def mark(subject, year, period, value):
    return PeriodMark(subject, year, period, value)


def test_the_final_mark_is_the_journals_final_mark_when_there_is_one():
    marks = [mark("Физика", 2023, "h1", 4), mark("Физика", 2023, "h2", 4), mark("Физика", 2023, "final", 5)]
    assert final_marks(marks=marks) == {"Физика": 5}


def test_the_final_mark_of_grade_11_overrides_grade_10():
    marks = [mark("Физика", 2022, "final", 4), mark("Физика", 2023, "final", 5)]
    assert final_marks(marks=marks) == {"Физика": 5}


def test_the_final_mark_is_the_mean_of_half_year_and_year_marks_rounded_half_up():
    # 5, 4 (10 кл.) and 5, 4 (11 кл.): mean 4.5 → 5
    marks = [
        mark("Химия", 2022, "h1", 5),
        mark("Химия", 2022, "year", 4),
        mark("Химия", 2023, "h1", 5),
        mark("Химия", 2023, "year", 4),
    ]
    assert final_marks(marks=marks) == {"Химия": 5}


def test_a_mean_below_four_and_a_half_rounds_down():
    marks = [mark("Химия", 2022, "h1", 4), mark("Химия", 2022, "h2", 4), mark("Химия", 2022, "year", 5)]
    assert final_marks(marks=marks) == {"Химия": 4}


def test_quarter_marks_count_when_there_are_no_half_years():
    marks = [mark("Химия", 2023, f"q{n}", 5) for n in range(1, 4)] + [mark("Химия", 2023, "q4", 4)]
    assert final_marks(marks=marks) == {"Химия": 5}


def test_a_subject_with_only_pass_marks_has_no_final_mark():
    marks = [mark("Физическая культура", 2023, "year", None), mark("Физика", 2023, "year", 5)]
    assert final_marks(marks=marks) == {"Физика": 5}


def test_every_medal_line_comes_from_the_one_table(monkeypatch):
    """The rules, the «below 70» indicator and the ЕГЭ pages' badges read assessments.scales.MEDAL_EGE_MIN."""
    from assessments import scales
    from medals import eligibility

    assert {r.degree: (r.russian_min, r.other_min) for r in MEDAL_RULES} == {
        degree: (points, points) for degree, points in scales.MEDAL_EGE_MIN.items()
    }
    assert scales.MEDAL_EGE_MIN[1] == eligibility.MEDALIST_EGE_MIN
    assert scales.medal_line_missed(70) is None
    assert scales.medal_line_missed(69) == ("I степени", 70, False)
    assert scales.medal_line_missed(59) == ("II степени", 60, True)
    assert scales.medal_line_missed(None) is None
    # The badge follows the table, not numbers written into the template.
    from assessments.templatetags.medal_lines import medal_line_badge

    monkeypatch.setattr(scales, "MEDAL_SCORE_LINES", (("I степени", 80), ("II степени", 65)))
    assert "&lt; 80" in medal_line_badge(79) and "text-bg-warning" in medal_line_badge(79)
    assert "&lt; 65" in medal_line_badge(64) and "text-bg-danger" in medal_line_badge(64)
    assert medal_line_badge(80) == ""
