"""The list of ОГЭ results (anonymous: a participant code, never a name)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from common.lists import list_response, shared_rows
from common.xlsx import school_column_omitted
from schools.access import school_q

from ..access import may_manage_assessments, viewer_required
from ..filters import OgeResultFilter
from ..lists import OGE_RESULTS
from ..models import OgeResult


@viewer_required
def oge_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = OgeResult.objects.filter(school_q(user, model=OgeResult)).select_related("subject", "school")
    filterset = OgeResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-year", "school__short_name", "subject__order", "participant_code", "pk")
    return list_response(
        request,
        OGE_RESULTS,
        rows,
        template="assessments/oge_results.html",
        filterset=filterset,
        omit=school_column_omitted(user),
        context={"may_manage": may_manage_assessments(user)},
        export_rows=lambda rows: shared_rows(rows, "subject", "school"),
    )
