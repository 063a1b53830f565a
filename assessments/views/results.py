"""The lists of ВПР and ЕГЭ results."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse

from audit.exports import PdKind, pd_logged
from common.lists import export_response, list_response, shared_rows, wants_export
from common.xlsx import school_column_omitted
from schools.access import school_q
from schools.models import Pupil

from ..access import may_manage_assessments, viewer_required
from ..filters import EgeResultFilter, VprResultFilter
from ..lists import EGE_RESULTS, VPR_RESULTS
from ..models import EgeResult, VprResult, VprTest


@viewer_required
def vpr_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = VprResult.objects.filter(school_q(user, model=VprResult)).select_related("test__subject", "school")
    filterset = VprResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-test__year", "test__subject__order", "test__grade", "school__short_name")
    return list_response(
        request,
        VPR_RESULTS,
        rows,
        template="assessments/vpr_results.html",
        filterset=filterset,
        omit=school_column_omitted(user),
        context={"may_manage": may_manage_assessments(user)},
        export_rows=lambda rows: shared_rows(
            rows, Prefetch("test", VprTest.objects.select_related("subject")), "school"
        ),
    )


@viewer_required
def ege_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = EgeResult.objects.filter(school_q(user, "pupil__school", model=EgeResult)).select_related(
        "subject", "pupil__school"
    )
    filterset = EgeResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-year", "pupil__school__short_name", "pupil__last_name", "subject__order")
    if wants_export(request):
        return export_response(
            request,
            rows=rows.count(),
            build=lambda: pd_logged(
                request,
                EGE_RESULTS.export(
                    shared_rows(rows, "subject", Prefetch("pupil", Pupil.objects.select_related("school"))),
                    omit=school_column_omitted(user),
                ),
                kind=PdKind.LIST,
                what="Результаты ЕГЭ (Excel)",
                pupils=rows.values("pupil").distinct().count(),
            ),
        )
    return list_response(
        request,
        EGE_RESULTS,
        rows,
        template="assessments/ege_results.html",
        filterset=filterset,
        context={"may_manage": may_manage_assessments(user)},
    )
