"""``school_q(..., model=...)``: where no row can lack a school, «or the school is empty» is left out of the
filter (schools.access): the rows are the same, and PostgreSQL reaches them by their school."""

from __future__ import annotations

import pytest

from assessments.models import EgeResult, MockWork, OgeResult, VprResult
from medals.models import Candidate, Recheck, Upload
from roadmaps.models import Progress
from schools.access import _may_be_empty, school_q

from ..assessments.factories import VprResultFactory, VprTestFactory
from ..factories import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_which_paths_can_lead_to_no_school():
    assert _may_be_empty(Progress, "school")  # a department's own row
    assert _may_be_empty(Candidate, "previous_school")
    for model, path in (
        (VprResult, "school"),
        (OgeResult, "school"),
        (EgeResult, "pupil__school"),
        (MockWork, "pupil__school"),
        (Candidate, "school"),
        (Upload, "school"),
        (Recheck, "candidate__school"),
    ):
        assert not _may_be_empty(model, path), (model, path)


@pytest.fixture
def results(municipality, school_a, school_b):
    other = SchoolFactory(municipality=MunicipalityFactory(name="Другой район"), short_name="Чужая школа")
    test = VprTestFactory(municipality=municipality)
    for school in (school_a, school_b, other):
        VprResultFactory(test=test, school=school)
    return test


def test_the_rows_are_the_same_and_the_empty_school_is_not_asked_for(
    results, department_head, coordinator, methodist_a, head_a
):
    for user in (department_head, coordinator, methodist_a, head_a):
        pruned = VprResult.objects.filter(school_q(user, model=VprResult))
        assert set(pruned) == set(VprResult.objects.filter(school_q(user))), user.username
        assert '"school_id" IS NULL' not in str(pruned.query), user.username
    seen = VprResult.objects.filter(school_q(department_head, model=VprResult))
    assert {r.school.short_name for r in seen} == {"МКОУ «Школа А»", "МКОУ «Школа Б»"}


def test_a_department_row_is_still_the_department_staffs(department_head, head_a, progress_a, measure):
    own = Progress.objects.create(measure=measure, school=None)
    assert own in Progress.objects.filter(school_q(department_head, model=Progress))
    assert own not in Progress.objects.filter(school_q(head_a, model=Progress))
