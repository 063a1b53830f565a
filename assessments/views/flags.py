"""Pages of the official list of schools with signs of non-objective ВПР results, the years side by side
that the objectivity pages show, and the region's «Статистика по отметкам». The rules live in
``flag_list``, ``flag_years`` and ``mark_statistics``."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from schools.access import schools_visible
from schools.models import Municipality, School

from ..access import manager_required, may_manage_assessments, user_municipality, viewer_required
from ..charts import share_line_svg
from ..flag_list import FlagListResult, Listed, flag_list_check, flag_list_save
from ..flag_years import FlagHistory, flag_history
from ..mark_statistics import StatisticsResult, StatisticsRow, statistics_check, statistics_save
from ..models import Subject, VprMarkStatistics

SESSION_KEY = "official_flag_list"
NOTE = (
    "Признаки необъективности — повод проверить, как проводилась и оценивалась работа, и помочь школе, а не "
    "рейтинг школ и учителей: результаты ВПР не используются для оценки работы учителей."
)


class FlagListForm(forms.Form):
    year = forms.IntegerField(label="Год ВПР", min_value=2015, max_value=2100)
    file = forms.FileField(
        label="Список (.xlsx, .xls, .ods или .csv)",
        help_text="Столбцы «Логин ОО» и/или «Наименование ОО»; «Муниципалитет», «Предмет», «Класс», «Год» — "
        "по желанию, остальные не читаются.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


def years_context(
    municipality: Municipality, schools: Iterable[School], *, only_flagged: bool = False
) -> dict:
    """The years side by side of the schools asked for (``only_flagged``: of those flagged in some year),
    the municipality's share per year as a chart."""
    history = flag_history(municipality)
    return {
        "flag_years": history.years,
        "flag_rows": history.rows(schools, only_flagged=only_flagged),
        "flag_only_flagged": only_flagged,
        "flag_shares": history.shares(),
        "flag_chart": share_chart(history),
        "flag_note": NOTE,
    }


def share_chart(history: FlagHistory) -> str:
    shares = history.shares()
    if not shares:
        return ""
    points = [(str(s.year), s.share, f"{s.flagged} из {s.schools}") for s in shares]
    return mark_safe(
        share_line_svg(title="Доля школ с признаками необъективности (свои или по списку)", points=points)
    )


