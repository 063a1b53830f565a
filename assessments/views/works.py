"""A commission member's works, by code only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.lists import list_response

from ..access import checker_required, work_for_checker_or_404
from ..commissions import ScoreError, work_max_score, work_score_enter, works_for_checker, works_max_scores
from ..filters import WorkFilter
from ..forms import ScoreForm
from ..lists import MY_WORKS


@checker_required
def my_works(request: HttpRequest) -> HttpResponse:
    filterset = WorkFilter(request.GET or None, queryset=works_for_checker(request.user))
    works = filterset.qs.order_by(*MY_WORKS.ordering(request))
    return list_response(
        request,
        MY_WORKS,
        works,
        template="assessments/my_works.html",
        filterset=filterset,
        export_rows=_with_max_scores,
        on_page=lambda context: _with_max_scores(context["page"].object_list),
    )


def _with_max_scores(works) -> list:
    works = list(works)
    maxima = works_max_scores(works)
    for work in works:
        work.max_score = maxima[work.pk]
    return works


@checker_required
@require_POST
def work_score(request: HttpRequest, code: str) -> HttpResponse:
    work = work_for_checker_or_404(request.user, code)
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
