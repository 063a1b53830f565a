"""The medals a school's graduates received, checked against the ЕГЭ."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from schools.decorators import section_required

from ..access import schools_changeable
from ..forms import IssuedSchoolForm
from ..issued import issued_record, issued_rows
from ..models import IssuedMedal
from .common import current_graduation_year


@section_required("medals")
def issued_medals(request: HttpRequest) -> HttpResponse:
    """After graduation: the medal each graduate of a school received, checked against the ЕГЭ."""
    user = request.user
    schools = schools_changeable(user)
    if not schools.exists():
        raise PermissionDenied("Выданные медали вносят руководитель школы, методист-куратор и начальник УО.")
    data = request.POST if request.method == "POST" else request.GET
    default = {"school": schools.order_by("short_name").first().pk, "year": current_graduation_year() - 1}
    asked = IssuedSchoolForm(
        {"school": data.get("school") or default["school"], "year": data.get("year") or default["year"]},
        schools=schools,
    )
    target_ok = asked.is_valid()
    if not target_ok:
        for error in (e for errors in asked.errors.values() for e in errors):
            messages.error(request, f"{error} Показаны выпускники по умолчанию.")
        asked = IssuedSchoolForm(default, schools=schools)
        asked.is_valid()
    school, year = asked.cleaned_data["school"], asked.cleaned_data["year"]
    if request.method == "POST" and target_ok:
        try:
            changed = issued_record(school=school, year=year, choices=request.POST)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, "Ничего не сохранено: " + message)
        else:
            messages.success(request, f"Выданные медали сохранены (изменено: {changed}).")
            return redirect(f"{reverse('medals:issued_medals')}?school={school.pk}&year={year}")
    return render(
        request,
        "medals/issued_medals.html",
        {
            "asked": asked,
            "school": school,
            "year": year,
            "rows": issued_rows(school=school, year=year),
            "choices": IssuedMedal.choices,
            "schools": schools.order_by("short_name"),
            "years": range(year - 3, year + 2),
        },
    )
