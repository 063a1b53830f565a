"""The ВПР dates of many schools at once: the coordinator uploads the list the schools sent, sees what it
adds (or every error by row and column), then confirms. The rules live in ``vpr_dates_import``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.xlsx import xlsx_response

from ..access import manager_required, user_municipality, vpr_dates_upload_for_user_or_404
from ..forms import UploadForm
from ..models import VprDatesUpload
from ..vpr_dates_import import vpr_dates_confirm, vpr_dates_template, vpr_dates_upload_create

SHOWN_ERRORS = 300


@manager_required
def vpr_dates_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = vpr_dates_upload_create(municipality=municipality, file=form.cleaned_data["file"], user=user)
        return redirect("assessments:vpr_dates_upload_detail", pk=upload.pk)
    uploads = VprDatesUpload.objects.filter(municipality=municipality).select_related("uploaded_by")[:20]
    return render(
        request,
        "assessments/vpr_dates_upload.html",
        {"form": form, "uploads": uploads},
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def vpr_dates_upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = vpr_dates_upload_for_user_or_404(request.user, pk)
    return render(
        request,
        "assessments/vpr_dates_upload_detail.html",
        {"upload": upload, "errors": upload.errors[:SHOWN_ERRORS], "report": upload.report},
    )


@manager_required
@require_POST
def vpr_dates_upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = vpr_dates_upload_for_user_or_404(request.user, pk)
    result = vpr_dates_confirm(upload=upload, user=request.user)
    if result is None:
        messages.info(request, "Этот список уже обработан.")
    elif not result.ok:
        messages.error(request, "Список не сохранён: при сохранении нашлись ошибки, они перечислены ниже.")
    else:
        messages.success(
            request, f"Даты сохранены: новых — {result.added}, уже были — {len(result.days) - result.added}."
        )
    return redirect("assessments:vpr_dates_upload_detail", pk=upload.pk)


@manager_required
def vpr_dates_template_xlsx(request: HttpRequest) -> HttpResponse:
    return xlsx_response(vpr_dates_template(), "vpr-dates-template.xlsx")
