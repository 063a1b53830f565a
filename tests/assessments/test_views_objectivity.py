"""The objectivity page: flags with their numbers, SVG charts, thresholds; each role sees its own schools."""

from __future__ import annotations

import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import ObjectivityThresholds

from ..factories import SchoolFactory
from .factories import VprResultFactory, VprTestFactory


@pytest.fixture
def vpr(municipality, school_a, school_b):
    test = VprTestFactory(municipality=municipality)
    for _ in range(6):
        VprResultFactory(test=test, school=school_a, mark=5, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    return test


def test_the_page_shows_the_flag_with_its_numbers_the_risk_group_and_a_chart(client, coordinator, vpr):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:objectivity")).content.decode()
    assert "Группа риска — школ: 1" in page
    assert 'data-rule="raised"' in page and "100,0% участников (6 из 6)" in page
    assert "<svg" in page and "Муниципалитет" in page


def test_a_school_head_sees_only_their_school_and_404s_on_another(client, head_b, vpr, school_a, school_b):
    client.force_login(head_b)
    page = client.get(reverse("assessments:objectivity")).content.decode()
    assert "МКОУ «Школа Б»" in page and "МКОУ «Школа А»" not in page
    assert (
        client.get(reverse("assessments:objectivity_detail", args=[vpr.pk, school_a.pk])).status_code == 404
    )
    assert (
        client.get(reverse("assessments:objectivity_detail", args=[vpr.pk, school_b.pk])).status_code == 200
    )


def test_a_methodist_sees_curated_schools_only(client, methodist_a, vpr):
    client.force_login(methodist_a)
    page = client.get(reverse("assessments:objectivity")).content.decode()
    assert "МКОУ «Школа А»" in page and "МКОУ «Школа Б»" not in page


def test_the_school_page_draws_marks_and_histogram_and_task_rates(client, department_head, vpr, school_a):
    client.force_login(department_head)
    page = client.get(reverse("assessments:objectivity_detail", args=[vpr.pk, school_a.pk])).content.decode()
    # marks, histogram, and the share of flagged schools per year (years side by side)
    assert page.count("<svg") == 3 and "«5» ВПР: 6" in page and "«3» журнал: 6" in page
    assert "гистограмма что-то значит от 30" in page
    assert "освоено" in page


def test_thresholds_edited_on_the_page_change_the_flags(client, coordinator, vpr, municipality):
    client.force_login(coordinator)
    form = client.get(reverse("assessments:thresholds_edit")).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data["min_participants"] = 10
    response = client.post(reverse("assessments:thresholds_edit"), data)
    assert response.status_code == 302
    assert ObjectivityThresholds.objects.get(municipality=municipality).min_participants == 10
    page = client.get(reverse("assessments:objectivity")).content.decode()
    assert 'data-rule="raised"' not in page


def test_a_methodist_may_not_edit_thresholds(client, methodist_a):
    client.force_login(methodist_a)
    assert client.get(reverse("assessments:thresholds_edit")).status_code == 403


def test_the_excel_export_has_one_row_per_school_subject_and_grade(client, coordinator, vpr):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:objectivity") + "?year=2024&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Школа", "Код", "Предмет", "Класс")
    assert [(r[1], r[7]) for r in rows[1:]] == [("A001", 1.0), ("B001", 0.0)]


def test_without_results_the_page_says_what_to_do(client, coordinator):
    client.force_login(coordinator)
    assert "Загрузите выгрузку ФИС ОКО" in client.get(reverse("assessments:objectivity")).content.decode()


@pytest.fixture
def many_schools(municipality):
    """Fifty-five schools with results of one ВПР: more rows than one page holds."""
    test = VprTestFactory(municipality=municipality)
    for n in range(55):
        school = SchoolFactory(municipality=municipality, short_name=f"МКОУ «Школа №{n:02d}»")
        VprResultFactory(test=test, school=school, mark=4, journal_mark=4)
    return test


def test_the_table_shows_fifty_rows_a_page_and_the_next_page_keeps_the_filters(
    client, coordinator, many_schools
):
    client.force_login(coordinator)
    query = f"?year=2024&subject={many_schools.subject.pk}&grade=5"
    page = client.get(reverse("assessments:objectivity") + query).content.decode()
    assert page.count(f"/assessments/objectivity/{many_schools.pk}/schools/") == 50
    assert "Показано: 50 из 55" in page and "Школа №00" in page and "Школа №50" not in page
    assert f'href="{query}&page=2"' in html.unescape(page)
    second = client.get(reverse("assessments:objectivity") + query + "&page=2").content.decode()
    assert "Показано: 5 из 55" in second and "Школа №50" in second and "Школа №00" not in second


def test_the_chart_shows_the_schools_of_the_page_and_the_municipality(client, coordinator, many_schools):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:objectivity") + "?page=2").content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "школы на этой странице" in chart and "Муниципалитет" in chart
    assert "Школа №54" in chart and "Школа №49" not in chart


def test_the_excel_export_covers_every_row_not_one_page(client, coordinator, many_schools):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:objectivity") + "?page=2&export=xlsx")
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))) == 56


def test_new_results_show_at_once_although_the_analysis_is_cached(client, coordinator, vpr, school_b):
    client.force_login(coordinator)
    assert "Группа риска — школ: 1" in client.get(reverse("assessments:objectivity")).content.decode()
    for _ in range(6):
        VprResultFactory(test=vpr, school=school_b, mark=5, journal_mark=2)
    assert "Группа риска — школ: 2" in client.get(reverse("assessments:objectivity")).content.decode()
