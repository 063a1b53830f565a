"""ВПР as held since 2025: per-school dates in the federal window, observers booked per school and date
(never twice on one day, never at their own school nor a school of a conflict of interest), the act and
its flag, the federal sample against the rest (numbers computed by hand)."""

import datetime

import pytest

from assessments.federal_sample import federal_sample_comparison, group_stats
from assessments.models import ObserverConflict
from assessments.observer_acts import ActError, act_record, act_view
from assessments.observers import AssignmentError, observer_assign
from assessments.vpr_dates import DateError, school_day_add, school_day_remove, school_days
from tests.factories import SchoolFactory

from .factories import ObserverFactory, ProcedureFactory, VprResultFactory, VprTestFactory

D = datetime.date


@pytest.fixture
def vpr(municipality, school_a, school_b):
    return ProcedureFactory(
        municipality=municipality,
        held_on=D(2025, 4, 1),
        window_start=D(2025, 4, 1),
        window_end=D(2025, 5, 16),
        schools=[school_a, school_b],
    )


@pytest.fixture
def observer(municipality):
    return ObserverFactory(municipality=municipality)


@pytest.mark.parametrize("day", [D(2025, 4, 1), D(2025, 5, 16), D(2025, 4, 22)])
def test_a_school_date_inside_the_window_is_kept(vpr, school_a, day):
    school_day_add(procedure=vpr, school=school_a, day=day, user=None)
    assert school_days(procedure=vpr, school=school_a) == [day]


@pytest.mark.parametrize("day", [D(2025, 3, 31), D(2025, 5, 17)])
def test_a_date_outside_the_window_is_refused_in_russian(vpr, school_a, day):
    with pytest.raises(DateError, match=r"вне федерального периода .* с 01\.04\.2025 по 16\.05\.2025"):
        school_day_add(procedure=vpr, school=school_a, day=day, user=None)
    assert school_days(procedure=vpr, school=school_a) == []


def test_a_school_not_in_the_procedure_and_a_one_day_procedure_take_no_dates(vpr, municipality, school_a):
    with pytest.raises(DateError, match="не участвует"):
        school_day_add(
            procedure=vpr, school=SchoolFactory(municipality=municipality), day=D(2025, 4, 2), user=None
        )
    one_day = ProcedureFactory(municipality=municipality, schools=[school_a])
    with pytest.raises(DateError, match="одна дата для всех школ"):
        school_day_add(procedure=one_day, school=school_a, day=D(2024, 4, 16), user=None)
    assert school_days(procedure=one_day, school=school_a) == [D(2024, 4, 16)]


def test_the_same_date_twice_is_refused(vpr, school_a):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    with pytest.raises(DateError, match="уже есть"):
        school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)


def test_an_observer_is_booked_on_the_schools_own_date(vpr, school_a, observer):
    with pytest.raises(AssignmentError, match="ещё не выбрала дату"):
        observer_assign(procedure=vpr, school=school_a, observer=observer)
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    with pytest.raises(AssignmentError, match="не проводит"):
        observer_assign(procedure=vpr, school=school_a, observer=observer, held_on=D(2025, 4, 9))
    booking = observer_assign(procedure=vpr, school=school_a, observer=observer)
    assert booking.held_on == D(2025, 4, 8)
    with pytest.raises(DateError, match="уже назначен наблюдатель"):
        school_day_remove(procedure=vpr, school=school_a, day=D(2025, 4, 8))


def test_never_twice_on_one_day_but_another_day_is_free(vpr, school_a, school_b, observer):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    school_day_add(procedure=vpr, school=school_b, day=D(2025, 4, 8), user=None)
    school_day_add(procedure=vpr, school=school_b, day=D(2025, 4, 9), user=None)
    observer_assign(procedure=vpr, school=school_a, observer=observer)
    with pytest.raises(AssignmentError, match=r"08\.04\.2025 уже назначен в МКОУ «Школа А»"):
        observer_assign(procedure=vpr, school=school_b, observer=observer, held_on=D(2025, 4, 8))
    with pytest.raises(AssignmentError, match="несколько дат"):
        observer_assign(procedure=vpr, school=school_b, observer=observer)


def test_the_busy_check_sees_a_one_day_procedure_on_the_same_day(
    vpr, municipality, school_a, school_b, observer
):
    other = ProcedureFactory(municipality=municipality, held_on=D(2025, 4, 8), schools=[school_b])
    observer_assign(procedure=other, school=school_b, observer=observer)
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    with pytest.raises(AssignmentError, match="уже назначен"):
        observer_assign(procedure=vpr, school=school_a, observer=observer)


