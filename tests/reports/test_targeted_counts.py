"""A targeted measure counts only for its schools in the reminders and the progress workbook."""

from __future__ import annotations

import datetime

import pytest

from reports.digests import digest_for_user
from reports.documents import progress_matrix
from roadmaps.models import TargetKind
from roadmaps.targeted import targeted_measure_save
from schools.models import School
from tests.factories import MeasureFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_to_b(municipality, school_a, school_b):
    roadmap = RoadmapFactory(municipality=municipality)
    measure = MeasureFactory.build(
        roadmap=roadmap,
        number="14",
        title="Методический выезд в школу Б",
        target_kind=TargetKind.METHODICAL_VISIT,
        deadline_end=datetime.date(2024, 3, 1),
    )
    targeted_measure_save(measure=measure, schools=[school_b])
    return measure


def test_only_the_targeted_schools_head_is_reminded(visit_to_b, head_a, head_b):
    day = datetime.date(2024, 3, 5)  # four days overdue
    assert digest_for_user(user=head_b, local_date=day).overdue == 1
    assert digest_for_user(user=head_a, local_date=day).overdue == 0


def test_the_workbook_has_a_cell_for_the_targeted_school_only(visit_to_b, municipality, school_a, school_b):
    matrix = progress_matrix(
        roadmap=visit_to_b.roadmap,
        schools=School.objects.filter(municipality=municipality),
        as_of=datetime.date(2024, 3, 5),
    )
    assert matrix.columns[:2] == [school_a.short_name, school_b.short_name]
    row = next(m for m in matrix.measures if m.number == "14")
    assert row.cells[:2] == ["", "overdue"]
