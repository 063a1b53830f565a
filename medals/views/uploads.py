"""Uploads of the medal files: the page, the template, the check, the column question, saving, the file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.xlsx import xlsx_response
from schools.decorators import section_required

from ..access import may_upload, schools_for_upload, upload_for_user_or_404, uploads_visible
from ..forms import UploadForm
from ..importers.background import (
    in_background,
    is_stale,
    upload_check_start,
    upload_resume,
    upload_save_queue,
)
from ..importers.journal_cover import ALL, COVERED
from ..importers.templates import issued_template, journal_template, register_template
from ..importers.uploads import (
    upload_column_answers,
    upload_confirm,
    upload_create,
    upload_pupil_count,
)
from ..models import Upload

SHOWN_ERRORS = 300
UPLOAD_TITLES = {
    Upload.Kind.CANDIDATES: "Реестр претендентов",
    Upload.Kind.JOURNAL: "Выгрузка из электронного журнала",
    Upload.Kind.NOTEBOOK: "Отметки из тетрадей контрольных работ",
    Upload.Kind.ISSUED: "Выданные медали",
}


def _kind_or_404(kind: str) -> str:
    if kind not in Upload.Kind.values:
        raise Http404("Нет такого вида загрузки")
    return kind


@section_required("medals")
def upload_page(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    kind = _kind_or_404(kind)
    schools = schools_for_upload(user, kind)
    if not schools.exists():
        raise PermissionDenied("Этот файл загружают другие участники: руководители ОО или методисты УО.")
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools, kind=kind)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = upload_create(
            school=form.cleaned_data["school"], kind=kind, name=file.name, content=file, user=user
        )
        if form.cleaned_data.get("graduation_year"):
            upload.report = {"graduation_year": form.cleaned_data["graduation_year"]}
        upload_check_start(upload=upload)
        return redirect("medals:upload_detail", pk=upload.pk)
    history = uploads_visible(user).filter(kind=kind).select_related("school", "uploaded_by")[:20]
    return render(
        request,
        "medals/upload.html",
        {"form": form, "kind": kind, "title": UPLOAD_TITLES[kind], "history": history},
    )


@section_required("medals")
def upload_template(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if not schools_for_upload(request.user, kind).exists():
        raise PermissionDenied("Этот файл загружают другие участники: руководители ОО или методисты УО.")
    if kind == Upload.Kind.CANDIDATES:
        return xlsx_response(register_template(), "candidates-template.xlsx")
    if kind == Upload.Kind.ISSUED:
        return xlsx_response(issued_template(), "issued-medals-template.xlsx")
    return xlsx_response(journal_template(), f"{kind}-template.xlsx")


@section_required("medals")
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    upload = upload_for_user_or_404(user, pk)
    return render(
        request,
        "medals/upload_detail.html",
        {
            "upload": upload,
            "stale": is_stale(upload),
            "may_resume": may_upload(user, upload.school, upload.kind),
            "title": UPLOAD_TITLES[upload.kind],
            "errors": upload.errors[:SHOWN_ERRORS],
            "report": upload.report,
            "may_confirm": upload.status == Upload.Status.PREVIEW
            and may_upload(user, upload.school, upload.kind),
            "may_answer": upload.status == Upload.Status.REJECTED
            and may_upload(user, upload.school, upload.kind),
        },
    )


@section_required("medals")
@require_POST
def upload_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to the column question: remembered for the school and kind of file, then the same
    file is checked again."""
    user = request.user
    upload = upload_for_user_or_404(user, pk)
    if not may_upload(user, upload.school, upload.kind):
        raise PermissionDenied("Столбцы файла указывает тот, кто отвечает за данные школы.")
    if upload.status != Upload.Status.REJECTED:
        messages.info(request, "Этот файл уже проверен.")
        return redirect("medals:upload_detail", pk=upload.pk)
    answers = upload_column_answers(upload=upload, data=request.POST)
    if not answers:
        messages.error(request, "Выберите хотя бы один столбец файла.")
        return redirect("medals:upload_detail", pk=upload.pk)
    upload_check_start(upload=upload)
    return redirect("medals:upload_detail", pk=upload.pk)


@section_required("medals")
@require_POST
def upload_save(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    upload = upload_for_user_or_404(user, pk)
    if not may_upload(user, upload.school, upload.kind):
        raise PermissionDenied("Сохранять этот файл может тот, кто отвечает за данные школы.")
    replace = request.POST.get("replace", COVERED)
    if replace not in (COVERED, ALL):
        messages.error(request, "Выберите, дополнить прежние отметки или заменить их полностью.")
        return redirect("medals:upload_detail", pk=upload.pk)
    if in_background(upload):
        if upload_save_queue(upload=upload, replace=replace):
            messages.info(request, "Файл большой: он сохраняется в фоне, страница обновится сама.")
        else:
            messages.info(request, "Этот файл уже обработан.")
        return redirect("medals:upload_detail", pk=upload.pk)
    result = upload_confirm(upload=upload, replace=replace)
    if result is None:
        messages.info(request, "Этот файл уже обработан.")
    elif result.errors:
        messages.error(request, "Файл не сохранён: при сохранении нашлись ошибки, они перечислены ниже.")
    else:
        removed = f" Удалено прежних, которых нет в файле: {result.removed}." if result.removed else ""
        messages.success(
            request, f"Сохранено строк: {result.saved}. Заменено прежних: {result.replaced}.{removed}"
        )
    return redirect("medals:upload_detail", pk=upload.pk)


@section_required("medals")
@require_POST
def upload_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    """«Начать заново» of a check or save whose worker did not come back (importers/background.py)."""
    user = request.user
    upload = upload_for_user_or_404(user, pk)
    if not may_upload(user, upload.school, upload.kind):
        raise PermissionDenied("Проверку и сохранение файла запускает тот, кто отвечает за данные школы.")
    if not upload_resume(upload=upload):
        messages.info(
            request, "Файл не ждёт повторного запуска: его проверка или сохранение идёт или закончена."
        )
    return redirect("medals:upload_detail", pk=upload.pk)


@section_required("medals")
def upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_for_user_or_404(request.user, pk)
    if not upload.file:
        raise Http404("Файл не сохранён")
    return pd_logged(
        request,
        FileResponse(upload.file.open("rb"), as_attachment=True, filename=upload.original_name),
        kind=PdKind.FILE,
        what=f"{upload.get_kind_display().capitalize()}: «{upload.original_name}», {upload.school}",
        pupils=upload_pupil_count(upload=upload),
    )
