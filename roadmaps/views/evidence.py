"""The evidence attached to a school's progress: uploading, downloading, removing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from schools.access import may_change_school_data, may_view_school
from schools.decorators import section_required

from ..access import (
    evidence_for_user_or_404,
    progress_for_user_or_404,
    refuse_if_archived,
)
from ..evidence import evidence_attach, evidence_delete
from ..forms import EvidenceForm, ProgressForm
from ..models import Progress
from .measures import progress_context


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
        progress_context(user, progress, ProgressForm(instance=progress)),
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
