"""A candidate's check of the degree they are put forward for (``CandidateAssessment.claimed``): the same
verdict as the check of every degree, computed alone when a list's file needs no other."""

from __future__ import annotations

import pytest

from medals.models import Candidate, ExamForm
from medals.risks import CandidateAssessment

from .scores import ege

FIVES = {"Русский язык": 5, "Алгебра": 5, "Физика": 5}
ONE_FOUR = {**FIVES, "Физика": 4}


def _assessment(*, degree: int, finals: dict, scores=(), exam=ExamForm.EGE, gve=(None, None)):
    candidate = Candidate(degree=degree, exam_form=exam, gve_russian=gve[0], gve_math=gve[1])
    return CandidateAssessment(candidate=candidate, finals=finals, scores=list(scores))


CASES = [
    pytest.param(
        1, FIVES, [ege("Русский язык", 80), ege("Физика", 75)], ExamForm.EGE, (None, None), id="gold-ok"
    ),
    pytest.param(1, ONE_FOUR, [ege("Русский язык", 80)], ExamForm.EGE, (None, None), id="gold-with-a-four"),
    pytest.param(2, ONE_FOUR, [ege("Русский язык", 55)], ExamForm.EGE, (None, None), id="silver-low-ege"),
    pytest.param(2, ONE_FOUR, [], ExamForm.EGE, (None, None), id="silver-no-exams-yet"),
    pytest.param(1, FIVES, [], ExamForm.GVE, (5, 5), id="gve-fives"),
    pytest.param(1, FIVES, [], ExamForm.GVE, (5, 4), id="gve-a-four"),
]


@pytest.mark.parametrize(("degree", "finals", "scores", "exam", "gve"), CASES)
def test_the_claimed_check_alone_is_the_one_of_every_degree(degree, finals, scores, exam, gve):
    alone = _assessment(degree=degree, finals=finals, scores=scores, exam=exam, gve=gve)
    every = _assessment(degree=degree, finals=finals, scores=scores, exam=exam, gve=gve)
    of_every = next(check for check in every.eligibility if check.rule.degree == degree)
    assert alone.claimed == of_every
    assert alone.claimed.verdict == of_every.verdict
    assert "eligibility" not in alone.__dict__  # the other degrees were not checked for it


def test_once_every_degree_is_checked_the_claimed_one_is_taken_from_them():
    assessment = _assessment(degree=2, finals=ONE_FOUR, scores=[ege("Русский язык", 70)])
    checks = assessment.eligibility
    assert assessment.claimed is checks[1] and checks[1].rule.degree == 2
