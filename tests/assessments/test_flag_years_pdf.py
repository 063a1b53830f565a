"""The years side by side printed: the municipality's share of flagged schools per year as the same SVG line
chart the page shows, drawn into the PDF by WeasyPrint, with the shares and the schools' years; a school
head's document names their own school only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import OfficialFlag
from assessments.views.flag_years_pdf import flag_years_html

from ..reports.pdf_checks import A4_PORTRAIT, pdf_page_sizes, pdf_text
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(municipality, school_a, school_b):
    # 2023: A on the list, B wrote the ВПР without signs → 1 of 2; 2024: nobody flagged → 0 of 2.
    for year in (2023, 2024):
        test = VprTestFactory(municipality=municipality, year=year)
        for school in (school_a, school_b):
            VprResultFactory(test=test, school=school)
    OfficialFlag.objects.create(municipality=municipality, year=2023, school=school_a, subjects=[])


def test_the_pdf_draws_the_share_chart_and_the_years(client, department_head, municipality, years):
    html = flag_years_html(
        municipality=municipality, schools=municipality.schools.all(), user=department_head
    )
    chart = html[html.index("<svg") : html.index("</svg>")]
    # Two points: 2023 at 50% and 2024 at 0%, joined by the line, each labelled with its count.
    assert "<polyline" in chart and chart.count("<circle") == 2
    assert "1 из 2" in chart and "0 из 2" in chart
    client.force_login(department_head)
    response = client.get(reverse("assessments:flag_years_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert pdf_page_sizes(response.content) == {A4_PORTRAIT}
    text = pdf_text(response.content)
    # The chart's own texts come out of the SVG as text of the PDF: its title, years and percentages.
    assert "Доля школ с признаками необъективности" in text
    for label in ("100%", "50%", "1 из 2", "0 из 2", "2023", "2024"):
        assert label in text, label
    assert "МКОУ «Школа А»" in text and "в списке" in text


def test_a_school_head_prints_their_own_school_only(client, head_b, years):
    client.force_login(head_b)
    response = client.get(reverse("assessments:flag_years_pdf"))
    text = pdf_text(response.content)
    assert response.status_code == 200
    assert "МКОУ «Школа А»" not in text and "Доля школ с признаками" in text
