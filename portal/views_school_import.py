"""Loading the list of schools from a spreadsheet in the browser: the department head only. A new school
gets its progress rows (portal.school_import), so the page lives above schools and roadmaps."""

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
from django.urls import reverse

from common.imports import (
    answers_from_form,
    column_question,
    remember_columns,
    remembered_columns,
    suffix_problem,
)
from common.xlsx import table_to_xlsx, xlsx_response
from schools.access import is_department_head
from schools.decorators import section_required
from schools.models import Municipality
from schools.school_import import (
    ACCEPTED_SUFFIXES,
    KIND,
    SCHOOL_COLUMNS,
    normalize_header,
    schools_template_rows,
)

from .school_import import school_list_import


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
    if not is_department_head(user):
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
    path = _pending_path(pending.get("token", ""), pending.get("suffix", ""))
    answers: dict[str, str] = {}
    form = SchoolImportForm()
    if request.method == "GET":
        if not (request.GET.get("preview") and pending and path.is_file()):
            return render(request, "schools/import.html", {"form": form})
        result = school_list_import(
            path=path,
            name=pending["name"],
            municipalities=allowed,
            chosen=remembered_columns(scope=scope, kind=KIND),
            dry_run=True,
        )
        if not result.errors:  # the preview: what saving would do, and the button that does it
            return render(
                request,
                "schools/import.html",
                {"form": form, "preview": result, "pending": pending, "file_name": pending["name"]},
            )
    elif request.POST.get("pending") or request.POST.get("confirm"):
        token = request.POST.get("pending") or request.POST.get("confirm")
        if token != pending.get("token") or not path.is_file():
            messages.error(request, "Файл для проверки не найден: загрузите его снова.")
            return redirect("schools:school_import")
        answers = answers_from_form(request.POST, SCHOOL_COLUMNS)
        chosen = {**remembered_columns(scope=scope, kind=KIND), **answers}
        confirmed = bool(request.POST.get("confirm"))
        if confirmed:
            request.session.pop(PENDING_KEY, None)  # a second click finds nothing to save
        result = school_list_import(
            path=path, name=pending["name"], municipalities=allowed, chosen=chosen, dry_run=not confirmed
        )
        if confirmed:
            path.unlink(missing_ok=True)
            if not result.errors:
                messages.success(
                    request, f"Список школ загружен: добавлено {result.created}, обновлено {result.updated}."
                )
                return redirect("schools:school_list")
    else:
        form = SchoolImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "schools/import.html", {"form": form})
        upload = form.cleaned_data["file"]
        if pending:  # a new file replaces the one kept before
            path.unlink(missing_ok=True)
        token, suffix = uuid.uuid4().hex, PurePath(upload.name).suffix.lower()
        pending = {"token": token, "suffix": suffix, "name": PurePath(upload.name).name[:255]}
        path = _pending_path(token, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        result = school_list_import(
            path=path,
            name=upload.name,
            municipalities=allowed,
            chosen=remembered_columns(scope=scope, kind=KIND),
            dry_run=True,
        )
    if result.missing is not None:  # the column question, about the file kept meanwhile
        request.session[PENDING_KEY] = pending
        return render(
            request,
            "schools/import.html",
            {
                "form": form,
                "result": result,
                "question": column_question(result.missing, answers),
                "pending": pending,
                "file_name": pending["name"],
            },
        )
    if result.errors:
        path.unlink(missing_ok=True)
        request.session.pop(PENDING_KEY, None)
        return render(request, "schools/import.html", {"form": form, "result": result})
    if answers:
        remember_columns(scope=scope, kind=KIND, answers=answers)
    request.session[PENDING_KEY] = pending
    return redirect(f"{reverse('schools:school_import')}?preview=1")
