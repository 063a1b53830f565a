import datetime
from decimal import Decimal

import pytest

from assessments.models import EgeResult
from medals.comparison import Disagreement
from medals.eligibility import FINAL_MARK_PERIODS
from medals.models import MedalBenchmark, Period, Recheck, Source, WorkKind
from medals.risks import (
    RecheckOutcome,
    benchmark_for,
    candidate_assessments,
    rule_ege_below,
    rule_final_above_works,
    rule_final_marks,
    rule_journal_notebook,
    rule_mock_below,
    rule_recheck_lowered,
    rule_transfer,
    school_risk_reasons,
    teacher_risks,
)

from .factories import CandidateFactory, GradeFactory, PupilFactory, RecheckFactory, subject
from .scores import ege, mock

DAY = datetime.date(2023, 10, 12)


def disagreement(journal="5", notebook="4"):
    return Disagreement(
        1, 1, "Арсланова Динара", "11А", "Русский язык", DAY, "Контрольная работа", journal, notebook, ""
    )


def test_a_journal_notebook_disagreement_puts_the_candidate_at_risk_with_the_marks_in_the_detail():
    reason = rule_journal_notebook(disagreements=[disagreement()])
    assert reason.code == "disagreement"
    assert "Русский язык 12.10.2023: журнал 5, тетрадь 4" in reason.detail
    assert rule_journal_notebook(disagreements=[]) is None


def test_a_notebook_mark_missing_from_the_journal_is_named_so():
    assert "журнал нет отметки" in rule_journal_notebook(disagreements=[disagreement(journal=None)]).detail


def test_a_transfer_in_grades_10_11_is_a_risk_naming_the_previous_school():
    reason = rule_transfer(transfer_date=datetime.date(2023, 9, 4), previous_school="МКОУ «Школа Б»")
    assert reason.code == "transfer"
    assert "из МКОУ «Школа Б» 04.09.2023" in reason.detail
    assert rule_transfer(transfer_date=None, previous_school="") is None


@pytest.mark.parametrize(("points", "at_risk"), [(69, True), (70, False)])
def test_a_mock_exam_below_the_first_degree_threshold_is_a_risk(points, at_risk):
    reason = rule_mock_below(degree=1, scores=[mock("Русский язык", points)])
    assert (reason is not None) is at_risk


@pytest.mark.parametrize(("points", "at_risk"), [(59, True), (60, False)])
def test_a_mock_exam_below_the_second_degree_threshold_is_a_risk(points, at_risk):
    reason = rule_mock_below(degree=2, scores=[mock("Химия", points)])
    assert (reason is not None) is at_risk


def test_a_mock_in_base_mathematics_is_judged_by_its_mark():
    assert rule_mock_below(degree=1, scores=[mock("Математика (базовая)", primary=16)]) is not None
    assert rule_mock_below(degree=1, scores=[mock("Математика (базовая)", primary=17)]) is None


def test_an_unchecked_mock_work_is_no_risk():
    assert rule_mock_below(degree=1, scores=[mock("Русский язык", None)]) is None


def test_ege_results_are_not_mock_results():
    assert rule_mock_below(degree=1, scores=[ege("Русский язык", 40)]) is None


@pytest.mark.parametrize(("points", "at_risk"), [(69, True), (70, False)])
def test_an_ege_result_below_the_claimed_degree_is_a_risk(points, at_risk):
    reason = rule_ege_below(degree=1, scores=[ege("Русский язык", points), ege("Физика", 80)])
    assert (reason is not None) is at_risk


@pytest.mark.parametrize(("goods", "at_risk"), [(2, False), (3, True)])
def test_final_marks_that_do_not_give_the_claimed_second_degree_are_a_risk(goods, at_risk):
    finals = {f"Предмет {n}": 4 for n in range(goods)} | {"Русский язык": 5}
    assert (rule_final_marks(degree=2, finals=finals) is not None) is at_risk


def test_a_good_mark_for_a_first_degree_claimant_is_a_risk():
    assert rule_final_marks(degree=1, finals={"Физика": 4, "Химия": 5}).code == "final_marks"


@pytest.mark.parametrize(("average", "at_risk"), [(4.4, True), (4.5, False)])
def test_a_final_five_above_the_written_works_is_a_risk(average, at_risk):
    reason = rule_final_above_works(finals={"Физика": 5}, written_averages={"Физика": average})
    assert (reason is not None) is at_risk


def test_a_final_four_is_not_judged_against_the_written_works():
    assert rule_final_above_works(finals={"Физика": 4}, written_averages={"Физика": 3.0}) is None


def test_a_recheck_that_lowered_the_mark_is_a_risk_and_one_that_confirmed_it_is_not():
    lowered = RecheckOutcome("Физика", DAY, original=5, rechecked=4)
    confirmed = RecheckOutcome("Химия", DAY, original=5, rechecked=5)
    assert rule_recheck_lowered(outcomes=[confirmed]) is None
    reason = rule_recheck_lowered(outcomes=[confirmed, lowered])
    assert "Физика 12.10.2023: учитель «5», перепроверка «4»" in reason.detail


