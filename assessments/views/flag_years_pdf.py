"""The years side by side as a printed document: the municipality's share of schools with signs of
non-objective ВПР results per year (the same SVG line chart as the page) and the schools' years."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header

from schools.access import schools_visible

from ..access import user_municipality, viewer_required
from .flags import years_context


def flag_years_html(*, municipality, schools, user) -> str:
    return render_to_string(
        "assessments/print/flag_years.html",
        {
            "municipality": municipality,
            "user": user,
            "today": timezone.localdate(),
            **years_context(municipality, schools, only_flagged=True),
        },
    )


@viewer_required
def flag_years_pdf(request: HttpRequest) -> HttpResponse:
    """A4 (WeasyPrint renders the inline SVG); a school head's document lists their own school only."""
    from weasyprint import HTML

    user = request.user
    municipality = user_municipality(user)
    html = flag_years_html(municipality=municipality, schools=schools_visible(user), user=user)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, "Признаки необъективности по годам.pdf"
    )
    return response
