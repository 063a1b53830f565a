from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.lists import list_page, list_response
from common.xlsx import school_column_omitted
from schools.access import (
    may_change_school_data,
    may_import_roadmaps,
    may_view_school,
)
from schools.decorators import section_required
from schools.models import User

from .access import (
    evidence_for_user_or_404,
    may_change_progress,
    may_manage_roadmaps,
    measure_for_user_or_404,
    measures_visible,
    progress_for_user_or_404,
    refuse_if_archived,
    require_roadmap_manager,
    roadmap_for_user_or_404,
    roadmaps_visible,
    section_for_user_or_404,
)
from .bulk_status import changeable_rows, versions_field
from .evidence import evidence_attach, evidence_delete
from .filters import ProgressFilter
from .forms import (
    EvidenceForm,
    MeasureForm,
    ProgressForm,
    RoadmapApproveForm,
    RoadmapForm,
    SectionForm,
    deadline_understood,
)
from .lists import ROADMAPS, measures_listing
from .models import DeadlineKind, Evidence, Measure, Progress, ProgressStatus, Roadmap, Section
from .progress import (
    DoneWithoutProofError,
    StaleProgressError,
    obligations_q,
    overdue_q,
    progress_for_lists,
    progress_sync_for_measure,
    progress_update,
    progress_visible,
)
from .rows import progress_row_items

# --- roadmaps --------------------------------------------------------------------------------------


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


# --- measures and their per-school progress ---------------------------------------------------------


@section_required("roadmaps")
def measure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = progress_for_lists(user).filter(obligations_q())
    filterset = ProgressFilter(request.GET or None, queryset=base, user=user)
    today = timezone.localdate()
    listing = measures_listing(today)
    rows = filterset.qs.order_by(*listing.ordering(request), "pk")
    return list_response(
        request,
        listing,
        rows,
        template="roadmaps/partials/progress_table.html" if request.htmx else "roadmaps/measure_list.html",
        filterset=filterset,
        omit=school_column_omitted(user),
        context={"today": today},
        export_rows=lambda rows: rows.iterator(chunk_size=2000),
    )


@section_required("roadmaps")
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    measure = measure_for_user_or_404(user, pk)
    rows = (
        progress_visible(user)
        .filter(measure=measure)
        .select_related("school", "updated_by", "measure__roadmap")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("-uploaded_at")))
        .order_by("school__short_name")
    )
    page = list_page(request, rows)
    items = progress_row_items(user, page)
    return render(
        request,
        "roadmaps/measure_detail.html",
        {
            "measure": measure,
            "roadmap": measure.roadmap,
            "items": items,
            "page": page,
            "may_manage": may_manage_roadmaps(user) and measure.roadmap.status != Roadmap.Status.ARCHIVED,
            "responsible_users": measure.responsible_users.all(),
            "children": measure.children.order_by("order"),
            # The «one status for several schools» form (roadmaps/bulk_status.py).
            "bulk_rows": (bulk_rows := changeable_rows(user, measure)),
            "bulk_versions": versions_field(bulk_rows),
            "bulk_statuses": ProgressStatus.choices,
        },
    )


