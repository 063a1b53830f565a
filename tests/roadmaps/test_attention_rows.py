"""The dashboard's two cards come from one ranked query (roadmaps.progress.attention_rows): they must show
exactly what the two lists they replaced showed — the first rows of «просрочено» and of «срок в ближайшие
дни» in list order, and how many there are of each — for every role, with department rows, draft and
archived plans, closed rows and more rows than a card shows."""

from __future__ import annotations

import datetime

import pytest

from roadmaps.models import ProgressStatus, Roadmap
from roadmaps.progress import (
    DUE_SOON_DAYS,
    LIST_ORDER,
    attention_rows,
    due_within_q,
    obligations_q,
    overdue_q,
    progress_sync_for_measure,
    progress_visible,
)
from tests.factories import MeasureFactory, RoadmapFactory

TODAY = datetime.date(2024, 3, 1)


def _expected(user, q, limit):
    rows = progress_visible(user).filter(obligations_q()).filter(q).order_by(*LIST_ORDER, "pk")
    return [p.pk for p in rows[:limit]], rows.count()


@pytest.fixture
def rows(roadmap, municipality, school_a, school_b):
    """Per school and a department row, deadlines on both sides of today and of the 14th day, every
    status, measures sharing a deadline and an order (the ties are broken the same way), a draft plan."""
    statuses = list(ProgressStatus.values)
    for n in range(30):
        measure = MeasureFactory(
            roadmap=roadmap,
            number=str(n + 1),
            order=n % 3,
            per_school=n % 7 != 0,
            deadline_end=TODAY + datetime.timedelta(days=(n % 11) * 3 - 12),
        )
        progress_sync_for_measure(measure=measure)
        for i, row in enumerate(measure.progress.all()):
            row.status = statuses[(n + i) % len(statuses)]
            row.save(update_fields=["status"])
    draft = RoadmapFactory(municipality=municipality, status=Roadmap.Status.DRAFT)
    progress_sync_for_measure(measure=MeasureFactory(roadmap=draft, deadline_end=TODAY))


@pytest.mark.parametrize("role", ["department_head", "methodist_a", "head_b"])
@pytest.mark.parametrize("limit", [3, 20, 100])
def test_the_cards_show_the_first_rows_and_the_totals_of_the_two_lists(request, rows, role, limit):
    user = request.getfixturevalue(role)
    attention = attention_rows(user, TODAY, DUE_SOON_DAYS, limit)
    overdue, overdue_count = _expected(user, overdue_q(TODAY), limit)
    due_soon, due_soon_count = _expected(user, due_within_q(TODAY, DUE_SOON_DAYS), limit)
    assert overdue_count and due_soon_count
    assert [p.pk for p in attention.overdue] == overdue
    assert attention.overdue_count == overdue_count
    assert [p.pk for p in attention.due_soon] == due_soon
    assert attention.due_soon_count == due_soon_count


def test_with_no_rows_both_cards_are_empty(department_head):
    attention = attention_rows(department_head, TODAY)
    assert (attention.overdue, attention.overdue_count, attention.due_soon, attention.due_soon_count) == (
        [],
        0,
        [],
        0,
    )


def _line(p) -> tuple:
    measure = p.measure
    deadline = (measure.deadline_end, measure.deadline_text)
    return (str(p.school or ""), p.status, p.done_on, measure.number, measure.title, *deadline)


def test_a_card_line_needs_no_further_query(rows, department_head, django_assert_num_queries):
    """The line reads the row's status, school, measure and plan status: all in the one query."""
    with django_assert_num_queries(1):
        attention = attention_rows(department_head, TODAY)
        lines = [(*_line(p), p.measure.roadmap.status) for p in attention.overdue + attention.due_soon]
    assert attention.overdue and attention.due_soon
    assert len(lines) == len(attention.overdue) + len(attention.due_soon)
