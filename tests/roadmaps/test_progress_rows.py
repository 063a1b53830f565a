"""The rows of the plan's lists, written in Python (roadmap_tags.progress_rows): what each cell says for a
school head and for the department, escaped, and read from the few columns the page asks for."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmaps.models import Progress, ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from schools.models import User
from tests.factories import MeasureFactory, UserFactory

TODAY = date(2024, 3, 15)


@pytest.fixture
def rows(roadmap, school_a, school_b):
    """Two measures for both schools: one overdue, titled with markup; one with no date, done by school A."""
    overdue = MeasureFactory(
        roadmap=roadmap,
        number="1.2",
        title="Анализ <b>журналов</b> & отметок",
        deadline_text="до 1 марта",
        deadline_end=TODAY - timedelta(days=14),
        responsible_text="Зам. директора по УВР",
    )
    late = MeasureFactory(
        roadmap=roadmap, number="2", title="Совещание", deadline_text="ежеквартально", deadline_end=None
    )
    for measure in (overdue, late):
        progress_sync_for_measure(measure=measure)
    author = UserFactory(
        role=User.Role.METHODIST,
        municipality=roadmap.municipality,
        last_name="Абулашова",
        first_name="Аминат",
        middle_name="Омаровна",
    )
    Progress.objects.filter(measure=late, school=school_a).update(
        status=ProgressStatus.DONE,
        done_on=TODAY,
        updated_by=author,
        updated_at=datetime(2024, 3, 14, 21, 30, tzinfo=ZoneInfo("UTC")),
    )
    return overdue, late


def _cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]


@time_machine.travel(TODAY, tick=False)
def test_a_school_heads_rows_have_no_school_and_their_status_opens_the_row(client, rows, head_a, school_a):
    client.force_login(head_a)
    html = client.get(reverse("roadmaps:measure_list")).content.decode()
    cells = _cells(html)
    assert len(cells) == 2 and all(len(row) == 6 for row in cells)
    overdue = next(row for row in cells if row[0] == "1.2")
    assert "Анализ &lt;b&gt;журналов&lt;/b&gt; &amp; отметок" in overdue[1]
    assert "<b>" not in overdue[1]
    assert overdue[2] == "1 марта 2024 г."  # the deadline's date, its text in the title
    assert 'title="до 1 марта"' in html
    assert overdue[3] == "Зам. директора по УВР"
    own = Progress.objects.get(measure=rows[0], school=school_a)
    assert f'href="/roadmaps/progress/{own.pk}/"' in overdue[4] and 'data-status="overdue"' in overdue[4]
    assert overdue[5] == ""  # never changed
    done = next(row for row in cells if row[0] == "2")
    assert done[2] == "ежеквартально"  # no date: the text as in the document
    # Saved at 21:30 UTC, shown in the municipality's time (Moscow by default), by the author's initials.
    assert done[5] == "15.03.2024 00:30, Абулашова А.О."
    assert 'data-status="done"' in done[4]


@time_machine.travel(TODAY, tick=False)
def test_the_departments_rows_name_the_school_or_the_department(client, rows, department_head, roadmap):
    department_row = MeasureFactory(roadmap=roadmap, number="3", title="Приказ УО", per_school=False)
    progress_sync_for_measure(measure=department_row)
    client.force_login(department_head)
    cells = _cells(client.get(reverse("roadmaps:measure_list") + "?sort=school").content.decode())
    assert all(len(row) == 7 for row in cells)
    schools = [re.sub(r"<[^>]+>", "", row[2]) for row in cells]
    assert Progress.objects.filter(measure=department_row, school__isnull=True).exists()
    assert {"МКОУ «Школа А»", "МКОУ «Школа Б»", "УО"} <= set(schools)
    assert all(re.match(r'<a href="/roadmaps/progress/\d+/">', row[2]) for row in cells)


@time_machine.travel(TODAY, tick=False)
def test_a_list_page_reads_the_same_queries_however_many_rows(client, rows, department_head, roadmap):
    """The rows read only the columns they show (roadmaps.lists.PAGE_ROW_FIELDS): a cell reading a column
    beyond them would ask a query a row."""
    client.force_login(department_head)
    url = reverse("roadmaps:measure_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        progress_sync_for_measure(measure=MeasureFactory(roadmap=roadmap, number=f"9.{n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
