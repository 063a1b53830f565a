"""The lists of ВПР and ЕГЭ results."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.exports import PdKind, pd_logged
from common.xlsx import school_column_omitted, table_to_xlsx, xlsx_response
from schools.access import school_q

from ..access import (
    may_manage_assessments,
    viewer_required,
)
from ..filters import (
    EgeResultFilter,
    VprResultFilter,
)
from ..models import (
    EgeResult,
    VprResult,
)
from .common import PAGE_SIZE, _query


@viewer_required
def vpr_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = VprResult.objects.filter(school_q(user)).select_related("test__subject", "school")
    filterset = VprResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-test__year", "test__subject__order", "test__grade", "school__short_name")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Результаты ВПР",
            headers=[
                "Год",
                "Предмет",
                "Класс",
                "Школа",
                "Код участника",
                "Первичный балл",
                "Отметка",
                "По журналу",
            ],
            rows=(
                [
                    r.test.year,
                    r.test.subject.name,
                    r.class_name,
                    r.school.short_name,
                    r.participant_code,
                    r.primary_score,
                    r.mark,
                    r.journal_mark,
                ]
                for r in rows.iterator(chunk_size=2000)
            ),
            widths=[8, 20, 8, 36, 16, 14, 10, 12],
            omit=school_column_omitted(user),
        )
        return xlsx_response(content, "vpr-results.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/vpr_results.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "may_manage": may_manage_assessments(user),
        },
    )


@viewer_required
def ege_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = EgeResult.objects.filter(school_q(user, "pupil__school")).select_related(
        "subject", "pupil__school"
    )
    filterset = EgeResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-year", "pupil__school__short_name", "pupil__last_name", "subject__order")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Результаты ЕГЭ",
            headers=["Год", "Школа", "Ученик", "Предмет", "Дата", "Первичный балл", "Тестовый балл"],
            rows=(
                [
                    r.year,
                    r.pupil.school.short_name,
                    r.pupil.full_name,
                    r.subject.name,
                    r.exam_date,
                    r.primary_score,
                    r.score_100,
                ]
                for r in rows.iterator(chunk_size=2000)
            ),
            widths=[8, 36, 36, 20, 12, 14, 14],
            omit=school_column_omitted(user),
        )
        return pd_logged(
            request,
            xlsx_response(content, "ege-results.xlsx"),
            kind=PdKind.LIST,
            what="Результаты ЕГЭ (Excel)",
            pupils=rows.values("pupil").distinct().count(),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/ege_results.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "may_manage": may_manage_assessments(user),
        },
    )
