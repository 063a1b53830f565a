"""A commission member's works, by code only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.lists import nulls_last, sort_ordering
from common.xlsx import table_to_xlsx, xlsx_response

from ..access import (
    checker_required,
)
from ..commissions import (
    ScoreError,
    work_max_score,
    work_score_enter,
    works_for_checker,
    works_max_scores,
)
from ..filters import (
    WorkFilter,
)
from ..forms import (
    ScoreForm,
)
from .common import _list_context

WORK_SORTS = {
    "code": ("code",),
    "exam": ("exam__subject__order", "exam__round", "code"),
    "date": ("exam__starts_at", "code"),
    "score": ("primary_score", "code"),
}


@checker_required
def my_works(request: HttpRequest) -> HttpResponse:
    filterset = WorkFilter(request.GET or None, queryset=works_for_checker(request.user))
    works = filterset.qs.order_by(*nulls_last(sort_ordering(request, WORK_SORTS, "date")))
    if request.GET.get("export") == "xlsx":
        works = list(works)
        maxima = works_max_scores(works)
        # Codes only: the export leaves the page as depersonalised as the page itself.
        content = table_to_xlsx(
            title="Мои работы на проверку",
            headers=["Код работы", "Предмет", "Этап", "Дата экзамена", "Первичный балл", "Максимальный балл"],
            rows=(
                [
                    w.code,
                    w.exam.subject.name,
                    w.exam.get_round_display(),
                    timezone.localtime(w.exam.starts_at).date(),
                    w.primary_score,
                    maxima[w.pk],
                ]
                for w in works
            ),
            widths=[14, 24, 18, 14, 16, 18],
        )
        return xlsx_response(content, "my-works.xlsx")
    context = _list_context(request, filterset, works, "date")
    maxima = works_max_scores(context["page"].object_list)
    for work in context["page"].object_list:
        work.max_score = maxima[work.pk]
    return render(request, "assessments/my_works.html", context)


@checker_required
@require_POST
def work_score(request: HttpRequest, code: str) -> HttpResponse:
    work = get_object_or_404(works_for_checker(request.user), code=code)
    form = ScoreForm(request.POST)
    error = None
    if form.is_valid():
        try:
            work_score_enter(work=work, user=request.user, primary_score=form.cleaned_data["primary_score"])
        except ScoreError as exc:
            error = str(exc)
    else:
        error = f"Работа {work.code}: укажите первичный балл целым числом."
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Балл работы {work.code} сохранён.")
        return redirect("assessments:my_works")
    work.max_score = work_max_score(work)
    return render(
        request,
        "assessments/partials/work_row.html",
        {"work": work, "error": error, "saved": error is None},
        status=400 if error else 200,
    )
