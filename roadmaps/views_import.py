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

from schools.access import may_import_roadmaps, schools_visible
from schools.decorators import section_required
from schools.models import School, User
from schools.xlsx import xlsx_response

from .deadlines import KINDS
from .import_review import SESSION_KEY, apply_corrections, from_session, import_template_xlsx, to_session
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


@section_required("roadmaps")
def roadmap_import_preview(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_importer(user)
    stash = request.session.get(SESSION_KEY)
    if not stash:
        messages.info(request, "Сначала загрузите файл дорожной карты.")
        return redirect("roadmaps:roadmap_import")
    parsed = from_session(stash["data"])
    school = schools_visible(user).filter(pk=stash["school"]).first() if stash["school"] else None
    errors: list[str] = []
    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[SESSION_KEY]
            messages.info(request, "Импорт отменён: ничего не сохранено.")
            return redirect("roadmaps:roadmap_import")
        errors = apply_corrections(parsed, request.POST)
        if not errors:
            with transaction.atomic():
                roadmap = roadmap_import_save(
                    parsed=parsed, municipality=user.municipality, created_by=user, school=school
                )
            del request.session[SESSION_KEY]
            messages.success(request, f"Дорожная карта сохранена: мероприятий {roadmap.measures.count()}.")
            return redirect("roadmaps:roadmap_detail", pk=roadmap.pk)
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "parsed": parsed,
            "school": school,
            "errors": errors,
            "measures": list(enumerate(parsed.measures)),
            "kinds": [(kind, DeadlineKind(kind).label) for kind in KINDS],
        },
        status=400 if errors else 200,
    )


@section_required("roadmaps")
def roadmap_import_template(request: HttpRequest) -> HttpResponse:
    _require_importer(request.user)
    return xlsx_response(import_template_xlsx(), "roadmap-template.xlsx")
