"""Re-checks: the department's list and the commission member's own works."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.lists import export_response, list_context, wants_export
from common.xlsx import school_column_omitted
from schools.decorators import section_required
from schools.models import User

from ..access import (
    candidates_visible,
    current_grade_for_user_or_404,
    may_manage_rechecks,
    member_recheck_or_404,
    recheck_for_manager_or_404,
    rechecks_for_member,
    rechecks_visible,
    schools_changeable,
)
from ..filters import RecheckFilter
from ..forms import MemberRecheckForm, RecheckEditForm, RecheckProposeForm
from ..lists import RECHECKS
from ..rechecks import (
    CLOSED_MESSAGE,
    mark_comparison,
    recheck_add,
    recheck_close,
    recheck_members,
    recheck_propose,
    recheck_record,
    recheck_update,
)
from .common import require_staff


@section_required("medals")
def recheck_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_staff(user)
    base = rechecks_visible(user).select_related(
        "candidate__pupil", "candidate__school", "subject", "assigned_to"
    )
    filterset = RecheckFilter(
        request.GET or None, queryset=base.order_by("candidate__school__short_name", "code"), user=user
    )
    if wants_export(request):
        rechecks = list(filterset.qs)
        return export_response(
            request,
            rows=len(rechecks),
            build=lambda: pd_logged(
                request,
                RECHECKS.export(rechecks, omit=school_column_omitted(request.user)),
                kind=PdKind.LIST,
                what="Работы на перепроверку (Excel)",
                pupils=len({r.candidate.pupil_id for r in rechecks}),
            ),
        )
    return render(
        request,
        "medals/recheck_list.html",
        list_context(
            request,
            filterset.qs,
            filterset=filterset,
            propose_schools=schools_changeable(user).order_by("short_name"),
        ),
    )


@section_required("medals")
@require_POST
def recheck_propose_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_staff(user)
    candidates = candidates_visible(user).filter(is_active=True, school__in=schools_changeable(user))
    form = RecheckProposeForm(request.POST, schools=schools_changeable(user))
    if not form.is_valid():
        messages.error(request, "Школа для перепроверки не найдена среди ваших школ: ничего не добавлено.")
        return redirect("medals:recheck_list")
    if form.cleaned_data["school"]:
        candidates = candidates.filter(school=form.cleaned_data["school"])
    added = recheck_propose(candidates=candidates.select_related("pupil", "previous_school"), user=user)
    if added:
        messages.success(request, f"В список перепроверки добавлено работ: {added}.")
    else:
        messages.info(request, "Новых работ для перепроверки не найдено: всё предложенное уже в списке.")
    return redirect("medals:recheck_list")


@section_required("medals")
@require_POST
def recheck_add_view(request: HttpRequest, grade_pk: int) -> HttpResponse:
    user = request.user
    grade = current_grade_for_user_or_404(user, grade_pk)
    if not may_manage_rechecks(user, grade.candidate.school):
        raise PermissionDenied("Список перепроверки ведут методисты УО.")
    try:
        recheck = recheck_add(grade=grade, user=user, reason="Добавлена методистом")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Работа в списке перепроверки под шифром {recheck.code}.")
    return redirect("medals:candidate_detail", pk=grade.candidate_id)


@section_required("medals")
def recheck_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recheck = recheck_for_manager_or_404(user, pk)
    initial = {
        "assigned_to": recheck.assigned_to,
        "excluded": recheck.status == recheck.Status.EXCLUDED,
        "note": recheck.note,
    }
    form = RecheckEditForm(request.POST or None, initial=initial, members=recheck_members(recheck=recheck))
    if recheck.is_closed or recheck.status != recheck.Status.DONE:
        del form.fields["close"]
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                recheck_update(
                    recheck=recheck,
                    member=form.cleaned_data["assigned_to"],
                    excluded=form.cleaned_data["excluded"],
                    note=form.cleaned_data["note"],
                )
                if form.cleaned_data.get("close"):
                    recheck_close(recheck=recheck, user=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Работа {recheck.code} сохранена.")
            return redirect("medals:recheck_list")
    return render(request, "medals/recheck_edit.html", {"recheck": recheck, "form": form})


@section_required("medals")
def member_rechecks(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role != User.Role.COMMISSION_MEMBER:
        raise PermissionDenied("Эта страница — для членов комиссии.")
    rows = rechecks_for_member(user).select_related("subject").order_by("status", "work_date", "code")
    return render(request, "medals/member_rechecks.html", {"rows": rows})


@section_required("medals")
def member_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recheck = member_recheck_or_404(user, pk)
    # The mark field starts empty even when a mark is recorded: a correction is chosen, never inherited.
    form = MemberRecheckForm(request.POST or None, initial={"comment": recheck.recheck_comment})
    confirming, status, error = False, 200, ""
    if request.method == "POST" and recheck.is_closed:
        form = MemberRecheckForm(initial={"comment": recheck.recheck_comment})
        error, status = CLOSED_MESSAGE, 409
    elif request.method == "POST" and form.is_valid():
        if "confirm" in request.POST:
            # The second screen: the mark was seen beside the teacher's and confirmed.
            try:
                recheck_record(
                    recheck=recheck, mark=form.cleaned_data["mark"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 409
            else:
                saved = f"Отметка «{recheck.recheck_mark}» по работе {recheck.code} сохранена."
                messages.success(request, saved)
                return redirect("medals:member_rechecks")
        elif "back" not in request.POST:
            confirming = True
    elif request.method == "POST":
        status = 400
    mark = form.cleaned_data.get("mark", "") if form.is_bound and hasattr(form, "cleaned_data") else ""
    return render(
        request,
        "medals/member_recheck.html",
        {
            "recheck": recheck,
            "form": form,
            "confirming": confirming,
            "error": error,
            "mark": mark,
            "comparison": mark_comparison(recheck=recheck, mark=mark) if confirming else "",
        },
        status=status,
    )
