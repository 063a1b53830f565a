"""The indicators the region asks for (МКО): one municipality, one year, what each number means; Excel.
The PDF in the region's form is printed by reports (``reports:muko_pdf``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.xlsx import table_to_xlsx, xlsx_response
from schools.access import municipalities_visible

from ..access import muko_municipality_for_user_or_404, muko_required
from ..forms_muko import MukoForm
from ..muko import MukoCounts, muko_counts, muko_years
from .common import _query


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
    if counts is not None and request.GET.get("export") == "xlsx":
        return muko_xlsx(counts)
    return render(
        request,
        "assessments/muko.html",
        {
            "form": form,
            "municipality": municipality,
            "year": year,
            "counts": counts,
            "query": _query(request),
            "several": len(choices) > 1,
        },
    )


def muko_xlsx(counts: MukoCounts) -> HttpResponse:
    content = table_to_xlsx(
        title=f"МКО {counts.year}",
        headers=["Муниципалитет", "Год", "Показатель", "Значение", "Ед. изм.", "Что означает"],
        rows=(
            [
                counts.name,
                counts.year,
                indicator.label,
                indicator.value_for_table(value),
                indicator.unit,
                indicator.meaning if value is not None else f"{indicator.meaning} Нет данных.",
            ]
            for indicator, value, _ in counts.lines()
        ),
        widths=[28, 8, 60, 12, 10, 90],
    )
    return xlsx_response(content, f"МКО {counts.name} {counts.year}.xlsx")
