"""The plan rows of an Excel file share their measure, plan, school and author (roadmaps.lists)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmaps.lists import progress_for_export
from roadmaps.models import Progress
from tests.factories import MeasureFactory, ProgressFactory, RoadmapFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _plan(measures: int, schools: int):
    roadmap = RoadmapFactory()
    author = UserFactory(municipality=roadmap.municipality)
    school_list = [SchoolFactory(municipality=roadmap.municipality) for _ in range(schools)]
    for _ in range(measures):
        measure = MeasureFactory(roadmap=roadmap)
        for school in school_list:
            ProgressFactory(measure=measure, school=school, updated_by=author)
    return roadmap


def test_rows_of_one_measure_share_it_and_its_plan() -> None:
    _plan(measures=3, schools=4)
    rows = list(progress_for_export(Progress.objects.order_by("measure__order", "school__short_name")))
    assert len(rows) == 12
    by_measure: dict[int, list[Progress]] = {}
    for row in rows:
        by_measure.setdefault(row.measure_id, []).append(row)
    for same in by_measure.values():
        assert all(row.measure is same[0].measure for row in same)
        assert all(row.measure.roadmap is same[0].measure.roadmap for row in same)
    assert len({id(row.school) for row in rows}) == 4
    assert len({id(row.updated_by) for row in rows}) == 1


def test_the_queries_do_not_grow_with_the_rows() -> None:
    _plan(measures=2, schools=2)
    with CaptureQueriesContext(connection) as small:
        small_rows = list(progress_for_export(Progress.objects.order_by("pk")))
    _plan(measures=6, schools=5)
    with CaptureQueriesContext(connection) as large:
        large_rows = [
            (r.measure.number, r.measure.roadmap.status, r.school.short_name, r.updated_by.short_name)
            for r in progress_for_export(Progress.objects.order_by("pk"))
        ]
    assert (len(small_rows), len(large_rows)) == (4, 34)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_chunks_read_the_shared_rows_again_and_keep_the_order() -> None:
    _plan(measures=3, schools=3)
    ordered = list(Progress.objects.order_by("-pk").values_list("pk", flat=True))
    rows = list(progress_for_export(Progress.objects.order_by("-pk"), chunk_size=4))
    assert [row.pk for row in rows] == ordered
    assert all(row.measure.roadmap.title for row in rows)
