"""The schools' medal indicators by graduation year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from common.lists import export_response, wants_export
from common.xlsx import school_column_omitted
from schools.access import school_for_user_or_404, schools_visible
from schools.decorators import section_required
from schools.grades import with_grade_q

from ..access import may_edit_indicators, schools_changeable
from ..forms import FIRST_YEAR, LAST_YEAR, IndicatorForm, YearForm
from ..indicators import school_medal_indicators
from ..lists import indicators_listing
from ..models import SchoolYearIndicator
from ..risks import benchmark_for
from .common import current_graduation_year, require_staff


@section_required("medals")
def indicator_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_staff(user)
    asked = YearForm(request.GET)
    valid = asked.is_valid()
    year = (asked.cleaned_data["year"] if valid else None) or current_graduation_year()
    if not valid:
        messages.error(request, f"Год выпуска — число от {FIRST_YEAR} до {LAST_YEAR}; показан {year} год.")
    # A school without grade 11 (an ООШ) has no graduates to show here (schools.grades).
    schools = list(schools_visible(user).filter(with_grade_q(11)).order_by("short_name"))
    indicators = school_medal_indicators(school_ids=[s.pk for s in schools], year=year)
    if wants_export(request):
        rows = [(s, indicators[s.pk]) for s in schools]
        return export_response(
            request,
            rows=len(rows),
            build=lambda: indicators_listing(year).export(rows, omit=school_column_omitted(request.user)),
        )
    editable = set(schools_changeable(user).values_list("pk", flat=True))
    rows = [(s, indicators[s.pk], s.pk in editable) for s in schools]
    return render(
        request,
        "medals/indicator_list.html",
        {
            "rows": rows,
            "year": year,
            "years": range(year - 3, year + 2),
            "benchmark": benchmark_for(year=year),
        },
    )


@section_required("medals")
def indicator_edit(request: HttpRequest, school_pk: int, year: int) -> HttpResponse:
    user = request.user
    school = school_for_user_or_404(user, school_pk)
    if not may_edit_indicators(user, school):
        raise PermissionDenied("Показатели школы вносят методисты-кураторы и начальник УО.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Такого года выпуска нет.")
    instance = SchoolYearIndicator.objects.filter(school=school, year=year).first()
    form = IndicatorForm(
        request.POST or None, instance=instance or SchoolYearIndicator(school=school, year=year)
    )
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.updated_by = user
        indicator.save()
        messages.success(request, f"Показатели {school.short_name} за {year} год сохранены.")
        return redirect(f"{reverse('medals:indicator_list')}?year={year}")
    return render(request, "medals/indicator_edit.html", {"school": school, "year": year, "form": form})
