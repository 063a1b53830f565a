"""The dashboard and the school list give school_summaries a page of a queryset: it is read as a subquery
(not once for the schools' numbers and again with their counts), and it counts the schools of that page,
in name order, exactly as it counts the same schools given as a list."""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator

from roadmaps.progress import progress_sync_for_measure, school_summaries
from schools.models import School
from tests.factories import MeasureFactory, SchoolFactory

TODAY = datetime.date(2024, 3, 1)


@pytest.mark.parametrize("page_number", [1, 2, 3])
def test_a_page_of_schools_is_counted_in_one_query_as_its_list_is(
    roadmap, django_assert_num_queries, page_number
):
    for n in range(7):
        SchoolFactory(municipality=roadmap.municipality, short_name=f"Школа {7 - n}")
    for n in range(3):
        progress_sync_for_measure(
            measure=MeasureFactory(roadmap=roadmap, deadline_end=TODAY.replace(day=n + 1))
        )
    page = Paginator(School.objects.order_by("short_name"), 3).get_page(page_number)
    with django_assert_num_queries(1):
        summaries = school_summaries(page.object_list, TODAY)
    as_list = school_summaries(list(page.object_list), TODAY)
    assert summaries == as_list
    assert [s.school.short_name for s in summaries] == [s.short_name for s in page.object_list]
    assert all(s.total == 3 for s in summaries)
