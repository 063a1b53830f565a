"""Roadmaps: the list, a roadmap's page, creating, editing, approving and archiving it, sections, measures."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.lists import list_response
from schools.access import may_import_roadmaps
from schools.decorators import section_required
from schools.models import User

from ..access import (
    may_manage_roadmaps,
    measure_for_user_or_404,
    measures_visible,
    refuse_if_archived,
    require_roadmap_manager,
    roadmap_for_user_or_404,
    roadmaps_visible,
    section_for_user_or_404,
)
from ..forms import MeasureForm, RoadmapApproveForm, RoadmapForm, SectionForm, deadline_understood
from ..lists import ROADMAPS
from ..models import DeadlineKind, Measure, ProgressStatus, Roadmap, Section
from ..progress import overdue_q, progress_sync_for_measure, progress_visible


@section_required("roadmaps")
def roadmap_list(request: HttpRequest) -> HttpResponse:
    # Meta.ordering does not apply to a query with GROUP BY: order it here.
    roadmaps = (
        roadmaps_visible(request.user)
        .select_related("school")
        .annotate(n_measures=Count("measures"))
        .order_by("-period_start", "title")
    )
    status = request.GET.get("status")
    if status in Roadmap.Status.values:
        roadmaps = roadmaps.filter(status=status)
    return list_response(
        request,
        ROADMAPS,
        roadmaps,
        template="roadmaps/roadmap_list.html",
        context={
            "status": status,
            "statuses": Roadmap.Status.choices,
            "may_manage": may_manage_roadmaps(request.user),
            "may_import": may_import_roadmaps(request.user),
        },
    )


@section_required("roadmaps")
def roadmap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    roadmap = roadmap_for_user_or_404(user, pk)
    today = timezone.localdate()
    visible = progress_visible(user).filter(measure__roadmap=roadmap)
    counts = {
        row["measure_id"]: row
        for row in visible.values("measure_id").annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ProgressStatus.DONE)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    }
    own_rows = {}
    if user.role == User.Role.SCHOOL_HEAD:
        own_rows = {p.measure_id: p for p in visible.select_related("measure")}
    measures = list(
        measures_visible(user).filter(roadmap=roadmap).select_related("section").order_by("order", "pk")
    )
    sections: list[tuple[Section | None, list[Measure]]] = []
    for measure in measures:
        measure.counts = counts.get(measure.pk)
        measure.own_progress = own_rows.get(measure.pk)
        if not sections or sections[-1][0] != measure.section:
            sections.append((measure.section, []))
        sections[-1][1].append(measure)
    return render(
        request,
        "roadmaps/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "appendices": roadmap.appendices.all(),
            "may_manage": may_manage_roadmaps(user),
            "today": today,
        },
    )


@section_required("roadmaps")
def roadmap_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_roadmap_manager(user)
    form = RoadmapForm(request.POST or None, municipality=user.municipality)
    if request.method == "POST" and form.is_valid():
        roadmap = form.save(commit=False)
        roadmap.municipality = user.municipality
        if roadmap.municipality is None:
            form.add_error(None, "У вашей учётной записи не указан муниципалитет.")
        else:
            roadmap.created_by = user
            roadmap.save()
            messages.success(request, "Дорожная карта создана. Добавьте разделы и мероприятия.")
            return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    return render(request, "roadmaps/form.html", {"form": form, "title": "Новая дорожная карта"})


@section_required("roadmaps")
def roadmap_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require_roadmap_manager(user)
    roadmap = roadmap_for_user_or_404(user, pk)
    refuse_if_archived(roadmap)
    form = RoadmapForm(request.POST or None, instance=roadmap, municipality=roadmap.municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            for measure in roadmap.measures.select_related("roadmap"):
                progress_sync_for_measure(measure=measure)
        messages.success(request, "Изменения сохранены.")
        return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    return render(
        request, "roadmaps/form.html", {"form": form, "title": "Дорожная карта", "roadmap": roadmap}
    )


@section_required("roadmaps")
def roadmap_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require_roadmap_manager(user)
    roadmap = roadmap_for_user_or_404(user, pk)
    if roadmap.status != Roadmap.Status.DRAFT:
        messages.error(
            request,
            "Дорожная карта в архиве: её нельзя утвердить."
            if roadmap.status == Roadmap.Status.ARCHIVED
            else "Дорожная карта уже утверждена: утвердить можно только черновик.",
        )
        return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    form = RoadmapApproveForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and form.is_valid():
        roadmap = form.save(commit=False)
        roadmap.status = Roadmap.Status.APPROVED
        roadmap.approved_at = timezone.now()
        roadmap.save()
        messages.success(request, "Дорожная карта отмечена как утверждённая.")
        return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    return render(
        request,
        "roadmaps/form.html",
        {"form": form, "title": "Утверждение дорожной карты", "roadmap": roadmap},
    )


@section_required("roadmaps")
@require_POST
def roadmap_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require_roadmap_manager(user)
    roadmap = roadmap_for_user_or_404(user, pk)
    roadmap.status = Roadmap.Status.ARCHIVED
    roadmap.archived_at = timezone.now()
    roadmap.save(update_fields=["status", "archived_at", "updated_at"])
    messages.success(
        request, "Дорожная карта перенесена в архив: она больше не попадает в сводки и напоминания."
    )
    return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)


@section_required("roadmaps")
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_roadmap_manager(request.user)
    roadmap = roadmap_for_user_or_404(request.user, pk)
    refuse_if_archived(roadmap)
    form = SectionForm(request.POST or None, initial={"order": roadmap.sections.count() + 1})
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        section.roadmap = roadmap
        section.save()
        messages.success(request, "Раздел добавлен.")
        return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    return render(request, "roadmaps/form.html", {"form": form, "title": "Новый раздел", "roadmap": roadmap})


@section_required("roadmaps")
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_roadmap_manager(request.user)
    section = section_for_user_or_404(request.user, pk)
    refuse_if_archived(section.roadmap)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Раздел сохранён.")
        return redirect("roadmaps:roadmap_detail", pk=section.roadmap_id)
    return render(
        request, "roadmaps/form.html", {"form": form, "title": "Раздел", "roadmap": section.roadmap}
    )


@section_required("roadmaps")
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_roadmap_manager(request.user)
    roadmap = roadmap_for_user_or_404(request.user, pk)
    refuse_if_archived(roadmap)
    form = MeasureForm(request.POST or None, roadmap=roadmap)
    if request.method == "POST" and form.is_valid():
        if form.needs_a_look:
            return _measure_form_to_check(request, form, roadmap, "Новое мероприятие")
        with transaction.atomic():
            measure = form.save()
            created = progress_sync_for_measure(measure=measure)
        messages.success(request, f"Мероприятие добавлено; строк исполнения создано: {created}.")
        return redirect("roadmaps:measure_detail", pk=measure.pk)
    return render(
        request, "roadmaps/form.html", {"form": form, "title": "Новое мероприятие", "roadmap": roadmap}
    )


def _measure_form_to_check(
    request: HttpRequest, form: MeasureForm, roadmap: Roadmap, title: str
) -> HttpResponse:
    """Nothing is saved yet: the person sees how the deadline was understood and saves again."""
    data = request.POST.copy()
    data["deadline_seen"] = form.cleaned_data["deadline_text"].strip()
    shown = MeasureForm(data, instance=form.instance, roadmap=roadmap)
    understood = form.understood
    return render(
        request,
        "roadmaps/form.html",
        {
            "form": shown,
            "title": title,
            "roadmap": roadmap,
            "understood": deadline_understood(understood),
            "understood_unknown": understood.kind == DeadlineKind.UNKNOWN,
            "understood_warnings": understood.warnings,
        },
    )


@section_required("roadmaps")
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_roadmap_manager(request.user)
    measure = measure_for_user_or_404(request.user, pk)
    refuse_if_archived(measure.roadmap)
    form = MeasureForm(request.POST or None, instance=measure, roadmap=measure.roadmap)
    if request.method == "POST" and form.is_valid():
        if form.needs_a_look:
            return _measure_form_to_check(request, form, measure.roadmap, "Мероприятие")
        with transaction.atomic():
            form.save()
            progress_sync_for_measure(measure=measure)
        messages.success(request, "Мероприятие сохранено.")
        return redirect("roadmaps:measure_detail", pk=measure.pk)
    return render(
        request, "roadmaps/form.html", {"form": form, "title": "Мероприятие", "roadmap": measure.roadmap}
    )
