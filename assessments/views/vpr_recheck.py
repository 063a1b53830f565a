"""Pages of the municipal re-check of ВПР works; the rules live in assessments.vpr_recheck.

- The department (staff) reads what the re-check found, per school of the schools each person sees.
- The coordinator and the department head choose the works and the commission (one step: chosen and shared
  out, or refused with the reason and nothing saved) and see which code is which school's work.
- A commission member sees the works given to them by code only and enters their task scores.
- A school head sees nothing of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.lists import export_response, wants_export
from schools.access import schools_visible

from ..access import (
    checker_required,
    manager_required,
    may_manage_assessments,
    recheck_readers_required,
    recheck_work_for_checker_or_404,
    user_municipality,
    vpr_recheck_for_user_or_404,
)
from ..lists import vpr_recheck_listing
from ..models import VprRecheck, VprTest
from ..objectivity import pct
from ..vpr_recheck import (
    DistributionError,
    RecheckError,
    eligible_members,
    flagged_school_ids,
    recheck_distribute,
    recheck_results,
    recheck_select,
    recheck_summary,
    recheck_tasks,
    recheck_work_score,
    recheck_works_for_checker,
)
from ..vpr_recheck_forms import RecheckScoreForm, RecheckSelectForm

NOTE = (
    "Перепроверка — муниципальная проверка объективности оценивания работ, а не рейтинг школ и учителей: "
    "результаты ВПР не используются для оценки работы учителей."
)


def _share(value: float | None) -> str:
    return "—" if value is None else pct(value)


def _school_rows(per_school: dict, visible_ids: set[int]) -> list[dict]:
    return [
        {
            "pk": pk,
            **row,
            **{
                f"{key}_text": _share(row[key])
                for key in ("lowered_share", "raised_share", "objective_share")
            },
        }
        for pk, row in per_school.items()
        if pk in visible_ids
    ]


@recheck_readers_required
def recheck_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    tests = VprTest.objects.filter(municipality=municipality).select_related("subject")
    years = sorted(set(tests.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    summary = recheck_summary(municipality=municipality, year=year)
    visible = set(schools_visible(user).values_list("pk", flat=True))
    schools = _school_rows(summary["per_school"], visible)
    if wants_export(request):
        return export_response(
            request, rows=len(schools), build=lambda: vpr_recheck_listing(year).export(schools)
        )
    rechecks = list(
        VprRecheck.objects.filter(municipality=municipality, test__year=year).select_related("test__subject")
    )
    for recheck in rechecks:
        _, recheck.total = recheck_results(recheck)
    without = [
        test for test in tests if test.year == year and not any(r.test_id == test.pk for r in rechecks)
    ]
    return render(
        request,
        "assessments/vpr_recheck_list.html",
        {
            "years": years,
            "year": year,
            "summary": summary,
            "objective_text": _share(summary["objective_after_recheck_share"]),
            "schools": schools,
            "rechecks": rechecks,
            "without": without,
            "may_manage": may_manage_assessments(user),
            "note": NOTE,
        },
    )


@recheck_readers_required
def recheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recheck = vpr_recheck_for_user_or_404(user, pk)
    summary_rows, total = recheck_results(recheck)
    visible = {school.pk: school for school in schools_visible(user)}
    schools = [
        {
            "school": visible[row.school_id],
            "row": row,
            "lowered": _share(row.lowered_share),
            "raised": _share(row.raised_share),
            "objective": _share(row.objective_share),
        }
        for row in summary_rows
        if row.school_id in visible
    ]
    manage = may_manage_assessments(user)
    context = {
        "recheck": recheck,
        "schools": schools,
        "total": total,
        "total_objective": _share(total.objective_share),
        "may_manage": manage,
        "note": NOTE,
    }
    if manage:
        # Which code is which school's work, and who checks it: the organisers' knowledge only.
        context["works"] = recheck.works.select_related("school", "result", "checker").order_by(
            "school__short_name", "code"
        )
        context["members"] = recheck.members.select_related("school").order_by("last_name", "first_name")
    return render(request, "assessments/vpr_recheck_detail.html", context)


@manager_required
def recheck_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    tests = VprTest.objects.filter(municipality=municipality).select_related("subject")
    members = eligible_members(municipality)
    initial: dict = {"members": list(members)}
    chosen = (
        tests.filter(pk=request.GET.get("test")).first()
        if str(request.GET.get("test", "")).isdigit()
        else None
    )
    if chosen is not None:
        initial["test"] = chosen
        existing = VprRecheck.objects.filter(test=chosen).first()
        if existing is not None:
            initial.update(
                mode=existing.mode,
                share_percent=existing.share_percent or 10,
                seed=existing.seed if existing.mode == VprRecheck.Mode.SAMPLE else None,
                members=list(existing.members.all()) or list(members),
            )
    form = RecheckSelectForm(request.POST or None, initial=initial, tests=tests, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                recheck = recheck_select(
                    test=data["test"],
                    mode=data["mode"],
                    user=user,
                    members=list(data["members"]),
                    percent=data.get("share_percent"),
                    seed=data.get("seed"),
                )
                loads = recheck_distribute(recheck=recheck)
        except (RecheckError, DistributionError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Выбрано работ: {recheck.works.count()}; распределены между членами комиссии "
                f"({len(loads)} чел., по {min(loads.values())}–{max(loads.values())} работ).",
            )
            return redirect("assessments:vpr_recheck_detail", pk=recheck.pk)
    test = form.cleaned_data.get("test") if form.is_bound and hasattr(form, "cleaned_data") else chosen
    flagged = []
    if test is not None:
        names = {s.pk: s.short_name for s in municipality.schools.all()}
        flagged = sorted(
            (names.get(pk, ""), ", ".join(reasons)) for pk, reasons in flagged_school_ids(test).items()
        )
    return render(
        request,
        "assessments/vpr_recheck_form.html",
        {"form": form, "test": test, "flagged": flagged, "no_members": not members.exists(), "note": NOTE},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- the commission member ------------------------------------------------------------------------------


@checker_required
def recheck_works(request: HttpRequest) -> HttpResponse:
    works = recheck_works_for_checker(request.user)
    return render(
        request,
        "assessments/vpr_recheck_works.html",
        {"works": works, "unscored": sum(1 for w in works if w.primary_score is None)},
    )


@checker_required
def recheck_score(request: HttpRequest, code: str) -> HttpResponse:
    work = recheck_work_for_checker_or_404(request.user, code)
    test = work.recheck.test
    tasks = recheck_tasks(test)
    form = RecheckScoreForm(request.POST or None, tasks=tasks, initial_scores=work.task_scores)
    error = None
    if request.method == "POST":
        try:
            recheck_work_score(work=work, user=request.user, values=form.values())
        except RecheckError as exc:
            error = f"Работа {work.code}: {exc} Баллы не сохранены."
        else:
            messages.success(
                request,
                f"Баллы работы {work.code} сохранены: первичный балл {work.primary_score}, "
                f"отметка «{work.mark}».",
            )
            # Straight on to the member's next work without scores, if any is left.
            following = recheck_works_for_checker(request.user).filter(primary_score__isnull=True).first()
            if following is not None:
                return redirect("assessments:vpr_recheck_score", code=following.code)
            return redirect("assessments:vpr_recheck_works")
    return render(
        request,
        "assessments/vpr_recheck_score.html",
        {"work": work, "test": test, "form": form, "error": error, "tasks": tasks},
        status=400 if error else 200,
    )
