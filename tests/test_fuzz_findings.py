"""The 500s of unvalidated input found by probing, each answered by a form now:
the page with a Russian message, or a 404, and nothing saved. The roadmap preview's own cases (an order
number of 80 characters, an approver of 300, a measure number over 16) are in
tests/roadmaps/test_import_views.py; the walk over every URL with hostile values is tests/test_fuzz_urls.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import MockExam
from medals.models import Recheck, SchoolYearIndicator

from .assessments.factories import MockExamScheduleFactory
from .assessments.factories import subject as subject_named

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("school", ["abc", "-1", "1.5", "99999999999999999999", "1\x00"])
def test_proposing_rechecks_for_a_school_that_is_not_a_school_is_refused_with_a_message(
    client, methodist_a, school_a, school
):
    client.force_login(methodist_a)
    response = client.post(reverse("medals:recheck_propose"), {"school": school}, follow=True)
    assert response.status_code == 200
    assert "Школа для перепроверки не найдена" in response.content.decode()
    assert Recheck.objects.count() == 0


@pytest.mark.parametrize("roadmap", ["abc", "-1", "99999999999999999999", "\x00"])
def test_a_meeting_for_a_roadmap_that_is_not_one_is_a_404(client, department_head, roadmap):
    client.force_login(department_head)
    assert client.get(reverse("reports:meeting_new"), {"roadmap": roadmap}).status_code == 404


@pytest.mark.parametrize("year", ["0", "-1", "99999", "99999999999999999999", "abc", "2024\x00"])
def test_indicators_of_a_year_no_school_has_show_the_current_year_with_a_message(
    client, methodist_a, school_a, year
):
    client.force_login(methodist_a)
    response = client.get(reverse("medals:indicator_list"), {"year": year})
    assert response.status_code == 200
    assert "Год выпуска" in response.content.decode()
    assert response.context["year"] >= 2024


@pytest.mark.parametrize("year", [0, 1, 99999, 9999999999999])
def test_indicators_cannot_be_entered_for_a_year_out_of_range(client, methodist_a, school_a, year):
    client.force_login(methodist_a)
    url = reverse("medals:indicator_edit", kwargs={"school_pk": school_a.pk, "year": year})
    assert client.get(url).status_code == 404
    assert client.post(url, {"graduates": 10, "medalists": 1, "medalists_ege_below_70": 0}).status_code == 404
    assert SchoolYearIndicator.objects.count() == 0


@pytest.mark.parametrize("minutes", ["99999999999", "100000", "0", "-5"])
def test_a_mock_exam_of_an_impossible_length_is_refused_by_the_form(client, coordinator, school_a, minutes):
    schedule = MockExamScheduleFactory(municipality=school_a.municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:exam_create", args=[schedule.pk]),
        {
            "subject": subject_named("Русский язык").pk,
            "round": 1,
            "venue": school_a.pk,
            "starts_at": "2024-01-16T10:00",
            "duration_minutes": minutes,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"]
    assert MockExam.objects.count() == 0


@pytest.mark.parametrize("token", ["\x00", "%00", "a\x00" * 20, "x" * 300, "abc"])
def test_a_calendar_address_that_no_token_could_be_is_a_404_without_asking_the_database(
    client, django_assert_num_queries, token
):
    # Found by tests/test_fuzz_urls.py on PostgreSQL: a NUL in the address failed the token query (500).
    with django_assert_num_queries(0):
        response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
