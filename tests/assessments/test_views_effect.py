"""Targeted measures from the objectivity pages, and the effect page with its Excel, for each role."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import OfficialFlag
from roadmaps.models import Measure, Progress, TargetKind
from roadmaps.targeted import targeted_measure_save
from tests.factories import MeasureFactory, RoadmapFactory

from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db

NEW = "assessments:targeted_measure_new"


@pytest.fixture
def vpr_2023(municipality, school_a, school_b):
    """2023: A raised marks (6 of 6 above the journal), B as in the journal."""
    test = VprTestFactory(municipality=municipality, year=2023)
    for _ in range(6):
        VprResultFactory(test=test, school=school_a, mark=5, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    return test


@pytest.fixture
def plan(municipality):
    return RoadmapFactory(municipality=municipality)


def _post(schools, **extra) -> dict:
    data = {
        "target_kind": TargetKind.METHODICAL_VISIT,
        "title": "Методический выезд в ОО",
        "target_schools": [s.pk for s in schools],
        "deadline_text": "До 1 марта 2024 года",
        "deadline_seen": "До 1 марта 2024 года",
        "responsible_text": "Методист УО",
        "basis_year": "2023",
    }
    data.update(extra)
    return data


def test_the_objectivity_page_offers_the_flagged_schools_ticked(
    client, department_head, vpr_2023, plan, school_a
):
    client.force_login(department_head)
    page = client.get(reverse("assessments:objectivity"), {"year": 2023}).content.decode()
    assert 'data-testid="targeted-pick"' in page
    assert f'name="school" value="{school_a.pk}" id="target-{school_a.pk}" checked' in page
    assert "Адресная мера для выбранных школ" in page
    detail = client.get(
        reverse("assessments:objectivity_detail", args=[vpr_2023.pk, school_a.pk])
    ).content.decode()
    assert f"{reverse(NEW)}?school={school_a.pk}&amp;year=2023" in detail


def test_a_school_head_gets_no_button_and_no_form(client, head_a, vpr_2023, plan):
    client.force_login(head_a)
    page = client.get(reverse("assessments:objectivity"), {"year": 2023}).content.decode()
    assert "Адресная мера для выбранных школ" not in page
    assert client.get(reverse(NEW)).status_code == 403


def test_the_form_comes_prefilled_and_saves_rows_for_the_chosen_schools_only(
    client, department_head, vpr_2023, plan, school_a, school_b
):
    client.force_login(department_head)
    page = client.get(reverse(NEW), {"school": [school_a.pk], "year": "2023"})
    form = page.context["form"]
    assert form.initial["target_schools"] == [school_a.pk] and form.initial["basis_year"] == 2023
    assert "по итогам ВПР 2023 года" in form.initial["title"]
    assert 'data-testid="targeted-history"' in page.content.decode()
    response = client.post(reverse(NEW) + "?year=2023", _post([school_a]))
    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "roadmaps:measure_detail", args=[measure.pk]
    )
    assert measure.roadmap == plan and measure.is_targeted and measure.basis_year == 2023
    assert list(Progress.objects.filter(measure=measure).values_list("school", flat=True)) == [school_a.pk]


def test_a_methodist_may_aim_at_curated_schools_only(client, methodist_a, vpr_2023, plan, school_a, school_b):
    client.force_login(methodist_a)
    page = client.get(reverse(NEW), {"school": [school_a.pk, school_b.pk, "x"]})
    assert page.context["form"].initial["target_schools"] == [school_a.pk]
    assert "недоступна или не найдена" in page.content.decode()
    response = client.post(reverse(NEW), _post([school_b]))
    assert response.status_code == 200 and "target_schools" in response.context["form"].errors
    assert not Measure.objects.exists()
    assert client.post(reverse(NEW), _post([school_a])).status_code == 302


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"target_schools": []}, "target_schools"),
        ({"target_kind": ""}, "target_kind"),
        ({"deadline_text": ""}, "deadline_text"),
        ({"basis_year": "20x3"}, "basis_year"),
        ({"basis_year": "1990"}, "basis_year"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(client, department_head, plan, school_a, extra, field):
    client.force_login(department_head)
    response = client.post(reverse(NEW), _post([school_a], **extra))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Measure.objects.exists() and not Progress.objects.exists()


def test_an_unread_deadline_is_shown_before_saving(client, department_head, plan, school_a):
    client.force_login(department_head)
    response = client.post(reverse(NEW), _post([school_a], deadline_text="В течение года", deadline_seen=""))
    assert response.status_code == 200 and 'data-testid="deadline-understood"' in response.content.decode()
    assert not Measure.objects.exists()


def test_without_an_approved_plan_the_page_says_where_to_go(client, department_head, municipality, school_a):
    RoadmapFactory(municipality=municipality, status="draft")
    client.force_login(department_head)
    page = client.get(reverse(NEW), {"school": school_a.pk})
    assert page.status_code == 200 and 'data-testid="no-roadmap"' in page.content.decode()
    assert client.post(reverse(NEW), _post([school_a])).status_code == 200
    assert not Measure.objects.exists()


@pytest.fixture
def effect_data(municipality, school_a, school_b, vpr_2023, plan):
    """Measures on the 2023 signs for A and B; 2024: A again raised marks, B plain (and on no list)."""
    test = VprTestFactory(municipality=municipality, year=2024)
    for _ in range(6):
        VprResultFactory(test=test, school=school_a, mark=5, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    for school, number in ((school_a, "14"), (school_b, "15")):
        measure = MeasureFactory.build(
            roadmap=plan,
            number=number,
            title=f"Посещение уроков в {school.short_name}",
            target_kind=TargetKind.LESSON_OBSERVATION,
            deadline_end=datetime.date(2024, 3, 1),
        )
        targeted_measure_save(measure=measure, schools=[school])
    OfficialFlag.objects.create(municipality=municipality, year=2023, school=school_b)


def test_the_effect_page_shows_both_outcomes_with_numbers(client, department_head, effect_data):
    client.force_login(department_head)
    page = client.get(reverse("assessments:effect")).content.decode()
    assert "ВПР 2024" in page and "признаки сохранились" in page and "признаки не выявлены" in page
    assert "1 из 2 (50,0%)" in page  # B's signs went away, A's did not
    assert "повысили 100,0%" in page  # A's numbers in both years: 6 of 6 above the journal
    assert "не используются для оценки работы учителей" in page


def test_the_effect_excel_has_a_row_per_school(client, department_head, effect_data):
    client.force_login(department_head)
    response = client.get(reverse("assessments:effect"), {"year": "2024", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Школа",
        "Код",
        "Адресные меры по итогам ВПР 2023",
        "Признаки 2023",
        "Признаки 2024",
        "Итог",
    )
    assert [(r[0], r[5]) for r in rows[1:]] == [
        ("МКОУ «Школа А»", "признаки сохранились"),
        ("МКОУ «Школа Б»", "признаки не выявлены"),
    ]


def test_a_school_head_sees_their_own_school_only(client, head_b, effect_data, school_a):
    client.force_login(head_b)
    page = client.get(reverse("assessments:effect")).content.decode()
    assert "признаки не выявлены" in page and "признаки сохранились</span>" not in page
    assert school_a.short_name not in page
    response = client.get(reverse("assessments:effect"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "Школа" not in rows[0] and "Код" not in rows[0]


def test_a_bad_year_falls_back_to_the_newest(client, department_head, effect_data):
    client.force_login(department_head)
    page = client.get(reverse("assessments:effect"), {"year": "abc"})
    assert page.status_code == 200 and page.context["year"] == 2024


def test_without_measures_the_page_says_how_to_take_them(client, department_head, municipality):
    client.force_login(department_head)
    page = client.get(reverse("assessments:effect")).content.decode()
    assert "Адресных мер ещё нет" in page


def test_without_a_year_each_person_sees_the_newest_year_with_rows_of_their_schools(
    client, municipality, school_b, effect_data, head_a, department_head
):
    # B also had a measure on its 2024 signs, judged by ВПР 2025; A had measures on 2023 only.
    test = VprTestFactory(municipality=municipality, year=2025)
    for _ in range(6):
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    measure = MeasureFactory.build(
        roadmap=RoadmapFactory(municipality=municipality),
        number="7",
        title="Персональный контроль",
        target_kind=TargetKind.PERSONAL_CONTROL,
        basis_year=2024,
    )
    targeted_measure_save(measure=measure, schools=[school_b])
    client.force_login(department_head)
    assert client.get(reverse("assessments:effect")).context["year"] == 2025
    client.force_login(head_a)
    page = client.get(reverse("assessments:effect"))
    assert page.context["year"] == 2024 and "признаки сохранились" in page.content.decode()


@pytest.mark.parametrize("value", ["99999999999999999999999999", "//example.invalid/", "-1"])
def test_a_hostile_school_id_is_refused_with_a_message_not_a_500(
    client, department_head, plan, school_a, value
):
    client.force_login(department_head)
    response = client.post(reverse(NEW), _post([school_a], target_schools=[value]))
    assert response.status_code == 200 and "target_schools" in response.context["form"].errors
    page = client.get(reverse(NEW), {"school": [value, str(school_a.pk)], "year": "99999999999"})
    assert page.status_code == 200 and page.context["form"].initial["target_schools"] == [school_a.pk]
    assert not Measure.objects.exists()
