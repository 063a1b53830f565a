"""Import of a roadmap in the browser: upload, preview with corrections, confirm. Nothing is saved
before the confirmation, and a failed import saves nothing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from common.xlsx import xlsx_response
from schools.access import may_import_roadmaps, schools_visible
from schools.decorators import section_required
from schools.models import School, User

from .deadlines import KINDS
from .duplicates import matching_roadmaps
from .import_review import (
    MEASURE_PREFIX,
    SESSION_KEY,
    MeasureCorrectionForm,
    PreviewHeaderForm,
    PreviewRowForm,
    apply_header,
    apply_measure,
    from_session,
    header_initial,
    import_template_xlsx,
    measure_initial,
    plan_problems,
    to_session,
)
from .importer import RoadmapImportError, parse_roadmap
from .importer.save import roadmap_import_save
from .models import DeadlineKind, Roadmap

ACCEPT = ".docx,.xlsx,.txt"


class RoadmapUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл дорожной карты",
        help_text="Word (.docx), Excel (.xlsx) или текст (.txt), как документ утверждён.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    school = forms.ModelChoiceField(
        label="План одной школы",
        queryset=School.objects.none(),
        required=False,
        help_text="Оставьте пустым для муниципальной дорожной карты.",
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_visible(user)


def _require_importer(user: User) -> None:
    if not may_import_roadmaps(user):
        raise PermissionDenied("Загружать дорожные карты могут начальник УО и методисты.")
    if user.municipality_id is None:
        raise PermissionDenied("У вашей учётной записи не указан муниципалитет.")


@section_required("roadmaps")
def roadmap_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_importer(user)
    form = RoadmapUploadForm(request.POST or None, request.FILES or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            school = form.cleaned_data["school"]
            try:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    raise RoadmapImportError(
                        f"Файл «{upload.name}» весит {filesizeformat(upload.size)}, "
                        f"а можно не больше {filesizeformat(settings.IMPORT_MAX_BYTES)}."
                    )
                parsed = parse_roadmap(upload.read(), upload.name)
            except RoadmapImportError as exc:
                form.add_error("file", str(exc))
            else:
                request.session[SESSION_KEY] = {
                    "data": to_session(parsed),
                    "school": school.pk if school else None,
                }
                return redirect("roadmaps:roadmap_import_preview")
        status = 400
    recent = (
        Roadmap.objects.filter(municipality=user.municipality_id)
        .exclude(source_name="")
        .select_related("created_by", "school")
        .order_by("-created_at")[:10]
    )
    return render(request, "roadmaps/import.html", {"form": form, "recent": recent}, status=status)


def _preview_url(row: int | None = None, *, edit: bool = False) -> str:
    url = reverse("roadmaps:roadmap_import_preview")
    if row is None:
        return url
    return f"{url}?edit={row}#m-{row}" if edit else f"{url}#m-{row}"


@section_required("roadmaps")
def roadmap_import_preview(request: HttpRequest) -> HttpResponse:
    """The plan as read, kept in the session: one row at a time is corrected, then the whole is saved.

    A post carries the header and at most the one open row; «Исправить» on a row keeps what was typed in
    the header and opens that row, «Применить» keeps the row, «Сохранить» checks every row and saves.
    """
    user = request.user
    _require_importer(user)
    stash = request.session.get(SESSION_KEY)
    if not stash:
        messages.info(request, "Сначала загрузите файл дорожной карты.")
        return redirect("roadmaps:roadmap_import")
    parsed = from_session(stash["data"])
    school = schools_visible(user).filter(pk=stash["school"]).first() if stash["school"] else None
    count = len(parsed.measures)
    errors: list[str] = []
    problem_rows: set[int] = set()
    header = PreviewHeaderForm(initial=header_initial(parsed))
    open_row, row_form = None, None
    wanted = request.POST.get("row") if request.method == "POST" else request.GET.get("edit")
    if wanted is not None:
        choice = PreviewRowForm({"row": wanted}, measures=count)
        if choice.is_valid():
            open_row = choice.cleaned_data["row"]
            row_form = MeasureCorrectionForm(
                prefix=MEASURE_PREFIX, initial=measure_initial(parsed.measures[open_row])
            )
        else:
            errors += choice.errors["row"]

    if request.method == "POST" and not errors:
        if "cancel" in request.POST:
            del request.session[SESSION_KEY]
            messages.info(request, "Импорт отменён: ничего не сохранено.")
            return redirect("roadmaps:roadmap_import")
        header = PreviewHeaderForm(request.POST)
        if open_row is not None:
            row_form = MeasureCorrectionForm(request.POST, prefix=MEASURE_PREFIX)
        if header.is_valid() and (row_form is None or row_form.is_valid()):
            apply_header(parsed, header.cleaned_data)
            if row_form is not None:
                apply_measure(parsed.measures[open_row], row_form.cleaned_data)
            stash["data"] = to_session(parsed)
            request.session.modified = True
            if "edit" in request.POST:
                choice = PreviewRowForm({"row": request.POST["edit"]}, measures=count)
                if choice.is_valid():
                    return redirect(_preview_url(choice.cleaned_data["row"], edit=True))
                errors += choice.errors["row"]
            elif "confirm" in request.POST:
                problems = plan_problems(parsed)
                if not problems:
                    return _save(request, parsed, school)
                errors += [message for _, message in problems]
                problem_rows = {row for row, _ in problems if row is not None}
                open_row, row_form = None, None
            else:
                return redirect(_preview_url(open_row))
        else:
            errors.append("Не сохранено: исправьте отмеченные поля.")
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "parsed": parsed,
            "school": school,
            "errors": errors,
            "header": header,
            "open_row": open_row,
            "row_form": row_form,
            "problem_rows": problem_rows,
            "duplicates": matching_roadmaps(
                municipality=user.municipality_id,
                school=school,
                title=parsed.title,
                period_start=parsed.period.start if parsed.period else None,
                period_end=parsed.period.end if parsed.period else None,
                order_number=parsed.approval.order_number or "",
            ),
            "measures": [
                (i, m, DeadlineKind(m.deadline.kind).label if m.deadline.kind in KINDS else m.deadline.kind)
                for i, m in enumerate(parsed.measures)
            ],
        },
        status=400 if errors else 200,
    )


def _save(request: HttpRequest, parsed, school: School | None) -> HttpResponse:
    user = request.user
    try:
        with transaction.atomic():
            roadmap = roadmap_import_save(
                parsed=parsed, municipality=user.municipality, created_by=user, school=school
            )
    except RoadmapImportError as exc:
        messages.error(request, str(exc))
        return redirect("roadmaps:roadmap_import_preview")
    del request.session[SESSION_KEY]
    messages.success(request, f"Дорожная карта сохранена: мероприятий {roadmap.measures.count()}.")
    return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)


@section_required("roadmaps")
def roadmap_import_template(request: HttpRequest) -> HttpResponse:
    _require_importer(request.user)
    return xlsx_response(import_template_xlsx(), "roadmap-template.xlsx")
