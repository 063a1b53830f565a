"""The МКО indicators of one municipality and year in the region's form, as a PDF (A4, one table)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header

from assessments.access import muko_municipality_for_user_or_404, muko_required
from assessments.muko import muko_years

from .muko_document import muko_document, muko_pdf


@muko_required
def muko_pdf_view(request: HttpRequest) -> HttpResponse:
    municipality = muko_municipality_for_user_or_404(request.user, request.GET.get("municipality"))
    years = muko_years([municipality])
    asked = request.GET.get("year", "").strip()
    year = int(asked) if asked.isdigit() else (None if asked else (years[0] if years else None))
    if year not in years:
        messages.error(
            request,
            f"За год «{asked}» у муниципалитета «{municipality.name}» нет ни результатов ВПР, ни перечня: "
            "выберите год из списка."
            if asked
            else f"У муниципалитета «{municipality.name}» ещё нет ни результатов ВПР, ни перечня.",
        )
        return redirect(f"{reverse('assessments:muko')}?municipality={municipality.pk}")
    content = muko_pdf(document=muko_document(municipality=municipality, year=year))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"Показатели МКО, {municipality.name}, {year}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, re.sub(r'[\\/:*?"<>|]+', "-", name))
    return response
