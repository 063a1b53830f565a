"""The rule of Приложение №3: works shared evenly, never to a member of the work's own school."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.commissions import Checker, DistributionError, WorkSlot, distribute_works


def _check(assignment: dict[int, list[str]], works: list[WorkSlot], checkers: list[Checker]) -> None:
    school_of_work = {w.code: w.school_id for w in works}
    school_of_checker = {c.id: c.school_id for c in checkers}
    given_out = [code for codes in assignment.values() for code in codes]
    assert sorted(given_out) == sorted(school_of_work), "every work goes to exactly one member"
    for checker_id, codes in assignment.items():
        for code in codes:
            assert school_of_work[code] != school_of_checker[checker_id]
    loads = [len(codes) for codes in assignment.values()]
    assert max(loads) - min(loads) <= 1


def _possible_by_brute_force(works: list[WorkSlot], checkers: list[Checker]) -> bool:
    n, m = len(works), len(checkers)
    for choice in itertools.product(range(m), repeat=n):
        if any(works[i].school_id == checkers[c].school_id for i, c in enumerate(choice)):
            continue
        loads = [choice.count(c) for c in range(m)]
        if max(loads) - min(loads) <= 1:
            return True
    return False


schools = st.integers(min_value=1, max_value=4)


@st.composite
def commissions(draw, max_works: int = 40, max_members: int = 8):
    works = [
        WorkSlot(code=f"W{i:03d}", school_id=school)
        for i, school in enumerate(draw(st.lists(schools, max_size=max_works)))
    ]
    member_schools = draw(st.lists(st.one_of(st.none(), schools), min_size=1, max_size=max_members))
    checkers = [Checker(id=i + 1, school_id=school) for i, school in enumerate(member_schools)]
    return works, checkers


@settings(max_examples=300, deadline=None)
@given(commissions())
def test_no_member_gets_a_work_of_their_own_school_and_loads_differ_by_at_most_one(case):
    works, checkers = case
    try:
        assignment = distribute_works(works=works, checkers=checkers)
    except DistributionError as exc:
        assert "Включите в комиссию членов из других школ" in str(exc)
        return
    _check(assignment, works, checkers)


@settings(max_examples=200, deadline=None)
@given(commissions(max_works=6, max_members=4))
def test_it_refuses_exactly_when_no_even_distribution_exists(case):
    works, checkers = case
    possible = _possible_by_brute_force(works, checkers)
    try:
        assignment = distribute_works(works=works, checkers=checkers)
    except DistributionError:
        assert not possible
    else:
        assert possible
        _check(assignment, works, checkers)


def test_the_seed_commission_shares_works_of_three_schools_among_three_members():
    works = [WorkSlot(code=f"R{i:02d}", school_id=1 + i % 3) for i in range(10)]
    checkers = [Checker(id=1, school_id=1), Checker(id=2, school_id=2), Checker(id=3, school_id=3)]
    assignment = distribute_works(works=works, checkers=checkers)
    _check(assignment, works, checkers)
    assert sorted(len(codes) for codes in assignment.values()) == [3, 3, 4]


def test_it_gives_the_same_answer_for_the_same_input():
    works = [WorkSlot(code=f"R{i:02d}", school_id=1 + i % 4) for i in range(17)]
    checkers = [Checker(id=i, school_id=i) for i in range(1, 5)]
    assert distribute_works(works=works, checkers=checkers) == distribute_works(
        works=list(reversed(works)), checkers=checkers
    )


def test_all_members_from_the_only_school_is_refused_in_russian_naming_the_school():
    works = [WorkSlot(code="R01", school_id=7), WorkSlot(code="R02", school_id=7)]
    checkers = [Checker(id=1, school_id=7), Checker(id=2, school_id=7)]
    with pytest.raises(DistributionError, match="из школы «МКОУ «Школа А»»"):
        distribute_works(works=works, checkers=checkers, school_names={7: "МКОУ «Школа А»"})


def test_one_work_that_only_members_of_its_own_school_could_take_is_refused():
    works = [
        WorkSlot(code="R01", school_id=1),
        WorkSlot(code="R02", school_id=2),
        WorkSlot(code="R03", school_id=2),
    ]
    checkers = [Checker(id=1, school_id=1), Checker(id=2, school_id=1)]
    with pytest.raises(DistributionError, match="поровну нельзя"):
        distribute_works(works=works, checkers=checkers)


def test_an_empty_commission_is_refused():
    with pytest.raises(DistributionError, match="нет ни одного члена"):
        distribute_works(works=[WorkSlot(code="R01", school_id=1)], checkers=[])


def test_no_works_gives_every_member_an_empty_list():
    assert distribute_works(works=[], checkers=[Checker(id=5, school_id=1)]) == {5: []}


def test_members_without_a_school_may_check_any_work():
    works = [WorkSlot(code=f"R{i}", school_id=1) for i in range(4)]
    checkers = [Checker(id=1, school_id=None), Checker(id=2, school_id=None)]
    assignment = distribute_works(works=works, checkers=checkers)
    assert [len(codes) for codes in assignment.values()] == [2, 2]
