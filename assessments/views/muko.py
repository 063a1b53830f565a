"""The indicators the region asks for (МКО): one municipality, one year, what each number means; Excel.
The PDF in the region's form is printed by reports (``reports:muko_pdf``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from common.lists import export_response, list_query, wants_export
from schools.access import municipalities_visible

from ..access import muko_municipality_for_user_or_404, muko_required
from ..forms_muko import MukoForm
from ..lists import muko_listing
from ..muko import muko_counts, muko_years


@muko_required
def muko(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = muko_municipality_for_user_or_404(user, request.GET.get("municipality"))
    years = muko_years([municipality])
    choices = list(municipalities_visible(user))
    form = MukoForm(
        request.GET if "year" in request.GET else None,
        years=years,
        municipalities=choices,
        initial={"municipality": municipality.pk},
    )
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else (years[0] if years else None)
    counts = muko_counts(municipality=municipality, year=year) if year else None
    if counts is not None and wants_export(request):
        lines = counts.lines()
        return export_response(request, rows=len(lines), build=lambda: muko_listing(counts).export(lines))
    return render(
        request,
        "assessments/muko.html",
        {
            "form": form,
            "municipality": municipality,
            "year": year,
            "counts": counts,
            "query": list_query(request),
            "several": len(choices) > 1,
            "links": [
                (
                    f"{reverse('reports:muko_pdf')}?year={year}&municipality={municipality.pk}",
                    "PDF по форме региона",
                ),
                (reverse("assessments:objectivity"), "Анализ объективности"),
            ],
        },
    )
