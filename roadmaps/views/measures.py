"""Measures and their per-school progress: the lists, a measure's page, a school's row and its status."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from common.forms import form_errors
from common.kept_pages import kept_page
from common.lists import CompiledRows, filters_key, list_page, list_response, wants_export
from common.prepared import ARGUMENT, compiled_objects, person_key
from common.xlsx import school_column_omitted
from schools.decorators import section_required
from schools.models import User

from ..access import (
    may_change_progress,
    may_manage_roadmaps,
    measure_for_user_or_404,
    progress_for_user_or_404,
)
from ..bulk_status import changeable_rows, versions_field
from ..filters import ProgressFilter
from ..forms import EvidenceForm, ProgressForm
from ..kept_rows import plan_rows
from ..lists import measures_listing, progress_for_export, progress_for_page
from ..models import Evidence, Progress, ProgressChange, ProgressStatus, Roadmap
from ..progress import (
    DoneWithoutProofError,
    StaleProgressError,
    obligations_q,
    progress_for_lists,
    progress_update,
    progress_visible,
)
from ..rows import progress_row_items


@section_required("roadmaps")
@kept_page(plan_rows)
def measure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = progress_for_lists(user).filter(obligations_q())
    filterset = ProgressFilter(request.GET or None, queryset=base, user=user)
    today = timezone.localdate()
    listing = measures_listing(today)

    def rows() -> QuerySet[Progress]:
        return filterset.qs.order_by(*listing.ordering(request), "pk")

    # The page and its count by queries compiled once for this person, day, filters and sort.
    person = person_key(user)
    valid = not filterset.is_bound or filterset.form.is_valid()
    page_rows = CompiledRows(
        ("measure_list", *person, today, valid, filters_key(request)), lambda: progress_for_page(rows())
    )
    return list_response(
        request,
        listing,
        progress_for_page(rows()) if wants_export(request) else page_rows,
        template="roadmaps/partials/progress_table.html" if request.htmx else "roadmaps/measure_list.html",
        filterset=filterset,
        omit=school_column_omitted(user),
        context={"today": today},
        export_rows=lambda _page_rows: progress_for_export(rows()),
    )


@section_required("roadmaps")
@kept_page(plan_rows)
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
            # Up to common.lists.PAGE_SIZE schools a measure has one page, whose rows are then all it has.
            "bulk_rows": (
                bulk_rows := changeable_rows(
                    user, measure, seen=None if page.has_other_pages() else list(page.object_list)
                )
            ),
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
        # A copy for the form to fill in: progress_update compares with the row as it was loaded.
        form = ProgressForm(request.POST, instance=copy.copy(progress))
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
                    progress_context(user, progress, form),
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
                    progress_context(user, progress, form),
                    status=409,
                )
            messages.success(request, "Сохранено.")
            return redirect("roadmaps:progress_detail", pk=progress.pk)
    return render(request, "roadmaps/progress_detail.html", progress_context(user, progress, form))


def progress_context(user: User, progress: Progress, form: ProgressForm) -> dict:
    """What a school's progress page shows (also when evidence sends the person back to it)."""
    return {
        "progress": progress,
        "measure": progress.measure,
        "roadmap": progress.measure.roadmap,
        "form": form,
        "evidence_form": EvidenceForm(),
        "may_change": may_change_progress(user, progress),
        "changes": compiled_objects(("progress_changes",), _changes, argument=progress.pk),
        "evidence": compiled_objects(("progress_evidence",), _evidence, argument=progress.pk),
    }


# A row's history and files, for any row: compiled once a process, the row's id put in (common.prepared).
# The page opens before every save of a status, and building the two querysets cost more than reading them.
def _changes() -> QuerySet[ProgressChange]:
    return ProgressChange.objects.filter(progress_id=ARGUMENT).select_related("changed_by")[:50]


def _evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(progress_id=ARGUMENT).select_related("uploaded_by")


@section_required("roadmaps")
def progress_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline edit of one row (htmx): answers with the row itself, or the row with the conflict shown."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    progress = progress_for_user_or_404(user, pk, change=True)
    prefix = f"p{progress.pk}"
    form = ProgressForm(request.POST, instance=copy.copy(progress), prefix=prefix)
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
        error = "Проверьте значения: " + form_errors(form, "; ")
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
                progress_context(user, progress, full_form),
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