def test_candidate_assessments_reads_every_source_and_applies_every_rule(
    candidate_a, django_assert_max_num_queries
):
    russian = subject("Русский язык")
    GradeFactory(candidate=candidate_a, subject=russian, work_date=DAY, mark="5")
    GradeFactory(candidate=candidate_a, subject=russian, work_date=DAY, mark="4", source=Source.NOTEBOOK)
    GradeFactory(
        candidate=candidate_a,
        subject=subject("Физика"),
        period=Period.FINAL,
        work_kind=WorkKind.FINAL,
        work_date=None,
        mark="4",
    )
    RecheckFactory(
        candidate=candidate_a, status=Recheck.Status.DONE, original_value=5, recheck_value=3, recheck_mark="3"
    )
    candidate_a.transfer_date = datetime.date(2023, 9, 4)
    candidate_a.previous_school_name = "МКОУ «СОШ №9»"
    EgeResult.objects.create(
        pupil=candidate_a.pupil,
        subject=russian,
        year=2024,
        exam_date=datetime.date(2024, 5, 30),
        score_100=65,
    )
    with django_assert_max_num_queries(8):
        assessed = candidate_assessments(candidates=[candidate_a])[candidate_a.pk]
    codes = {r.code for r in assessed.reasons}
    assert codes == {"disagreement", "transfer", "final_marks", "recheck_lowered", "ege_below"}
    assert assessed.finals == {"Физика": 4}
    assert assessed.eligibility[0].eligible is False


def test_the_final_marks_read_every_period_a_journal_mark_can_have():
    """candidate_assessments reads only these periods (the index finds them): a period added to the
    journal must be added there too, or its marks would silently stop counting."""
    assert set(FINAL_MARK_PERIODS) == {p for p in Period.values if p}


def test_candidate_assessments_take_the_same_queries_for_many_candidates(
    school_a, django_assert_max_num_queries
):
    candidates = [CandidateFactory(pupil=PupilFactory(school=school_a)) for _ in range(6)]
    for c in candidates:
        GradeFactory(candidate=c, source=Source.NOTEBOOK)
        GradeFactory(candidate=c)
    with django_assert_max_num_queries(8):
        assessed = candidate_assessments(candidates=candidates)
    assert all(not a.reasons for a in assessed.values())


def test_a_teacher_is_at_risk_when_rechecks_lowered_their_marks_or_their_journal_disagrees(candidate_a):
    RecheckFactory(
        candidate=candidate_a,
        teacher="Учителева М.А.",
        status=Recheck.Status.DONE,
        original_value=5,
        recheck_value=4,
    )
    RecheckFactory(
        candidate=candidate_a,
        teacher="Верная Н.Н.",
        status=Recheck.Status.DONE,
        original_value=5,
        recheck_value=5,
    )
    GradeFactory(candidate=candidate_a, teacher="Расходова Е.Е.", mark="5")
    GradeFactory(candidate=candidate_a, teacher="Расходова Е.Е.", mark="3", source=Source.NOTEBOOK)
    risks = {t.teacher: t for t in teacher_risks(candidate_ids=[candidate_a.pk])}
    assert set(risks) == {"Учителева М.А.", "Расходова Е.Е."}
    assert risks["Учителева М.А."].lowered == 1
    assert risks["Расходова Е.Е."].disagreements == 1
    assert {r.code for r in risks["Расходова Е.Е."].reasons} == {"teacher_disagreements"}


@pytest.fixture
def benchmark(db):
    return MedalBenchmark.objects.get(year=2024)


def test_the_2024_national_share_is_there_as_data(benchmark):
    assert benchmark.national_share == Decimal("17.50")


@pytest.mark.parametrize(("share", "at_risk"), [(0.175, False), (0.18, True)])
def test_a_school_whose_share_of_candidates_exceeds_the_national_share_is_at_risk(benchmark, share, at_risk):
    reasons = school_risk_reasons(
        share=share,
        benchmark=benchmark,
        medalists_last_year=0,
        medalists_last_year_ege_below_70=0,
        candidates_at_risk=0,
    )
    assert ("school_share" in {r.code for r in reasons}) is at_risk


def test_a_school_whose_last_medalists_scored_below_70_is_at_risk(benchmark):
    reasons = school_risk_reasons(
        share=None,
        benchmark=benchmark,
        medalists_last_year=4,
        medalists_last_year_ege_below_70=1,
        candidates_at_risk=0,
    )
    assert [r.code for r in reasons] == ["school_below_70"]
    assert "1 из 4" in reasons[0].detail
    benchmark.ege_below_70_limit = Decimal("25")
    assert (
        school_risk_reasons(
            share=None,
            benchmark=benchmark,
            medalists_last_year=4,
            medalists_last_year_ege_below_70=1,
            candidates_at_risk=0,
        )
        == []
    )


def test_a_school_with_candidates_at_risk_says_how_many(benchmark):
    reasons = school_risk_reasons(
        share=0.1,
        benchmark=benchmark,
        medalists_last_year=0,
        medalists_last_year_ege_below_70=0,
        candidates_at_risk=2,
    )
    assert [r.code for r in reasons] == ["school_candidates"]


def test_a_later_year_uses_the_latest_published_benchmark(benchmark):
    assert benchmark_for(year=2026) == benchmark
    MedalBenchmark.objects.create(year=2025, national_share=Decimal("16.0"))
    assert benchmark_for(year=2026).year == 2025
    assert benchmark_for(year=2020) == benchmark