@section_required("roadmaps")
def progress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    progress = progress_for_user_or_404(user, pk, change=request.method == "POST")
    form = ProgressForm(instance=progress)
    if request.method == "POST":
        form = ProgressForm(request.POST, instance=Progress.objects.get(pk=progress.pk))
        if form.is_valid():
            try:
                progress_update(
                    progress=progress,
                    user=user,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
            except DoneWithoutProofError as exc:
                form.add_error("status", str(exc))
                return render(
                    request,
                    "roadmaps/progress_detail.html",
                    _progress_context(user, progress, form),
                    status=400,
                )
            except StaleProgressError as exc:
                progress = exc.current
                # Keep what the user typed; move the form to the current version: a second save is deliberate.
                data = request.POST.copy()
                data["version"] = str(progress.version)
                form = ProgressForm(data, instance=progress)
                form.add_error(None, str(exc))
                return render(
                    request,
                    "roadmaps/progress_detail.html",
                    _progress_context(user, progress, form),
                    status=409,
                )
            messages.success(request, "Сохранено.")
            return redirect("roadmaps:progress_detail", pk=progress.pk)
    return render(request, "roadmaps/progress_detail.html", _progress_context(user, progress, form))


def _progress_context(user: User, progress: Progress, form: ProgressForm) -> dict:
    return {
        "progress": progress,
        "measure": progress.measure,
        "roadmap": progress.measure.roadmap,
        "form": form,
        "evidence_form": EvidenceForm(),
        "may_change": may_change_progress(user, progress),
        "changes": progress.changes.select_related("changed_by")[:50],
        "evidence": progress.evidence.select_related("uploaded_by"),
    }


@section_required("roadmaps")
def progress_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline edit of one row (htmx): answers with the row itself, or the row with the conflict shown."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    progress = progress_for_user_or_404(user, pk, change=True)
    prefix = f"p{progress.pk}"
    form = ProgressForm(request.POST, instance=Progress.objects.get(pk=progress.pk), prefix=prefix)
    status_code = 200
    error = None
    saved = False
    if form.is_valid():
        try:
            progress = progress_update(
                progress=progress,
                user=user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
            form = ProgressForm(instance=progress, prefix=prefix)
            saved = True
        except DoneWithoutProofError as exc:
            error = str(exc)
            status_code = 400
        except StaleProgressError as exc:
            error = str(exc)
            progress = exc.current
            # Keep what the user typed; move the form to the current version: a second save is deliberate.
            data = request.POST.copy()
            data[f"{prefix}-version"] = str(progress.version)
            form = ProgressForm(data, instance=progress, prefix=prefix)
            status_code = 409
    else:
        error = "Проверьте значения: " + "; ".join(e for errs in form.errors.values() for e in errs)
        status_code = 400
    if not request.htmx:
        if status_code == 409:
            # Without htmx there is no row to swap in: show the full form with what the user typed.
            typed = {
                "status": form["status"].value(),
                "comment": form["comment"].value(),
                "version": progress.version,
            }
            full_form = ProgressForm(typed, instance=progress)
            full_form.add_error(None, error)
            return render(
                request,
                "roadmaps/progress_detail.html",
                _progress_context(user, progress, full_form),
                status=409,
            )
        if saved:
            messages.success(request, "Сохранено.")
        elif error:
            messages.error(request, error)
        return redirect("roadmaps:measure_detail", pk=progress.measure_id)
    return render(
        request,
        "roadmaps/partials/progress_row.html",
        {"p": progress, "form": form, "may_change": True, "error": error, "saved": saved},
        status=status_code,
    )


# --- evidence --------------------------------------------------------------------------------------


@section_required("roadmaps")
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    progress = progress_for_user_or_404(user, pk, change=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_attach(progress=progress, user=user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _back_to_progress(request, progress, status=400)
        messages.success(request, "Файл прикреплён.")
        return _back_to_progress(request, progress)
    messages.error(request, "Выберите файл для загрузки.")
    return _back_to_progress(request, progress, status=400)


def _back_to_progress(request: HttpRequest, progress: Progress, status: int = 302) -> HttpResponse:
    target = request.POST.get("next") or reverse("roadmaps:progress_detail", args=[progress.pk])
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("roadmaps:progress_detail", args=[progress.pk])
    if status == 302:
        return redirect(target)
    user = request.user
    return render(
        request,
        "roadmaps/progress_detail.html",
        _progress_context(user, progress, ProgressForm(instance=progress)),
        status=status,
    )


@section_required("roadmaps")
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = evidence_for_user_or_404(request.user, pk)
    if not may_view_school(request.user, evidence.progress.school):
        raise PermissionDenied
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@section_required("roadmaps")
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for_user_or_404(request.user, pk)
    progress = evidence.progress
    refuse_if_archived(progress.measure.roadmap)
    if not may_change_school_data(request.user, progress.school):
        raise PermissionDenied("Удалять файлы может только тот, кто ведёт эту строку.")
    evidence_delete(evidence=evidence)
    messages.success(request, "Файл удалён.")
    return redirect("roadmaps:progress_detail", pk=progress.pk)
