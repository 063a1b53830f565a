"""«Анализ эффективности принятых мер»: the page and its Excel. The rule lives in ``assessments.effect``."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.lists import export_response, wants_export
from common.xlsx import school_column_omitted
from roadmaps.access import may_create_targeted_measures
from schools.access import schools_visible
from schools.models import Municipality, School

from ..access import user_municipality, viewer_required
from ..effect import OUTCOME_LABELS, EffectAnalysis, default_effect_year, effect_analysis, effect_years
from ..flag_years import flag_history
from ..lists import effect_listing
from .flags import NOTE


class EffectYearForm(forms.Form):
    year = forms.TypedChoiceField(label="Год ВПР после мер", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year} (меры по итогам {year - 1})") for year in years]


@viewer_required
def effect(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    years = effect_years(municipality=municipality)
    form = EffectYearForm(request.GET if "year" in request.GET else None, years=years)
    schools = schools_visible(user)
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        analysis = effect_analysis(municipality=municipality, year=year, schools=schools)
    else:
        year, analysis = _newest_with_rows(municipality, years, schools)
    if analysis is not None and wants_export(request):
        # A school head's file has no «Школа» nor its «Код» columns: both are always their own school.
        omit = (*school_column_omitted(user), "Код") if school_column_omitted(user) else ()
        return export_response(
            request,
            rows=len(analysis.rows),
            build=lambda: effect_listing(analysis.year).export(analysis.rows, omit=omit),
        )
    return render(
        request,
        "assessments/effect.html",
        {
            "form": form,
            "year": year,
            "analysis": analysis,
            "note": NOTE,
            "outcomes": OUTCOME_LABELS,
            "may_target": may_create_targeted_measures(user),
        },
    )


def _newest_with_rows(
    municipality: Municipality, years: list[int], schools: QuerySet[School]
) -> tuple[int | None, EffectAnalysis | None]:
    """Without a year asked for: the newest loaded year whose analysis has rows for this person's schools
    (a school head's school may have had measures two years ago only), else the newest loaded year."""
    loaded = flag_history(municipality).years
    newest = None
    for year in years:
        if year not in loaded:
            continue
        analysis = effect_analysis(municipality=municipality, year=year, schools=schools)
        if analysis.rows:
            return year, analysis
        newest = newest or analysis
    if newest is not None:
        return newest.year, newest
    year = default_effect_year(years=years, loaded=loaded)
    return year, effect_analysis(municipality=municipality, year=year, schools=schools) if year else None
