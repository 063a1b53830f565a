"""Loading the list of schools from a spreadsheet in the browser: the department head only."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from .access import may_manage_roadmaps
from .decorators import section_required
from .models import Municipality
from .school_import import ACCEPTED_SUFFIXES, normalize_header, schools_import, schools_template_rows
from .xlsx import table_to_xlsx, xlsx_response


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="Таблица .xlsx или .csv по шаблону: код, наименования, тип и муниципалитет школы.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(f"Файл «{upload.name}»: принимаются только таблицы .xlsx и .csv.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            size, limit = filesizeformat(upload.size), filesizeformat(settings.IMPORT_MAX_BYTES)
            raise forms.ValidationError(f"Файл весит {size}, а можно не больше {limit}.")
        return upload


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
    form = SchoolImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"schools{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            result = schools_import(
                path=path,
                name=upload.name,
                municipalities={normalize_header(m.name): m for m in municipalities},
            )
        if not result.errors:
            messages.success(
                request, f"Список школ загружен: добавлено {result.created}, обновлено {result.updated}."
            )
            return redirect("schools:school_list")
    return render(request, "schools/import.html", {"form": form, "result": result})
