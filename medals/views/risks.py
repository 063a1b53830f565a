"""Risk groups: candidates, teachers and schools."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from audit.exports import PdKind, pd_logged
from common.kept_pages import kept_page
from common.lists import export_response, list_page, list_query, wants_export
from common.xlsx import school_column_omitted
from schools.access import schools_visible
from schools.decorators import section_required
from schools.models import User

from ..access import candidates_visible
from ..eligibility import MEDAL_RULES
from ..filters import YearSchoolFilter
from ..indicators import school_medal_indicators
from ..kept_rows import medal_rows
from ..lists import (
    RISK_CANDIDATES,
    RISK_SCHOOLS,
    RISK_TEACHERS,
)
from ..risk_cache import cached_candidate_assessments
from ..risks import benchmark_for, school_risk_reasons, teacher_risks
from .common import current_graduation_year, is_member

RISK_TABS = {"candidates": "Претенденты", "teachers": "Учителя", "schools": "Школы"}


def _at_risk(candidates) -> list:
    """The assessments of the candidates with a reason, in their order. The rules read the candidate and
    their former school, not the pupil or the school: those are read for the rows shown (``_named``)."""
    assessed = cached_candidate_assessments(candidates=candidates.select_related("previous_school"))
    return [a for a in assessed.values() if a.reasons]


def _named(items) -> None:
    # Two queries for the rows shown, where joining every candidate's pupil and school made three model
    # instances a candidate for the rules that read neither (region scale: 617 candidates, 19 → 11 ms).
    prefetch_related_objects([a.candidate for a in items], "pupil", "school")


def _risk_candidates_file(request: HttpRequest, ordered) -> HttpResponse:
    items = _at_risk(ordered)
    _named(items)
    return pd_logged(
        request,
        RISK_CANDIDATES.export(items, omit=school_column_omitted(request.user)),
        kind=PdKind.LIST,
        what="Группа риска: претенденты (Excel)",
        pupils=len({a.candidate.pupil_id for a in items}),
    )


@section_required("medals")
@kept_page(medal_rows)
def risk_groups(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_member(user):
        return redirect("medals:member_rechecks")
    tab = request.GET.get("tab") if request.GET.get("tab") in RISK_TABS else "candidates"
    filterset = YearSchoolFilter(request.GET or None, queryset=candidates_visible(user), user=user)
    current = current_graduation_year()
    years = filterset.years
    year = filterset.chosen_year or (current if current in years or not years else years[0])
    candidates = filterset.qs.filter(graduation_year=year)
    context = {
        "filter": filterset,
        "tab": tab,
        "tabs": RISK_TABS,
        "year": year,
        "rules": MEDAL_RULES,
        "keep": [("tab", tab)],
    }
    exporting = wants_export(request)
    if tab == "candidates":
        ordered = candidates.order_by("school__short_name", "pupil__last_name")
        if exporting:
            # The number of candidates decides where the file is built; the risk rules run there.
            return export_response(
                request, rows=ordered.count(), build=lambda: _risk_candidates_file(request, ordered)
            )
        context["items"] = _at_risk(ordered)
    elif tab == "teachers":
        context["items"] = teacher_risks(candidate_ids=candidates.values_list("pk", flat=True))
        if exporting:
            return export_response(
                request,
                rows=len(context["items"]),
                build=lambda: RISK_TEACHERS.export(context["items"], omit=school_column_omitted(user)),
            )
    else:
        context["items"], context["benchmark"] = _school_rows(user, filterset, year)
        context["schools_at_risk"] = sum(1 for _, _, reasons in context["items"] if reasons)
        if exporting:
            return export_response(
                request,
                rows=len(context["items"]),
                build=lambda: RISK_SCHOOLS.export(context["items"], omit=school_column_omitted(user)),
            )
    context["query"] = list_query(request)
    # A region's municipality has hundreds of candidates in its risk group: the page shows them 50 at a
    # time (the counts above the table are of all of them), the Excel file has them all.
    context["page"] = list_page(request, context["items"])
    if tab == "candidates":
        _named(context["page"].object_list)
    return render(request, "medals/risk_groups.html", context)


def _school_rows(user: User, filterset: YearSchoolFilter, year: int):
    schools = schools_visible(user).order_by("short_name")
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("school"):
        schools = schools.filter(pk=filterset.form.cleaned_data["school"].pk)
    schools = list(schools)
    indicators = school_medal_indicators(school_ids=[s.pk for s in schools], year=year)
    benchmark = benchmark_for(year=year)
    items = []
    for school in schools:
        i = indicators[school.pk]
        reasons = school_risk_reasons(
            share=i.share,
            benchmark=benchmark,
            medalists_last_year=i.medalists_last_year,
            medalists_last_year_ege_below_70=i.medalists_last_year_ege_below_70,
            candidates_at_risk=i.candidates_at_risk,
        )
        items.append((school, i, reasons))
    items.sort(key=lambda item: (-len(item[2]), item[0].short_name))
    return items, benchmark