def test_never_at_their_own_school(vpr, school_a, municipality):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    teacher = ObserverFactory(municipality=municipality, school=school_a)
    with pytest.raises(AssignmentError, match="в своей школе наблюдать нельзя"):
        observer_assign(procedure=vpr, school=school_a, observer=teacher)


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (ObserverConflict.Reason.CHILD, "учится ребёнок"),
        (ObserverConflict.Reason.RELATIVE, "работает родственник"),
    ],
)
def test_never_at_a_school_of_a_conflict_of_interest(vpr, school_a, school_b, observer, reason, text):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    school_day_add(procedure=vpr, school=school_b, day=D(2025, 4, 8), user=None)
    ObserverConflict.objects.create(observer=observer, school=school_a, reason=reason)
    with pytest.raises(AssignmentError, match=f"конфликт интересов в МКОУ «Школа А» \\({text}"):
        observer_assign(procedure=vpr, school=school_a, observer=observer)
    assert observer_assign(procedure=vpr, school=school_b, observer=observer)


@pytest.fixture
def booking(vpr, school_a, observer):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 8), user=None)
    return observer_assign(procedure=vpr, school=school_a, observer=observer)


def test_an_act_without_violations_does_not_flag_the_school(booking, coordinator):
    act_record(
        assignment=booking, stages=["conduct", "checking"], violations=[], remarks="", user=coordinator
    )
    booking.refresh_from_db()
    assert booking.violations is False and booking.reported_at is not None
    assert not act_view(booking).flagged


def test_a_marked_violation_flags_the_school(booking, coordinator):
    act_record(
        assignment=booking,
        stages=["conduct"],
        violations=["conduct_phones"],
        remarks="Двое участников с телефонами, 5А.",
        user=coordinator,
    )
    booking.refresh_from_db()
    assert booking.violations is True
    view = act_view(booking)
    assert view.flagged
    conduct = next(stage for stage in view.stages if stage[0] == "проведение")
    assert conduct[1] is True
    assert [v.code for v, marked in conduct[2] if marked] == ["conduct_phones"]


@pytest.mark.parametrize(
    ("stages", "violations", "remarks", "message"),
    [
        ([], [], "", "хотя бы один этап"),
        (["conduct"], ["conduct_phones"], "  ", "опишите их в замечаниях"),
        (["conduct"], ["checking_criteria"], "есть", "при котором наблюдатель не присутствовал"),
        (["nonsense"], [], "", "Неизвестные пункты акта"),
        (["conduct"], ["<script>"], "x", "Неизвестные пункты акта"),
    ],
)
def test_a_bad_act_is_refused_and_nothing_is_saved(
    booking, coordinator, stages, violations, remarks, message
):
    with pytest.raises(ActError, match=message):
        act_record(
            assignment=booking, stages=stages, violations=violations, remarks=remarks, user=coordinator
        )
    booking.refresh_from_db()
    assert booking.violations is None and not hasattr(booking, "act_cache") and act_view(booking).act is None


def test_group_stats_by_hand():
    # Marks 5, 4, 3, 2 with journal marks 5, 5, 3, None: mean 3.5; «4»/«5» 2 of 4; «2» 1 of 4;
    # of three with a journal mark: lowered 1 (4<5), confirmed 2, raised 0.
    stats = group_stats([(1, 5, 5), (1, 4, 5), (2, 3, 3), (2, 2, None)])
    assert stats.schools == 2 and stats.participants == 4
    assert stats.mean_mark == 3.5 and stats.share_45 == 0.5 and stats.share_2 == 0.25
    assert (
        stats.lowered == pytest.approx(1 / 3)
        and stats.confirmed == pytest.approx(2 / 3)
        and stats.raised == 0
    )
    assert group_stats([]).mean_mark is None


def test_the_federal_sample_against_the_rest_by_hand(vpr, municipality, school_a, school_b):
    vpr.federal_sample.set([school_a])
    test = VprTestFactory(municipality=municipality, year=2025, subject=vpr.subject, grade=vpr.grade)
    for mark, journal in ((3, 4), (4, 4), (3, 3), (2, 3)):  # sample: mean 3.0, «4»/«5» 25 %, lowered 50 %
        VprResultFactory(test=test, school=school_a, mark=mark, journal_mark=journal)
    for mark, journal in (
        (5, 4),
        (5, 5),
        (4, 4),
        (4, 3),
        (5, 5),
    ):  # rest: mean 4.6, «4»/«5» 100 %, raised 40 %
        VprResultFactory(test=test, school=school_b, mark=mark, journal_mark=journal)
    other_grade = VprTestFactory(
        municipality=municipality, year=2025, subject=vpr.subject, grade=vpr.grade + 1
    )
    VprResultFactory(test=other_grade, school=school_b, mark=2, journal_mark=5)  # not this procedure's
    found = federal_sample_comparison(vpr)
    assert (found.sample.participants, found.rest.participants, found.tests) == (4, 5, 1)
    assert found.sample.mean_mark == 3.0 and found.rest.mean_mark == 4.6
    assert found.sample.share_45 == 0.25 and found.rest.share_45 == 1.0
    assert found.sample.lowered == 0.5 and found.rest.raised == 0.4
    assert found.mean_gap == pytest.approx(1.6)
