"""The journal against the notebooks of tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from audit.exports import PdKind, pd_logged
from common.lists import export_response, list_context, wants_export
from schools.decorators import section_required
from schools.models import School

from ..access import candidates_visible
from ..comparison import grade_disagreements, totals_by_school
from ..filters import YearSchoolFilter
from ..lists import DISAGREEMENTS
from .common import is_member


@section_required("medals")
def comparison(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_member(user):
        return redirect("medals:member_rechecks")
    filterset = YearSchoolFilter(request.GET or None, queryset=candidates_visible(user), user=user)
    ids = list(filterset.qs.values_list("pk", flat=True))
    found = grade_disagreements(candidate_ids=ids)
    if wants_export(request):
        return export_response(
            request,
            rows=len(found),
            build=lambda: pd_logged(
                request,
                DISAGREEMENTS.export(found),
                kind=PdKind.LIST,
                what="Расхождения журнала и тетрадей (Excel)",
                pupils=len({d.candidate_id for d in found}),
            ),
        )
    totals = totals_by_school(candidate_ids=ids, disagreements=found)
    schools = School.objects.filter(pk__in=totals).order_by("short_name")
    return render(
        request,
        "medals/comparison.html",
        list_context(request, found, filterset=filterset, school_totals=[(s, totals[s.pk]) for s in schools]),
    )
