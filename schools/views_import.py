"""Loading the list of schools from a spreadsheet in the browser: the department head only."""

from __future__ import annotations

import uuid
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from common.imports import (
    answers_from_form,
    column_question,
    remember_columns,
    remembered_columns,
    suffix_problem,
)

from .access import may_manage_roadmaps
from .decorators import section_required
from .models import Municipality
from .school_import import (
    ACCEPTED_SUFFIXES,
    KIND,
    SCHOOL_COLUMNS,
    normalize_header,
    schools_import,
    schools_template_rows,
)
from .xlsx import table_to_xlsx, xlsx_response


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="Таблица .xlsx, .xls или .csv: код, наименования, тип и муниципалитет школы, "
        "логин ФИС ОКО (если есть).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(suffix_problem(upload.name or "файл"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            size, limit = filesizeformat(upload.size), filesizeformat(settings.IMPORT_MAX_BYTES)
            raise forms.ValidationError(f"Файл весит {size}, а можно не больше {limit}.")
        return upload


PENDING_KEY = "school_import_pending"  # the session's note of a file waiting for the column question


def _pending_path(token: str, suffix: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "pending" / f"{token}{suffix}"


def _column_scope(user) -> str:
    return f"municipality:{user.municipality_id}" if user.municipality_id else f"user:{user.pk}"


@section_required("schools")
def school_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_manage_roadmaps(user):
        raise PermissionDenied("Список школ загружает начальник УО.")
    municipalities = Municipality.objects.all()
    if user.municipality_id:
        municipalities = municipalities.filter(pk=user.municipality_id)
    if request.GET.get("template"):
        headers, rows = schools_template_rows()
        rows[0][4] = user.municipality.name if user.municipality_id else ""
        return xlsx_response(
            table_to_xlsx(title="Школы", headers=headers, rows=rows), "schools-template.xlsx"
        )
    allowed = {normalize_header(m.name): m for m in municipalities}
    scope = _column_scope(user)
    pending = request.session.get(PENDING_KEY) or {}
    if request.method == "POST" and request.POST.get("pending"):
        # The answer to the column question about a file uploaded a moment ago.
        form = SchoolImportForm()
        path = _pending_path(pending.get("token", ""), pending.get("suffix", ""))
        if request.POST["pending"] != pending.get("token") or not path.is_file():
            messages.error(request, "Файл для проверки не найден: загрузите его снова.")
            return redirect("schools:school_import")
        answers = answers_from_form(request.POST, SCHOOL_COLUMNS)
        chosen = {**remembered_columns(scope=scope, kind=KIND), **answers}
        result = schools_import(path=path, name=pending["name"], municipalities=allowed, chosen=chosen)
        name = pending["name"]
    elif request.method == "POST":
        form = SchoolImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "schools/import.html", {"form": form})
        upload = form.cleaned_data["file"]
        name = upload.name
        token, suffix = uuid.uuid4().hex, PurePath(upload.name).suffix.lower()
        path = _pending_path(token, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        pending = {"token": token, "suffix": suffix, "name": PurePath(name).name[:255]}
        answers = {}
        result = schools_import(
            path=path, name=name, municipalities=allowed, chosen=remembered_columns(scope=scope, kind=KIND)
        )
    else:
        return render(request, "schools/import.html", {"form": SchoolImportForm()})
    if result.missing is not None:
        # Keep the file for the column question; a new upload replaces the one kept before.
        old = request.session.get(PENDING_KEY)
        if old and old.get("token") != pending["token"]:
            _pending_path(old["token"], old["suffix"]).unlink(missing_ok=True)
        request.session[PENDING_KEY] = pending
        question = column_question(result.missing, answers)
        return render(
            request,
            "schools/import.html",
            {"form": form, "result": result, "question": question, "pending": pending, "file_name": name},
        )
    path.unlink(missing_ok=True)
    request.session.pop(PENDING_KEY, None)
    if result.errors:
        return render(request, "schools/import.html", {"form": form, "result": result})
    if answers:
        remember_columns(scope=scope, kind=KIND, answers=answers)
    messages.success(
        request, f"Список школ загружен: добавлено {result.created}, обновлено {result.updated}."
    )
    return redirect("schools:school_list")