@viewer_required
def official_list(request: HttpRequest) -> HttpResponse:
    """Every year's list (of the schools the user sees); the ВПР coordinator checks a new list here."""
    user = request.user
    municipality = user_municipality(user)
    may_manage = may_manage_assessments(user)
    form = FlagListForm(request.POST or None, request.FILES or None) if may_manage else None
    preview = None
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied("Загружать список может начальник УО или муниципальный координатор.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            year = form.cleaned_data["year"]
            preview = flag_list_check(
                content=upload.read(), name=upload.name, municipality=municipality, year=year
            )
            if preview.ok:
                request.session[SESSION_KEY] = _pending(preview)
        if preview is None or not preview.ok:
            status = 400
    visible = list(schools_visible(user))
    context = {
        "form": form,
        "preview": preview,
        "token": request.session.get(SESSION_KEY, {}).get("token") if preview and preview.ok else "",
        "may_manage": may_manage,
        **years_context(municipality, visible),
    }
    return render(request, "assessments/official_list.html", context, status=status)


def _pending(result: FlagListResult) -> dict:
    return {
        "token": uuid.uuid4().hex,
        "year": result.year,
        "name": result.name,
        "rows": result.rows,
        "listed": [[entry.school.pk, entry.subjects] for entry in result.listed.values()],
    }


def _confirmation(key: str, missing: str, back: str) -> Callable:
    """A manager's POST that saves the upload checked last: the view gets what the session keeps under ``key``
    when the form's token is its own; else ``missing`` and «загрузите файл ещё раз» are said on the page
    ``back`` (a second click of «Сохранить» saves nothing)."""

    def decorate(view: Callable[[HttpRequest, dict], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
        @manager_required
        @require_POST
        @wraps(view)
        def confirm(request: HttpRequest) -> HttpResponse:
            pending = request.session.get(key)
            if not pending or request.POST.get("token") != pending.get("token"):
                messages.error(request, f"{missing}: загрузите файл ещё раз.")
                return redirect(back)
            return view(request, pending)

        return confirm

    return decorate


@_confirmation(SESSION_KEY, "Проверенного списка нет или он уже сохранён", "assessments:official_list")
def official_list_confirm(request: HttpRequest, pending: dict) -> HttpResponse:
    """Save the list checked last, once: the preview's token must match (a second click saves nothing)."""
    municipality = user_municipality(request.user)
    schools = School.objects.filter(municipality=municipality).in_bulk([pk for pk, _ in pending["listed"]])
    result = FlagListResult(year=pending["year"], name=pending["name"], rows=pending["rows"])
    result.listed = {pk: Listed(schools[pk], subjects) for pk, subjects in pending["listed"] if pk in schools}
    saved = flag_list_save(result=result, municipality=municipality)
    del request.session[SESSION_KEY]
    messages.success(request, f"Список {result.year} года сохранён: школ муниципалитета — {saved}.")
    return redirect("assessments:official_list")


# --- «Статистика по отметкам»: Russia and the region ------------------------------------------------------

STATISTICS_KEY = "vpr_mark_statistics"


class MarkStatisticsForm(forms.Form):
    year = forms.IntegerField(label="Год ВПР", min_value=2015, max_value=2100)
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.all())
    grade = forms.IntegerField(label="Класс", min_value=4, max_value=11)
    file = forms.FileField(label="Форма ФИС ОКО «Статистика по отметкам» (.xlsx, .xls или .csv)")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


@viewer_required
def mark_statistics(request: HttpRequest) -> HttpResponse:
    """The region's and Russia's mark distributions loaded so far; the coordinator checks a new form."""
    user = request.user
    municipality = user_municipality(user)
    may_manage = may_manage_assessments(user)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied("Загружать форму может начальник УО или муниципальный координатор.")
    form = MarkStatisticsForm(request.POST or None, request.FILES or None) if may_manage else None
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = statistics_check(content=upload.read(), name=upload.name)
        if preview.ok:
            request.session[STATISTICS_KEY] = {
                "token": uuid.uuid4().hex,
                "year": form.cleaned_data["year"],
                "subject": form.cleaned_data["subject"].pk,
                "grade": form.cleaned_data["grade"],
                "name": upload.name,
                "rows": [[r.scope, r.name, r.participants, r.shares] for r in preview.rows],
            }
    failed = request.method == "POST" and (preview is None or not preview.ok)
    loaded = (
        VprMarkStatistics.objects.filter(municipality=municipality)
        .select_related("subject")
        .order_by("-year", "subject__order", "subject__name", "grade", "scope")
    )
    context = {
        "form": form,
        "preview": preview,
        "pending": request.session.get(STATISTICS_KEY) if preview and preview.ok else None,
        "loaded": loaded,
        "may_manage": may_manage,
    }
    return render(request, "assessments/mark_statistics.html", context, status=400 if failed else 200)


@_confirmation(STATISTICS_KEY, "Проверенной формы нет или она уже сохранена", "assessments:mark_statistics")
def mark_statistics_confirm(request: HttpRequest, pending: dict) -> HttpResponse:
    municipality = user_municipality(request.user)
    subject = Subject.objects.filter(pk=pending["subject"]).first()
    if subject is None:
        messages.error(request, "Предмет формы удалён из справочника: загрузите файл ещё раз.")
        return redirect("assessments:mark_statistics")
    result = StatisticsResult(name=pending["name"], rows=[StatisticsRow(*row) for row in pending["rows"]])
    saved = statistics_save(
        result=result,
        municipality=municipality,
        year=pending["year"],
        subject=subject,
        grade=pending["grade"],
    )
    del request.session[STATISTICS_KEY]
    messages.success(
        request,
        f"Статистика по отметкам сохранена: {subject.name}, {pending['grade']} класс, "
        f"{pending['year']} год (строк: {saved}).",
    )
    return redirect("assessments:mark_statistics")
