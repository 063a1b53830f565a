"""Conversion scales: primary points to marks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.lists import nulls_last, sort_ordering
from common.xlsx import table_to_xlsx, xlsx_response

from ..access import (
    manager_required,
    may_manage_assessments,
    viewer_required,
)
from ..filters import (
    ScaleFilter,
)
from ..forms import (
    ScaleForm,
)
from ..scales import (
    may_change_shared_scales,
    scale_to_edit,
    scales_visible,
)
from .common import _list_context

SCALE_SORTS = {"subject": ("subject__order", "subject__name", "year"), "year": ("year", "subject__order")}


@viewer_required
def scale_list(request: HttpRequest) -> HttpResponse:
    filterset = ScaleFilter(request.GET or None, queryset=scales_visible(request.user))
    scales = filterset.qs.order_by(*nulls_last(sort_ordering(request, SCALE_SORTS, "subject")), "pk")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Шкалы перевода баллов",
            headers=["Предмет", "Год ЕГЭ", "Чья", "Максимальный первичный балл", "Тестовые баллы (0, 1, 2…)"],
            rows=(
                [
                    s.subject.name,
                    s.year,
                    str(s.municipality or "общая"),
                    s.max_primary,
                    " ".join(map(str, s.points)),
                ]
                for s in scales
            ),
            widths=[24, 10, 30, 16, 120],
        )
        return xlsx_response(content, "score-scales.xlsx")
    context = _list_context(
        request, filterset, scales, "subject", may_manage=may_manage_assessments(request.user)
    )
    own = {(s.subject_id, s.year) for s in context["page"].object_list if not s.is_shared}
    for s in context["page"].object_list:
        s.replaced = s.is_shared and (s.subject_id, s.year) in own
    context["may_change_shared"] = may_change_shared_scales(request.user)
    return render(request, "assessments/scale_list.html", context)


@manager_required
def scale_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scale = scale_to_edit(request.user, pk)
    form = ScaleForm(request.POST or None, instance=scale)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Общая шкала перевода сохранена."
            if scale.is_shared
            else "Шкала перевода вашего муниципалитета сохранена.",
        )
        return redirect("assessments:scale_list")
    note = ""
    if pk and not scale.is_shared and not scale.pk:
        note = (
            "Это общая шкала всех муниципалитетов: ваши изменения сохранятся как своя шкала вашего "
            "муниципалитета, остальные продолжат пользоваться общей."
        )
    return render(
        request, "assessments/form.html", {"form": form, "title": "Шкала перевода баллов", "note": note}
    )
