"""ВПР, ЕГЭ and ОГЭ result files: upload, columns, confirm, templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.uploads import confirm_waiting
from common.xlsx import xlsx_response

from ..access import (
    manager_required,
    upload_for_user_or_404,
    user_municipality,
)
from ..background import in_background, is_stale, upload_check_start, upload_load_queue, upload_resume
from ..ege_import import ege_column_answers, ege_template_xlsx
from ..forms import UploadForm, VprUploadForm
from ..models import (
    ResultUpload,
    VprGradingScale,
)
from ..oge_import import oge_column_answers, oge_template_xlsx
from ..uploads import upload_create, upload_run
from ..vpr_layout import vpr_column_answers, vpr_template_xlsx


def _upload_page(request: HttpRequest, kind: str) -> HttpResponse:
    municipality = user_municipality(request.user)
    form_class = VprUploadForm if kind == ResultUpload.Kind.VPR else UploadForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = form.options() if isinstance(form, VprUploadForm) else {}
        upload = upload_create(kind=kind, file=form.cleaned_data["file"], user=request.user, options=options)
        upload_check_start(upload=upload)
        return redirect("assessments:upload_detail", pk=upload.pk)
    uploads = ResultUpload.objects.filter(municipality=municipality, kind=kind).select_related("uploaded_by")[
        :10
    ]
    return render(
        request,
        "assessments/upload.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ResultUpload.Kind(kind).label,
            "uploads": uploads,
            "vpr_scales": VprGradingScale.objects.filter(municipality=municipality).select_related("subject")
            if kind == ResultUpload.Kind.VPR
            else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def vpr_upload(request: HttpRequest) -> HttpResponse:
    return _upload_page(request, ResultUpload.Kind.VPR)


@manager_required
def ege_upload(request: HttpRequest) -> HttpResponse:
    return _upload_page(request, ResultUpload.Kind.EGE)


@manager_required
def oge_upload(request: HttpRequest) -> HttpResponse:
    return _upload_page(request, ResultUpload.Kind.OGE)


@manager_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_for_user_or_404(request.user, pk)
    return render(request, "assessments/upload_detail.html", {"upload": upload, "stale": is_stale(upload)})


@manager_required
@require_POST
def upload_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to the column question of an ЕГЭ or ВПР file: remembered for the department, then the
    same file is checked again."""
    upload = upload_for_user_or_404(request.user, pk)
    if not (upload.summary or {}).get("column_question") or upload.status != ResultUpload.Status.FAILED:
        messages.info(request, "Для этого файла выбирать столбцы не нужно.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    remember = {
        ResultUpload.Kind.VPR: vpr_column_answers,
        ResultUpload.Kind.EGE: ege_column_answers,
        ResultUpload.Kind.OGE: oge_column_answers,
    }[upload.kind]
    if not remember(municipality=upload.municipality, data=request.POST):
        messages.error(request, "Выберите хотя бы один столбец файла.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    upload_check_start(upload=upload)
    return redirect("assessments:upload_detail", pk=upload.pk)


@manager_required
@require_POST
def upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_for_user_or_404(request.user, pk)
    if in_background(upload):
        if upload_load_queue(upload=upload):
            messages.info(request, "Файл большой: данные загружаются в фоне, страница обновится сама.")
        else:
            messages.error(request, "Загрузить можно только проверенный файл без ошибок.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    # Under a row lock: a second click or a second person waits, then finds the file already loaded.
    report = confirm_waiting(
        ResultUpload.objects,
        pk=upload.pk,
        waiting=ResultUpload.Status.PREVIEW,
        run=lambda locked: upload_run(upload=locked, dry_run=False),
    )
    if report is None:
        messages.error(request, "Загрузить можно только проверенный файл без ошибок.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    if report.ok:
        messages.success(request, f"Данные загружены: строк {len(report.rows)}.")
    else:
        messages.error(request, "Файл не загружен: при повторной проверке найдены ошибки.")
    return redirect("assessments:upload_detail", pk=upload.pk)


@manager_required
@require_POST
def upload_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    """«Начать заново» of a check or load whose worker did not come back (background.py)."""
    upload = upload_for_user_or_404(request.user, pk)
    if not upload_resume(upload=upload):
        messages.info(
            request, "Файл не ждёт повторного запуска: его проверка или загрузка идёт или закончена."
        )
    return redirect("assessments:upload_detail", pk=upload.pk)


@manager_required
def vpr_template(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    schools = list(municipality.schools.exclude(fis_oko_login="").order_by("short_name")[:3])
    return xlsx_response(
        vpr_template_xlsx(schools=schools, municipality_name=municipality.name), "vpr-fis-oko-template.xlsx"
    )


@manager_required
def ege_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(ege_template_xlsx(), "ege-template.xlsx")


@manager_required
def oge_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(oge_template_xlsx(), "oge-template.xlsx")
