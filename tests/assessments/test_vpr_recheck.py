"""Municipal re-check of ВПР works: the sample, the distribution, the scores and the shares, by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.aggregates import refresh_aggregates
from assessments.commissions import Checker, DistributionError, WorkSlot, distribute_works
from assessments.models import OfficialFlag, VprGradingScale, VprRecheck, VprRecheckWork
from assessments.vpr_recheck import (
    RecheckError,
    flagged_school_ids,
    parse_task_scores,
    recheck_distribute,
    recheck_flags,
    recheck_select,
    recheck_summary,
    recheck_work_score,
    recheck_works_for_checker,
    sample_results,
    sample_size,
)
from schools.models import User

from ..factories import SchoolFactory, UserFactory
from .factories import VprResultFactory, VprTestFactory

# --- the sample and the distribution: properties -----------------------------------------------------


@pytest.mark.parametrize(
    ("total", "percent", "size"),
    [(7, 10, 1), (10, 10, 1), (11, 10, 2), (20, 25, 5), (21, 25, 6), (3, 100, 3), (0, 50, 0), (1, 1, 1)],
)
def test_the_sample_of_a_school_is_its_share_rounded_up(total, percent, size):
    assert sample_size(total, percent) == size


@pytest.mark.parametrize("percent", [0, 101, -5])
def test_a_share_outside_1_to_100_is_refused_in_russian(percent):
    with pytest.raises(RecheckError, match="от 1 до 100"):
        sample_size(10, percent)


@st.composite
def recheck_cases(draw):
    """Schools 1..5 with up to 15 works each (work ids unique), a share, a seed, and members of schools
    1..5 or of none."""
    counts = draw(st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=5))
    works, next_id = {}, 1
    for school_id, count in enumerate(counts, start=1):
        works[school_id] = list(range(next_id, next_id + count))
        next_id += count
    percent = draw(st.integers(min_value=1, max_value=100))
    seed = draw(st.integers(min_value=0, max_value=999_999))
    members = draw(
        st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), min_size=1, max_size=7)
    )
    return works, percent, seed, [Checker(id=i + 1, school_id=s) for i, s in enumerate(members)]


@settings(max_examples=300, deadline=None)
@given(recheck_cases())
def test_the_sample_is_reproducible_of_the_right_size_and_shared_out_fairly(case):
    works, percent, seed, members = case
    sample = sample_results(works, percent=percent, seed=seed)
    # Reproducible with its seed, whatever the order the schools come in.
    assert sample == sample_results(dict(reversed(list(works.items()))), percent=percent, seed=seed)
    for school_id, ids in works.items():
        chosen = sample[school_id]
        assert len(chosen) == sample_size(len(ids), percent) == -(-len(ids) * percent // 100)
        assert len(set(chosen)) == len(chosen) and set(chosen) <= set(ids)
        # One school's draw does not depend on the other schools' works.
        assert sample_results({school_id: ids}, percent=percent, seed=seed)[school_id] == chosen
    slots = [WorkSlot(code=f"W{pk:04d}", school_id=s) for s, ids in sample.items() for pk in ids]
    try:
        assignment = distribute_works(works=slots, checkers=members)
    except DistributionError as exc:
        assert "Включите в комиссию членов из других школ" in str(exc)
        # Only members of the works' own schools can make it impossible; members of no school take any work.
        assert any(c.school_id is not None for c in members)
        return
    school_of = {w.code: w.school_id for w in slots}
    member_school = {c.id: c.school_id for c in members}
    assert sorted(code for codes in assignment.values() for code in codes) == sorted(school_of)
    for member_id, codes in assignment.items():
        assert all(school_of[code] != member_school[member_id] for code in codes), "never own school"
    loads = [len(codes) for codes in assignment.values()]
    assert max(loads) - min(loads) <= 1


def test_another_seed_draws_other_works():
    works = {1: list(range(1, 101))}
    assert sample_results(works, percent=10, seed=1) != sample_results(works, percent=10, seed=2)


# --- with the database ------------------------------------------------------------------------------


@pytest.fixture
def test_vpr(municipality):
    test = VprTestFactory(municipality=municipality, year=2024)
    VprGradingScale.objects.create(
        municipality=municipality, subject=test.subject, grade=5, year=2024, min_3=4, min_4=6, min_5=8
    )
    return test


def _results(test, school, marks, journal=None):
    return [
        VprResultFactory(
            test=test,
            school=school,
            participant_code=f"{school.code}-{i}",
            primary_score={2: 2, 3: 5, 4: 7, 5: 9}[mark],
            mark=mark,
            journal_mark=mark if journal is None else journal,
        )
        for i, mark in enumerate(marks)
    ]


def _member(municipality, school, name):
    return UserFactory(
        username=name, role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school
    )


def test_flagged_mode_takes_every_work_of_the_schools_on_the_official_list(
    municipality, school_a, school_b, test_vpr, coordinator
):
    _results(test_vpr, school_a, [3, 4, 4])
    _results(test_vpr, school_b, [3, 3])
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_a)
    assert flagged_school_ids(test_vpr) == {school_a.pk: ["в официальном списке"]}
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.FLAGGED, user=coordinator)
    assert recheck.works.count() == 3
    assert set(recheck.works.values_list("school", flat=True)) == {school_a.pk}
    assert sorted(recheck.works.values_list("original_mark", flat=True)) == [3, 4, 4]
    assert list(recheck.schools.all()) == [school_a]


def test_flagged_mode_takes_a_school_flagged_by_the_analysis(municipality, school_a, school_b, test_vpr):
    # School B raised every mark above its journal: 6 of 6 «повысили» (threshold 15%, from 5 participants).
    _results(test_vpr, school_a, [3, 4, 4, 3, 3, 4])
    _results(test_vpr, school_b, [5, 5, 5, 5, 5, 5], journal=3)
    assert list(flagged_school_ids(test_vpr)) == [school_b.pk]
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.FLAGGED, user=None)
    assert set(recheck.works.values_list("school", flat=True)) == {school_b.pk}


def test_an_official_entry_for_another_subject_does_not_flag_this_one(municipality, school_a, test_vpr):
    _results(test_vpr, school_a, [3, 4])
    OfficialFlag.objects.create(
        municipality=municipality, year=2024, school=school_a, subjects=["Математика, 5 класс"]
    )
    assert flagged_school_ids(test_vpr) == {}
    with pytest.raises(RecheckError, match="нет школ с признаками необъективности"):
        recheck_select(test=test_vpr, mode=VprRecheck.Mode.FLAGGED, user=None)
    assert not VprRecheck.objects.exists()


def test_the_sample_mode_stores_its_seed_and_draws_the_same_works_again(school_a, school_b, test_vpr):
    _results(test_vpr, school_a, [3] * 20)
    _results(test_vpr, school_b, [4] * 9)
    first = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=25, user=None)
    chosen = set(first.works.values_list("result", flat=True))
    assert (
        first.works.filter(school=school_a).count() == 5 and first.works.filter(school=school_b).count() == 3
    )
    again = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=25, seed=first.seed, user=None)
    assert again.pk == first.pk and set(again.works.values_list("result", flat=True)) == chosen


def test_the_choice_cannot_change_once_scores_are_entered(school_a, test_vpr):
    _results(test_vpr, school_a, [3, 3])
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=1, user=None)
    recheck.works.update(primary_score=5, mark=3)
    with pytest.raises(RecheckError, match="уже внесены в 2 работ"):
        recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=50, seed=1, user=None)
    assert recheck.works.count() == 2


def test_the_works_go_to_members_of_other_schools_evenly(municipality, school_a, school_b, test_vpr):
    school_c = SchoolFactory(municipality=municipality)
    _results(test_vpr, school_a, [3] * 4)
    _results(test_vpr, school_b, [3] * 3)
    members = [_member(municipality, school_a, "m_a"), _member(municipality, school_c, "m_c")]
    recheck = recheck_select(
        test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=3, user=None, members=members
    )
    loads = recheck_distribute(recheck=recheck)
    assert sorted(loads.values()) == [3, 4]
    # The member from A gets B's three works; the member from C the four of A.
    assert set(VprRecheckWork.objects.filter(checker=members[0]).values_list("school", flat=True)) == {
        school_b.pk
    }
    assert VprRecheckWork.objects.filter(checker=members[1]).count() == 4
    assert recheck_works_for_checker(members[0]).count() == 3
    recheck.refresh_from_db()
    assert recheck.distributed_at is not None


def test_the_only_member_from_the_only_school_is_refused_in_russian(municipality, school_a, test_vpr):
    _results(test_vpr, school_a, [3, 4])
    member = _member(municipality, school_a, "m_only")
    recheck = recheck_select(
        test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=3, user=None, members=[member]
    )
    with pytest.raises(
        DistributionError, match=r"«МКОУ «Школа А»».*Включите в комиссию членов из других школ"
    ):
        recheck_distribute(recheck=recheck)
    assert not recheck.works.filter(checker__isnull=False).exists()


def test_no_members_is_refused(school_a, test_vpr):
    _results(test_vpr, school_a, [3])
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=3, user=None)
    with pytest.raises(DistributionError, match="нет ни одного члена"):
        recheck_distribute(recheck=recheck)


# --- scores ------------------------------------------------------------------------------------------


def test_task_scores_give_the_primary_score_and_the_mark_from_the_scale(
    municipality, school_a, test_vpr, member
):
    _results(test_vpr, school_a, [4])
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=1, user=None)
    work = recheck.works.get()
    # Tasks of max 4, 3, 3; scale «3» from 4, «4» from 6, «5» from 8: 3 + X + 2 = 5 → «3».
    recheck_work_score(work=work, user=member, values=["3", "x", " 2 "])
    work.refresh_from_db()
    assert (work.task_scores, work.primary_score, work.mark) == ([3, None, 2], 5, 3)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["5", "1", "1"], "Задание 1: балл 5 больше максимального (4)."),
        (["1", "abc", "1"], "Задание 2: «abc» — не целое число."),
        (["1", "1", "-1"], "Задание 3: балл не может быть меньше 0."),
        (["1", "", "1"], "Задание 2: укажите балл"),
        (["1", "2,5", "1"], "Задание 2: «2,5» — не целое число."),
        (["1", "1"], "Нужно 3 баллов"),
    ],
)
def test_bad_scores_are_refused_in_russian_and_nothing_is_saved(school_a, test_vpr, member, values, message):
    _results(test_vpr, school_a, [4])
    recheck = recheck_select(test=test_vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=1, user=None)
    work = recheck.works.get()
    with pytest.raises(RecheckError) as raised:
        recheck_work_score(work=work, user=member, values=values)
    assert message in str(raised.value)
    work.refresh_from_db()
    assert (work.task_scores, work.primary_score, work.mark, work.scored_by) == (None, None, None, None)


def test_every_wrong_task_is_named_at_once(test_vpr):
    with pytest.raises(RecheckError) as raised:
        parse_task_scores(test_vpr, ["9", "q", "1"])
    assert "Задание 1" in str(raised.value) and "Задание 2" in str(raised.value)


def test_without_a_stored_scale_the_mark_follows_the_loaded_works(municipality, school_a, member):
    test = VprTestFactory(municipality=municipality, year=2024)
    _results(test, school_a, [2, 3, 4, 5])  # scores 2, 5, 7, 9 → «3» from 5, «4» from 7, «5» from 9
    recheck = recheck_select(test=test, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=1, user=None)
    work = recheck.works.order_by("original_mark").first()
    recheck_work_score(work=work, user=member, values=["4", "3", "1"])
    work.refresh_from_db()
    assert (work.primary_score, work.mark) == (8, 4)


# --- the shares -------------------------------------------------------------------------------------


def _recheck_with_marks(test, school_a, school_b):
    """School A: 5 works chosen, 4 re-checked: «4»→«3», «4»→«4», «3»→«3», «5»→«4», one not yet.
    School B: 2 works: «3»→«4», «3»→«3»."""
    _results(test, school_a, [4, 4, 3, 5, 3])
    _results(test, school_b, [3, 3])
    recheck = recheck_select(test=test, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=1, user=None)
    new_marks = {
        school_a.pk: [3, 4, 3, 4, None],
        school_b.pk: [4, 3],
    }
    for school_id, marks in new_marks.items():
        works = recheck.works.filter(school=school_id).order_by("result__participant_code")
        for work, mark in zip(works, marks, strict=True):
            if mark is not None:
                work.mark, work.primary_score = mark, 5
                work.save()
    return recheck


def test_shares_per_school_and_for_the_municipality_computed_by_hand(
    municipality, school_a, school_b, test_vpr
):
    _recheck_with_marks(test_vpr, school_a, school_b)
    summary = recheck_summary(municipality=municipality, year=2024)
    assert summary["works_selected"] == 7
    assert summary["works_rechecked"] == 6
    assert (summary["lowered"], summary["raised"], summary["unchanged"]) == (2, 1, 3)
    assert summary["objective_after_recheck_share"] == pytest.approx(3 / 6)
    assert summary["lowered_share"] == pytest.approx(2 / 6)
    assert summary["schools_lowered"] == [school_a.pk]
    a = summary["per_school"][school_a.pk]
    assert a["school"] == "МКОУ «Школа А»" and a["works_selected"] == 5 and a["works_rechecked"] == 4
    assert (a["lowered"], a["raised"], a["unchanged"]) == (2, 0, 2)
    assert (a["lowered_share"], a["raised_share"], a["objective_share"]) == (0.5, 0.0, 0.5)
    b = summary["per_school"][school_b.pk]
    assert (b["lowered_share"], b["raised_share"], b["objective_share"]) == (0.0, 0.5, 0.5)


def test_a_year_without_rechecks_has_no_share(municipality):
    summary = recheck_summary(municipality=municipality, year=2024)
    assert summary["works_rechecked"] == 0 and summary["objective_after_recheck_share"] is None
    assert summary["per_school"] == {}


def test_a_recheck_that_lowered_marks_becomes_a_flag(municipality, school_a, school_b, test_vpr):
    _recheck_with_marks(test_vpr, school_a, school_b)
    flags = recheck_flags(municipality=municipality, year=2024, schools=[school_a, school_b])
    assert [(f.school, f.lowered, f.rechecked) for f in flags] == [(school_a, 2, 4)]
    assert flags[0].text == "Русский язык, 5 класс: перепроверка понизила отметку в 2 из 4 работ (50,0%)"
    assert recheck_flags(municipality=municipality, year=2024, schools=[school_b]) == []
    assert recheck_flags(municipality=municipality, year=2025, schools=[school_a]) == []


def test_a_new_upload_of_the_results_keeps_what_the_recheck_found(municipality, school_a, school_b, test_vpr):
    _recheck_with_marks(test_vpr, school_a, school_b)
    before = recheck_summary(municipality=municipality, year=2024)
    test_vpr.results.filter(school=school_a).delete()  # what a re-upload of school A's protocol does,
    refresh_aggregates(tests=[test_vpr], school_ids=[school_a.pk])  # its lines recounted too
    assert VprRecheckWork.objects.filter(school=school_a, result__isnull=True).count() == 5
    assert recheck_summary(municipality=municipality, year=2024) == before


@pytest.mark.parametrize(
    ("entries", "listed"),
    [
        ([], True),
        (["Русский язык, 5 класс"], True),
        (["русский язык"], True),
        (["Математика, 5 класс", "Русский язык, 5 класс"], True),
        (["Русский язык, 15 класс"], False),
        (["Русский язык, 6 класс"], False),
        (["Математика"], False),
    ],
)
def test_an_official_entry_counts_for_its_subject_and_grade(
    municipality, school_a, test_vpr, entries, listed
):
    _results(test_vpr, school_a, [3])
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_a, subjects=entries)
    assert (school_a.pk in flagged_school_ids(test_vpr)) is listed
