from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from reports.meetings import (
    agenda_measures,
    agenda_status,
    leading_number,
    meeting_create,
    meeting_row_update,
    meeting_scope,
    share_percent,
)
from roadmaps.models import ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from tests.factories import MeasureFactory, RoadmapFactory, SchoolFactory

from .conftest import measure_numbered, set_status


@pytest.mark.parametrize(
    ("number", "expected"), [("7.1", 7), ("10.", 10), (" 11", 11), ("", None), ("IV", None)]
)
def test_the_item_of_the_plan_is_the_leading_number(number, expected):
    assert leading_number(number) == expected


def test_the_meeting_measure_and_its_scope_are_read_from_the_plan(medal_plan):
    scope = meeting_scope(roadmap=medal_plan)
    assert scope.measure == measure_numbered(medal_plan, "10.")
    assert (scope.first, scope.last) == (1, 11)


def test_a_plan_without_a_meeting_row_reviews_items_1_to_11_by_default(municipality):
    roadmap = RoadmapFactory(municipality=municipality)
    MeasureFactory(roadmap=roadmap, number="1", title="Совещание с руководителями ОО")
    assert meeting_scope(roadmap=roadmap).measure is None


def test_the_agenda_takes_items_1_to_11_before_the_meeting_and_not_the_repeated_numbers_after(medal_plan):
    scope = meeting_scope(roadmap=medal_plan)
    measures = agenda_measures(roadmap=medal_plan, meeting_measure=scope.measure, first=1, last=11)
    assert [m.number for m in measures] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6.",
        "7.",
        "7.1",
        "7.2",
        "8.",
        "10",
        "10",
        "11",
    ]


def test_a_narrower_scope_takes_only_those_items(medal_plan):
    measures = agenda_measures(roadmap=medal_plan, meeting_measure=None, first=7, last=8)
    assert [m.number for m in measures] == ["7.", "7.1", "7.2", "8."]


def test_a_new_meeting_has_one_agenda_item_per_measure_and_a_closing_item_on_the_share(
    march_meeting, school_a, school_b
):
    items = list(march_meeting.items.order_by("order"))
    assert len(items) == 14
    assert (
        items[0].title
        == "Об исполнении пункта 1 плана: Предварительная оценка количества претендентов на медаль"
    )
    assert items[0].speaker == "Зав.ИМЦ"
    assert items[0].decided == "Информацию принять к сведению."
    assert items[-1].shows_school_table and items[-1].measure == march_meeting.measure
    assert [r.school for r in march_meeting.school_rows.order_by("school__short_name")] == [
        school_a,
        school_b,
    ]
    assert march_meeting.year == 2024


def test_a_schools_own_plan_meets_about_that_school_only(municipality, school_a, school_b, department_head):
    roadmap = RoadmapFactory(municipality=municipality, school=school_a)
    meeting = meeting_create(
        roadmap=roadmap,
        created_by=department_head,
        date=datetime.date(2024, 3, 15),
        number="1",
        place="с. Коркмаскала",
        chair=None,
        secretary=None,
        attendees=[],
        meeting_measure=None,
        first=1,
        last=11,
    )
    assert [r.school for r in meeting.school_rows.all()] == [school_a]


def test_the_share_of_candidates_is_candidates_over_graduates_in_percent():
    assert share_percent(candidates=3, graduates=20) == Decimal("15.0")
    assert share_percent(candidates=2, graduates=30) == Decimal("6.7")
    assert share_percent(candidates=0, graduates=30) == Decimal("0.0")
    assert share_percent(candidates=3, graduates=0) is None
    assert share_percent(candidates=None, graduates=30) is None


def test_saving_a_schools_figures_recomputes_the_share(march_meeting, school_a):
    row = march_meeting.school_rows.get(school=school_a)
    meeting_row_update(
        row=row, graduates=40, candidates=6, candidates_at_risk=2, corrected_share=Decimal("10")
    )
    row.refresh_from_db()
    assert (row.share, row.corrected_share) == (Decimal("15.0"), Decimal("10.0"))
    meeting_row_update(row=row, graduates=None, candidates=6, candidates_at_risk=2, corrected_share=None)
    row.refresh_from_db()
    assert row.share is None


def test_an_item_is_late_only_after_its_deadline_as_of_the_meeting_date(medal_plan, school_a, school_b):
    measure = measure_numbered(medal_plan, "7.2")  # due 1 March 2024
    set_status(measure, school_a, ProgressStatus.IN_PROGRESS)
    on_the_day = agenda_status(measure_ids=[measure.pk], as_of=datetime.date(2024, 3, 1))[measure.pk]
    assert (on_the_day.in_progress, on_the_day.not_started, on_the_day.overdue) == (1, 1, 0)
    next_day = agenda_status(measure_ids=[measure.pk], as_of=datetime.date(2024, 3, 2))[measure.pk]
    assert (next_day.in_progress, next_day.not_started, next_day.overdue) == (0, 0, 2)
    assert next_day.overdue_schools == ["МКОУ «Школа А»", "МКОУ «Школа Б»"]
    assert next_day.line == "Исполнение: выполнено — 0 ОО из 2; просрочено — 2."


def test_the_department_executes_its_own_items(medal_plan):
    measure = measure_numbered(medal_plan, "4.")
    status = agenda_status(measure_ids=[measure.pk], as_of=datetime.date(2024, 2, 1))[measure.pk]
    assert status.line == "Исполнение Управлением образования: не начато."


def test_a_long_list_of_late_schools_is_cut_with_a_count(medal_plan, municipality):
    for n in range(20):
        SchoolFactory(municipality=municipality, short_name=f"МКОУ «СОШ №{n + 10}»")
    measure = measure_numbered(medal_plan, "2.")
    progress_sync_for_measure(measure=measure)
    status = agenda_status(measure_ids=[measure.pk], as_of=datetime.date(2024, 3, 15))[measure.pk]
    assert (status.overdue, len(status.overdue_schools), status.overdue_more) == (22, 15, 7)
