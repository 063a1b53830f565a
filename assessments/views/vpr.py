"""Pages of ВПР as held since 2025: the schools' own dates, the observers' acts (and their printout), the
federal sample on the procedure's page and the schools an act flagged."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from schools.access import school_for_user_or_404, schools_visible
from schools.models import School, User

from ..access import (
    act_reader_required,
    assignments_visible,
    booking_for_user_or_404,
    may_enter_school_days,
    may_write_act,
    procedure_for_user_or_404,
    user_municipality,
    viewer_required,
)
from ..federal_sample import federal_sample_comparison
from ..models import ObserverAssignment, Procedure, SchoolProcedureDay
from ..observer_acts import ActError, act_record, act_view
from ..observer_forms import ObserverActForm, SchoolDayForm
from ..vpr_dates import DateError, school_day_add, school_day_remove


def flagged_assignments(user: User, *, procedures=None):
    """Bookings whose act marked a violation, among the schools the user sees: the flag on the pages."""
    found = assignments_visible(user).filter(violations=True)
    if procedures is not None:
        found = found.filter(procedure__in=procedures)
    return found.select_related("school", "procedure__subject", "observer").order_by("-procedure__held_on")


def procedure_vpr_context(*, procedure: Procedure, user: User) -> dict:
    """What the procedure's page adds: each school's own dates, the federal sample and its comparison."""
    visible = set(schools_visible(user).values_list("pk", flat=True))
    days: dict[int, list[date]] = {}
    for day in SchoolProcedureDay.objects.filter(procedure=procedure, school__in=visible):
        days.setdefault(day.school_id, []).append(day.held_on)
    sample_ids = set(procedure.federal_sample.values_list("pk", flat=True))
    comparison = None
    if sample_ids and procedure.kind == Procedure.Kind.VPR:
        comparison = federal_sample_comparison(procedure)
    return {
        "school_days": days,
        "sample_ids": sample_ids,
        "comparison": comparison,
        "comparison_rows": (
            [("Федеральная выборка", comparison.sample), ("Остальные школы", comparison.rest)]
            if comparison
            else []
        ),
        "may_enter_days": {
            s.pk for s in procedure.schools.filter(pk__in=visible) if may_enter_school_days(user, s)
        },
    }


@viewer_required
def vpr_dates(request: HttpRequest) -> HttpResponse:
    """The ВПР with a federal window and, for each school the user sees, the dates it chose."""
    user = request.user
    procedures = list(
        Procedure.objects.filter(municipality=user_municipality(user), window_start__isnull=False)
        .select_related("subject")
        .order_by("-window_start", "pk")[:200]
    )
    visible = schools_visible(user)
    days: dict[tuple[int, int], list[date]] = {}
    for day in SchoolProcedureDay.objects.filter(procedure__in=procedures, school__in=visible):
        days.setdefault((day.procedure_id, day.school_id), []).append(day.held_on)
    bookings: dict[tuple[int, int], list[ObserverAssignment]] = {}
    for booking in assignments_visible(user).filter(procedure__in=procedures).select_related("observer"):
        bookings.setdefault((booking.procedure_id, booking.school_id), []).append(booking)
    rows = []
    for procedure in procedures:
        for school in procedure.schools.filter(pk__in=visible).order_by("short_name"):
            key = (procedure.pk, school.pk)
            rows.append((procedure, school, sorted(days.get(key, [])), bookings.get(key, [])))
    return render(request, "assessments/vpr_dates.html", {"rows": rows})


@viewer_required
def school_dates(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    user = request.user
    procedure = procedure_for_user_or_404(user, pk)
    school = school_for_user_or_404(user, school_pk)
    if not procedure.schools.filter(pk=school.pk).exists():
        raise Http404("Школа не участвует в процедуре.")
    may_enter = may_enter_school_days(user, school)
    form = SchoolDayForm(request.POST if "remove" not in request.POST else None)
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied("Даты школы вносят её руководитель или муниципальный координатор.")
        if "remove" in request.POST:
            removed = SchoolDayForm({"day": request.POST.get("remove")})
            form = SchoolDayForm()
            try:
                if not removed.is_valid():
                    raise DateError("Дата для удаления не распознана.")
                school_day_remove(procedure=procedure, school=school, day=removed.cleaned_data["day"])
            except DateError as exc:
                form.errors_text = str(exc)
            else:
                messages.success(request, "Дата удалена.")
                return redirect("assessments:school_dates", pk=procedure.pk, school_pk=school.pk)
        elif form.is_valid():
            try:
                school_day_add(procedure=procedure, school=school, day=form.cleaned_data["day"], user=user)
            except DateError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Дата {form.cleaned_data['day']:%d.%m.%Y} сохранена.")
                return redirect("assessments:school_dates", pk=procedure.pk, school_pk=school.pk)
    days = SchoolProcedureDay.objects.filter(procedure=procedure, school=school).order_by("held_on")
    return render(
        request,
        "assessments/school_dates.html",
        {
            "procedure": procedure,
            "school": school,
            "days": days,
            "form": form,
            "may_enter": may_enter,
            "remove_error": getattr(form, "errors_text", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@act_reader_required
def observer_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The act of one booking: read by whoever sees the school and by the booked observer; written by the
    observer with a login, or entered by the coordinator or the department head from the paper form."""
    user = request.user
    assignment = booking_for_user_or_404(user, pk)
    may_enter = may_write_act(user, assignment)
    view = act_view(assignment)
    initial = (
        {"stages": view.act.stages, "violations": view.act.violations, "remarks": view.act.remarks}
        if view.act
        else {}
    )
    form = ObserverActForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied(
                "Акт заполняет сам наблюдатель или вносит муниципальный координатор (начальник УО)."
            )
        if form.is_valid():
            try:
                act_record(assignment=assignment, user=user, **form.cleaned_data)
            except ActError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Акт наблюдателя сохранён.")
                return redirect("assessments:observer_act", pk=assignment.pk)
    return render(
        request,
        "assessments/observer_act.html",
        {"view": view, "assignment": assignment, "form": form, "may_enter": may_enter},
        status=400 if request.method == "POST" else 200,
    )


@act_reader_required
def observer_act_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The act on one A4 page (WeasyPrint, the shared print style)."""
    assignment = booking_for_user_or_404(request.user, pk)
    view = act_view(assignment)
    if view.act is None:
        messages.error(request, "Акт ещё не заполнен: печатать нечего.")
        return redirect("assessments:observer_act", pk=assignment.pk)
    pdf = act_document(view).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    # The document's own name (school and day), never a database id; UTF-8 as filename*.
    name = f"Акт наблюдателя, {assignment.school.short_name}, {assignment.day:%d.%m.%Y}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, re.sub(r'[\\/:*?"<>|]+', "-", name))
    return response


def act_document(view):
    """The act laid out by WeasyPrint (``.pages`` tells how many pages it takes)."""
    from weasyprint import HTML

    html = render_to_string(
        "assessments/print/observer_act.html", {"view": view, "assignment": view.assignment}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def school_flagged(user: User, school: School) -> bool:
    return flagged_assignments(user).filter(school=school).exists()
