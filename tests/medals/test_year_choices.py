"""The graduation years a candidates' filter offers: read once when the filter is shown or checked, never
by a worker building the list's file with no year chosen (medals.filters)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.list_exports import build_list_export

pytestmark = pytest.mark.django_db


def _year_queries(context) -> int:
    return sum(
        "DISTINCT" in q["sql"] and "graduation_year" in q["sql"].split("FROM", 1)[0]
        for q in context.captured_queries
    )


@pytest.mark.parametrize("query", [{}, {"graduation_year": "2024"}, {"graduation_year": "1900"}])
def test_the_page_reads_the_years_once_whether_one_is_chosen_or_not(
    client, department_head, candidate_a, query
):
    client.force_login(department_head)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("medals:candidate_list"), query)
    assert response.status_code == 200
    assert _year_queries(context) == 1
    assert '<option value="2024"' in response.content.decode()


def test_a_chosen_year_not_in_the_list_is_refused_as_before(client, department_head, candidate_a):
    client.force_login(department_head)
    content = client.get(reverse("medals:candidate_list"), {"graduation_year": "1900"}).content.decode()
    assert "Арсланова" in content  # an invalid filter keeps the whole list, as django-filter does
    assert "Выберите корректный вариант" in content


def test_the_worker_building_the_file_reads_no_years(department_head, candidate_a):
    params = {"path": reverse("medals:candidate_list"), "query": ""}
    with CaptureQueriesContext(connection) as context:
        built = build_list_export(params, department_head, lambda percent: None)
    assert built.content.startswith(b"PK")
    assert _year_queries(context) == 0
    with CaptureQueriesContext(connection) as context:
        build_list_export({**params, "query": "graduation_year=2024"}, department_head, lambda percent: None)
    assert _year_queries(context) == 1
