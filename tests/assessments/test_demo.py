"""The demo: seed-000 schedule and commission, ВПР with clear signals, observers with one gap; idempotent."""

from __future__ import annotations

import datetime

from assessments.demo import load_assessments_demo
from assessments.federal_sample import federal_sample_comparison
from assessments.mock_exams import mock_exam_schedule
from assessments.models import (
    Commission,
    EgeResult,
    MockWork,
    ObserverAct,
    ObserverAssignment,
    ObserverConflict,
    Procedure,
    SchoolProcedureDay,
    VprResult,
)
from assessments.objectivity import objectivity_rows
from assessments.observers import procedure_coverage
from schools.models import School, User


def _counts():
    return (
        MockWork.objects.count(),
        VprResult.objects.count(),
        EgeResult.objects.count(),
        ObserverAssignment.objects.count(),
        User.objects.count(),
        School.objects.count(),
    )


def test_the_demo_loads_the_seed_schedule_with_its_warning_and_is_idempotent(municipality):
    load_assessments_demo(municipality=municipality)
    first = _counts()
    load_assessments_demo(municipality=municipality)
    assert _counts() == first

    rows = mock_exam_schedule(municipality=municipality, year=2023)
    assert [(r.subject, r.round, r.starts_at.date(), r.starts_at.hour) for r in rows] == [
        ("Математика", "первый пробный", datetime.date(2024, 1, 16), 10),
        ("Русский язык", "второй пробный", datetime.date(2024, 3, 6), 10),
        ("Математика", "второй пробный", datetime.date(2024, 3, 12), 10),
        ("Русский язык", "первый пробный", datetime.date(2024, 12, 20), 11),
    ]
    assert len({r.venue for r in rows}) == 1
    assert [r.warning is not None for r in rows] == [False, False, False, True]
    assert all(r.participants == 20 and len(r.commission) == 3 for r in rows)


def test_demo_commission_members_never_check_their_own_schools_works(municipality):
    load_assessments_demo(municipality=municipality)
    works = MockWork.objects.select_related("checker", "pupil")
    assert works.filter(checker__isnull=False).count() == works.count() > 0
    assert all(w.checker.school_id != w.pupil.school_id for w in works)
    for commission in Commission.objects.all():
        schools = [m.school_id for m in commission.members.all()]
        assert len(set(schools)) == 3 and all(
            m.role == User.Role.COMMISSION_MEMBER for m in commission.members.all()
        )


def test_demo_vpr_has_a_school_that_raised_marks_and_observers_leave_one_gap(municipality):
    load_assessments_demo(municipality=municipality)
    rows = objectivity_rows(municipality=municipality, year=2024)
    assert {r.subject.name for r in rows} == {"Русский язык", "Математика"} and {r.grade for r in rows} == {
        5,
        7,
    }
    flagged = {flag.rule for row in rows for flag in row.flags}
    assert {"raised", "lowered", "boundary_peaks"} <= flagged
    procedure = Procedure.objects.get(window_start=None)
    gaps = [c for c in procedure_coverage(procedures=[procedure], schools=School.objects.all()) if c.is_gap]
    assert len(gaps) == 1


def test_demo_vpr_as_held_now_has_school_dates_acts_flags_and_the_federal_sample(municipality):
    load_assessments_demo(municipality=municipality)
    procedure = Procedure.objects.get(window_start__isnull=False)
    assert procedure.federal_sample.count() == 2
    assert SchoolProcedureDay.objects.filter(procedure=procedure).count() == 6
    assert ObserverAct.objects.filter(assignment__procedure=procedure).count() == 5
    assert ObserverAssignment.objects.filter(procedure=procedure, violations=True).count() == 2
    assert ObserverConflict.objects.exists()
    comparison = federal_sample_comparison(procedure)
    assert comparison.sample.participants and comparison.rest.participants
