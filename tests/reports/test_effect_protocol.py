"""The March meeting's item on the effect of targeted measures: the newest ВПР year the meeting can know,
with its numbers in «слушали» and the schools named in «решили»."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.flag_years import flag_history
from assessments.models import OfficialFlag, VprTest
from reports.effect_protocol import CLOSING_DECISION, EFFECT_ITEM_TITLE, loaded_years, meeting_effect_year
from reports.jobs import job_create
from reports.meetings import agenda_effect_add, meeting_create
from reports.models import ReportJob
from roadmaps.models import TargetKind
from roadmaps.targeted import targeted_measure_save
from tests.assessments.factories import VprResultFactory, VprTestFactory
from tests.factories import MeasureFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


def _results(school, year: int, pairs) -> None:
    test = VprTest.objects.filter(municipality=school.municipality, year=year).first() or VprTestFactory(
        municipality=school.municipality, year=year
    )
    for mark, journal in pairs:
        VprResultFactory(test=test, school=school, mark=mark, journal_mark=journal)


RAISED = [(5, 3)] * 6  # 6 of 6 above the journal: «Повысили отметку»
PLAIN = [(4, 4)] * 6


@pytest.fixture
def plans(municipality, school_a, school_b):
    """ВПР 2023: A and B raised marks; measures on those signs in the 2023-2024 plan; ВПР 2024: A raised
    marks again, B did not. The 2024-2025 plan holds the March 2025 meeting."""
    _results(school_a, 2023, RAISED)
    _results(school_b, 2023, RAISED)
    _results(school_a, 2024, RAISED)
    _results(school_b, 2024, PLAIN)
    plan_2023 = RoadmapFactory(municipality=municipality)
    for school, number in ((school_a, "14"), (school_b, "15")):
        measure = MeasureFactory.build(
            roadmap=plan_2023,
            number=number,
            target_kind=TargetKind.PERSONAL_CONTROL,
            title="Персональный контроль",
        )
        targeted_measure_save(measure=measure, schools=[school])
    plan_2024 = RoadmapFactory(
        municipality=municipality,
        period_start=datetime.date(2024, 9, 1),
        period_end=datetime.date(2025, 8, 31),
    )
    return plan_2023, plan_2024


def _meeting(roadmap, user, day: datetime.date, **kwargs):
    return meeting_create(
        **kwargs,
        roadmap=roadmap,
        created_by=user,
        date=day,
        number="1",
        place="с. Коркмаскала",
        chair=None,
        secretary=None,
        attendees=[],
        meeting_measure=None,
        first=1,
        last=11,
    )


def test_the_march_2025_meeting_reviews_the_2024_effect_and_names_the_schools(plans, department_head):
    meeting = _meeting(plans[1], department_head, datetime.date(2025, 3, 15))
    items = list(meeting.items.order_by("order"))
    effect = next(item for item in items if item.title == EFFECT_ITEM_TITLE)
    assert items[-1].shows_school_table and items.index(effect) == len(items) - 2
    assert effect.heard == (
        "Адресных мер по итогам ВПР 2023 года: 2 для 2 ОО. По итогам ВПР 2024 года признаки необъективности "
        "не выявлены в 1 ОО, сохранились в 1 ОО; доля ОО, в которых признаки не выявлены, — 50,0%."
    )
    assert effect.decided.splitlines() == [
        "Признать адресные меры результативными: по итогам ВПР 2024 года признаки необъективности "
        "не выявлены в ОО: МКОУ «Школа Б».",
        "Продолжить адресную методическую работу с ОО, в которых признаки сохранились: МКОУ «Школа А»; "
        "включить её в дорожную карту на следующий учебный год.",
        CLOSING_DECISION,
    ]


def test_prepared_by_the_page_the_item_is_added_by_the_job_once_before_the_closing_item(
    plans, department_head, django_capture_on_commit_callbacks
):
    meeting = _meeting(plans[1], department_head, datetime.date(2025, 3, 15), school_rows=False)
    before = list(meeting.items.order_by("order").values_list("title", flat=True))
    assert EFFECT_ITEM_TITLE not in before  # the request does not read a year of ВПР
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(
            owner=department_head, kind=ReportJob.Kind.MEETING_PREPARE, params={"meeting": meeting.pk}
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    items = list(meeting.items.order_by("order"))
    assert [item.order for item in items] == list(range(1, len(before) + 2))
    assert [item.title for item in items] == [*before[:-1], EFFECT_ITEM_TITLE, before[-1]]
    assert items[-1].shows_school_table
    assert agenda_effect_add(meeting=meeting) is False  # the job run again adds nothing
    assert meeting.items.count() == len(before) + 1


def test_a_meeting_before_the_next_vpr_has_no_such_item(plans, department_head):
    # March 2024: ВПР 2024 is not written yet (its results, loaded here, come in summer), and measures on
    # the 2022 signs there were none.
    assert (
        meeting_effect_year(meeting=_meeting(plans[0], department_head, datetime.date(2024, 3, 15))) is None
    )
    meeting = _meeting(plans[0], department_head, datetime.date(2024, 3, 15))
    assert not meeting.items.filter(title=EFFECT_ITEM_TITLE).exists()


def test_the_years_loaded_are_those_of_the_flag_history_read_in_one_query(plans, municipality, school_a):
    """The meeting asks only which years have results or a list, not every year's flags."""
    OfficialFlag.objects.create(municipality=municipality, year=2021, school=school_a, subjects=[])
    with CaptureQueriesContext(connection) as context:
        years = loaded_years(municipality)
    assert years == set(flag_history(municipality).years) == {2021, 2023, 2024}
    assert len(context.captured_queries) == 1
