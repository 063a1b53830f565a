"""The number of SQL queries a key page makes does not grow with the data behind it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmaps.models import Evidence, Progress, ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from schools.models import User

from .factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def build(n_schools: int, n_measures: int) -> dict:
    municipality = MunicipalityFactory(name=f"Район на {n_schools} школ")
    schools = [SchoolFactory(municipality=municipality) for _ in range(n_schools)]
    roadmap = RoadmapFactory(municipality=municipality)
    measures = []
    for index in range(n_measures):
        measure = MeasureFactory(
            roadmap=roadmap, number=str(index + 1), deadline_end=date(2024, 1 + index % 12, 10)
        )
        progress_sync_for_measure(measure=measure)
        measures.append(measure)
    statuses = list(ProgressStatus.values)
    rows = list(Progress.objects.filter(measure__roadmap=roadmap))
    for index, row in enumerate(rows):
        row.status = statuses[index % len(statuses)]
    Progress.objects.bulk_update(rows, ["status"])
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    for row in rows[:: max(1, len(rows) // 5)]:
        Evidence.objects.create(
            progress=row, file="evidence/x.pdf", original_name="x.pdf", size=1, content_type="application/pdf"
        )
    return {
        "head": head,
        "roadmap": roadmap,
        "measure": measures[0],
        "school": schools[0],
        "progress": rows[0],
    }


PAGES: dict[str, Callable[[dict], str]] = {
    "dashboard": lambda d: reverse("dashboard"),
    "roadmap list": lambda d: reverse("roadmaps:roadmap_list"),
    "roadmap detail": lambda d: reverse("roadmaps:roadmap_detail", args=[d["roadmap"].pk]),
    "measure list filtered": lambda d: reverse("roadmaps:measure_list") + "?overdue=on",
    "measure list by school": lambda d: reverse("roadmaps:measure_list") + f"?school={d['school'].pk}",
    "measure detail": lambda d: reverse("roadmaps:measure_detail", args=[d["measure"].pk]),
    "progress detail": lambda d: reverse("roadmaps:progress_detail", args=[d["progress"].pk]),
    "school list": lambda d: reverse("schools:school_list"),
    "school detail": lambda d: reverse("schools:school_detail", args=[d["school"].pk]),
}


def queries(client, data: dict, page: str) -> int:
    client.force_login(data["head"])
    url = PAGES[page](data)
    client.get(url)  # warm caches that are per process, not per request (content types, sessions)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_schools_and_measures(client, page):
    small = build(n_schools=3, n_measures=3)
    large = build(n_schools=15, n_measures=12)
    assert queries(client, large, page) == queries(client, small, page)
