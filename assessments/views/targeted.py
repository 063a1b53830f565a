"""A targeted measure («адресная мера») created from the objectivity analysis: from one flagged school's
page or from the schools ticked on the objectivity page, into the plan now in force, with the schools
prefilled. The rules live in ``roadmaps.targeted``; who may is ``roadmaps.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roadmaps.access import may_create_targeted_measures, targetable_schools
from roadmaps.forms import TargetedMeasureForm, deadline_understood
from roadmaps.models import DeadlineKind, TargetKind
from roadmaps.targeted import current_roadmap, next_number, targeted_measure_save

from ..access import user_municipality, viewer_required
from ..flag_years import flag_history
from .flags import NOTE


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.strip().isdigit()]


def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and 2015 <= int(value) <= 2100 else None


def _initial(request: HttpRequest, schools, year: int | None, roadmap) -> dict:
    asked = set(_ids(request.GET.getlist("school")))
    chosen = [school.pk for school in schools if school.pk in asked]
    if asked - set(chosen):
        messages.warning(request, "Часть отмеченных школ вам недоступна или не найдена: они не добавлены.")
    basis = f"по итогам ВПР {year} года" if year else "по итогам ВПР"
    return {
        "target_schools": chosen,
        "target_kind": TargetKind.METHODICAL_VISIT,
        "title": f"Адресная методическая помощь в обеспечении объективности оценивания ({basis})",
        "form": "Выезд в ОО: анализ организации и проверки ВПР, посещение уроков, консультации учителей",
        "number": next_number(roadmap),
        "responsible_text": request.user.short_name or "",
        "responsible_users": [request.user.pk],
        "expected_result": "Объективное оценивание; признаки необъективности не выявляются по итогам ВПР "
        + (f"{year + 1} года" if year else "следующего года"),
        "basis_year": year,
    }


@viewer_required
def targeted_measure_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_create_targeted_measures(user):
        raise PermissionDenied("Адресные меры создают начальник УО и методисты.")
    municipality = user_municipality(user)
    roadmap = current_roadmap(municipality=municipality, today=timezone.localdate())
    if roadmap is None:
        return render(request, "assessments/targeted_measure.html", {"roadmap": None, "note": NOTE})
    schools = targetable_schools(user, roadmap)
    year = _year(request.GET.get("year"))
    if request.method == "POST":
        form = TargetedMeasureForm(request.POST, roadmap=roadmap, schools=schools)
    else:
        form = TargetedMeasureForm(
            initial=_initial(request, schools, year, roadmap), roadmap=roadmap, schools=schools
        )
    context = {"roadmap": roadmap, "form": form, "note": NOTE, "year": year}
    if request.method == "POST" and form.is_valid():
        if form.needs_a_look:
            data = request.POST.copy()
            data["deadline_seen"] = form.cleaned_data["deadline_text"].strip()
            understood = form.understood
            context.update(
                form=TargetedMeasureForm(data, roadmap=roadmap, schools=schools),
                understood=deadline_understood(understood),
                understood_unknown=understood.kind == DeadlineKind.UNKNOWN,
                understood_warnings=understood.warnings,
            )
        else:
            with transaction.atomic():
                measure = form.save(commit=False)
                measure.roadmap = roadmap
                created = targeted_measure_save(measure=measure, schools=form.cleaned_data["target_schools"])
                form.save_m2m()  # the responsible people; the schools are those just saved
            messages.success(
                request, f"Адресная мера добавлена в дорожную карту; строк исполнения создано: {created}."
            )
            return redirect("roadmaps:measure_detail", pk=measure.pk)
    context["history"] = flag_history(municipality).rows(_chosen(form, schools))
    return render(request, "assessments/targeted_measure.html", context)


def _chosen(form: TargetedMeasureForm, schools) -> list:
    """The offered schools the form holds, matched in Python: a typed id may be any size."""
    values = {str(value) for value in form["target_schools"].value() or []}
    return [school for school in schools if str(school.pk) in values]
