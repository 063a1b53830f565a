"""Conversion scales: primary points to marks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.lists import list_response

from ..access import manager_required, may_manage_assessments, viewer_required
from ..filters import ScaleFilter
from ..forms import ScaleForm
from ..lists import SCALES
from ..scales import may_change_shared_scales, scale_to_edit, scales_visible


@viewer_required
def scale_list(request: HttpRequest) -> HttpResponse:
    filterset = ScaleFilter(request.GET or None, queryset=scales_visible(request.user))
    scales = filterset.qs.order_by(*SCALES.ordering(request), "pk")
    user = request.user
    return list_response(
        request,
        SCALES,
        scales,
        template="assessments/scale_list.html",
        filterset=filterset,
        context={
            "may_manage": may_manage_assessments(user),
            "may_change_shared": may_change_shared_scales(user),
        },
        on_page=_mark_replaced,
    )


def _mark_replaced(context: dict) -> None:
    """A shared scale the municipality has its own copy of is marked «заменена своей» on the page."""
    own = {(s.subject_id, s.year) for s in context["page"].object_list if not s.is_shared}
    for s in context["page"].object_list:
        s.replaced = s.is_shared and (s.subject_id, s.year) in own


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
