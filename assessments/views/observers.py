"""Public observers, procedures and their bookings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.kept_pages import kept_page
from common.lists import list_response, sort_ordering
from schools.access import schools_visible
from schools.models import School

from ..access import (
    assignment_for_user_or_404,
    manager_required,
    may_manage_assessments,
    observer_for_user_or_404,
    procedure_for_user_or_404,
    user_municipality,
)
from ..filters import ObserverFilter, ProcedureFilter
from ..forms import ReportForm
from ..kept_rows import observer_rows
from ..lists import OBSERVER_GAPS, OBSERVERS, PROCEDURES
from ..models import Observer, Procedure
from ..observer_forms import AssignForm, ObserverForm, ProcedureForm
from ..observers import AssignmentError, observer_assign, observer_report, procedure_coverage
from .common import staff_required
from .vpr import flagged_assignments, procedure_vpr_context


@staff_required
@kept_page(observer_rows)
def observer_list(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    base = (
        Observer.objects.filter(municipality=municipality)
        .select_related("school")
        .annotate(n_assignments=Count("assignments", distinct=True))
    )
    filterset = ObserverFilter(request.GET or None, queryset=base, municipality=municipality)
    observers = filterset.qs.order_by(*OBSERVERS.ordering(request), "pk")
    return list_response(
        request,
        OBSERVERS,
        observers,
        template="assessments/observer_list.html",
        filterset=filterset,
        context={"may_manage": may_manage_assessments(request.user)},
    )


@manager_required
def observer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = user_municipality(request.user)
    observer = observer_for_user_or_404(request.user, pk) if pk else Observer()
    form = ObserverForm(request.POST or None, instance=observer, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        observer = form.save(commit=False)
        observer.municipality = municipality
        observer.save()
        form.save_conflicts(observer)
        messages.success(request, "Наблюдатель сохранён.")
        return redirect("assessments:observer_list")
    return render(request, "assessments/form.html", {"form": form, "title": "Общественный наблюдатель"})


def _count_coverage(procedures: list[Procedure], schools: QuerySet[School]) -> list[Procedure]:
    """Set ``n_schools`` and ``n_gaps`` (schools without an observer) on each procedure, among ``schools``."""
    coverage = procedure_coverage(procedures=procedures, schools=schools)
    for procedure in procedures:
        rows = [c for c in coverage if c.procedure.pk == procedure.pk]
        procedure.n_schools = len(rows)
        procedure.n_gaps = sum(1 for c in rows if c.is_gap)
    return procedures


@staff_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = Procedure.objects.filter(municipality=user_municipality(user)).select_related("subject")
    filterset = ProcedureFilter(request.GET or None, queryset=base, user=user)
    procedures = filterset.qs.prefetch_related("schools").order_by(*PROCEDURES.ordering(request), "pk")

    def counted(context: dict) -> None:
        context["page"].object_list = _count_coverage(
            list(context["page"].object_list), schools_visible(user)
        )

    return list_response(
        request,
        PROCEDURES,
        procedures,
        template="assessments/procedure_list.html",
        filterset=filterset,
        context={"may_manage": may_manage_assessments(user)},
        export_rows=lambda procedures: _count_coverage(list(procedures), schools_visible(user)),
        on_page=counted,
    )


@manager_required
def procedure_create(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    form = ProcedureForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        procedure = form.save(commit=False)
        procedure.municipality = municipality
        procedure.save()
        form.save_m2m()
        messages.success(request, "Процедура добавлена. Назначьте наблюдателей в школы.")
        return redirect("assessments:procedure_detail", pk=procedure.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "Новая оценочная процедура"})


@staff_required
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    procedure = procedure_for_user_or_404(user, pk)
    form = AssignForm(request.POST or None, procedure=procedure)
    if request.method == "POST":
        if not may_manage_assessments(user):
            raise PermissionDenied("Назначать наблюдателей может начальник УО или муниципальный координатор.")
        if form.is_valid():
            try:
                observer_assign(procedure=procedure, **form.cleaned_data)
            except AssignmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Наблюдатель назначен.")
                return redirect("assessments:procedure_detail", pk=procedure.pk)
    coverage = procedure_coverage(procedures=[procedure], schools=schools_visible(user))
    return render(
        request,
        "assessments/procedure_detail.html",
        {
            "procedure": procedure,
            "coverage": coverage,
            "gaps": sum(1 for c in coverage if c.is_gap),
            "form": form,
            "may_manage": may_manage_assessments(user),
            **procedure_vpr_context(procedure=procedure, user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def assignment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_user_or_404(request.user, pk)
    initial = {
        "violations": "yes" if assignment.violations else "no",
        "report_text": assignment.report_text,
    }
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            observer_report(
                assignment=assignment,
                violations=form.cleaned_data["violations"],
                text=form.cleaned_data["report_text"],
            )
        except AssignmentError as exc:
            form.add_error("report_text", str(exc))
        else:
            messages.success(request, "Отчёт наблюдателя сохранён.")
            return redirect("assessments:procedure_detail", pk=assignment.procedure_id)
    title = f"Отчёт: {assignment.observer.short_name}, {assignment.school.short_name}"
    return render(
        request, "assessments/form.html", {"form": form, "title": title, "procedure": assignment.procedure}
    )


@manager_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_user_or_404(request.user, pk)
    procedure_id = assignment.procedure_id
    assignment.delete()
    messages.success(request, "Назначение снято.")
    return redirect("assessments:procedure_detail", pk=procedure_id)


GAP_KEYS = {
    "date": lambda c: (c.procedure.held_on, c.school.short_name),
    "procedure": lambda c: (str(c.procedure), c.procedure.held_on, c.school.short_name),
    "school": lambda c: (c.school.short_name, c.procedure.held_on),
}


@staff_required
def observer_gaps(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = Procedure.objects.filter(municipality=user_municipality(user)).select_related("subject")
    filterset = ProcedureFilter(request.GET or None, queryset=base, user=user)
    schools = schools_visible(user)
    if filterset.chosen_school is not None:
        schools = schools.filter(pk=filterset.chosen_school.pk)
    procedures = filterset.qs.prefetch_related("schools")
    gaps = [c for c in procedure_coverage(procedures=procedures, schools=schools) if c.is_gap]
    (order,) = sort_ordering(request, OBSERVER_GAPS.sorts, OBSERVER_GAPS.default_sort)
    gaps.sort(key=GAP_KEYS[order.lstrip("-")], reverse=order.startswith("-"))
    return list_response(
        request,
        OBSERVER_GAPS,
        gaps,
        template="assessments/observer_gaps.html",
        filterset=filterset,
        context={"today": timezone.localdate()},
        on_page=lambda context: context.update(flagged=flagged_assignments(user, procedures=procedures)[:50]),
    )
