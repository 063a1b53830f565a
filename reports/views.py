from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.forms import form_errors
from common.kept_pages import kept_page
from common.lists import export_response, list_context, list_page, wants_export
from roadmaps.models import Roadmap
from schools.access import is_read_only
from schools.decorators import section_required
from schools.models import User

from .access import (
    agenda_item_for_user_or_404,
    job_for_user_or_404,
    jobs_visible,
    may_manage_meetings,
    meeting_for_user_or_404,
    meeting_row_for_user_or_404,
    meetings_visible,
    roadmaps_for_reports,
)
from .documents import ReportError
from .forms import (
    AgendaItemForm,
    DigestPreferenceForm,
    MeetingCreateForm,
    MeetingForm,
    MeetingRoadmapForm,
    MeetingRowForm,
)
from .jobs import job_create, job_retry
from .kept_rows import report_rows
from .list_exports import list_export_params
from .lists import MEETINGS, meeting_rows_listing
from .meetings import (
    AgendaOrder,
    agenda_status,
    meeting_row_update,
    meeting_scope,
    meeting_start,
    roadmap_measures,
)
from .models import DigestPreference, MeetingSchoolRow, ReportJob
from .order_form import ReportOrderForm


def _require_meeting_manager(user: User) -> None:
    if not may_manage_meetings(user):
        raise PermissionDenied("Готовить совещание и менять протокол может начальник УО.")


# --- reports and jobs --------------------------------------------------------------------------------


@section_required("reports")
@kept_page(report_rows)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    jobs = list_page(request, jobs_visible(user))
    return render(
        request,
        "reports/index.html",
        {
            "jobs": jobs,
            "form": ReportOrderForm(user=user),
            "meetings": meetings_visible(user).select_related("roadmap")[:10],
            "may_manage": may_manage_meetings(user),
            "read_only": is_read_only(user),
        },
    )


@section_required("reports")
@require_POST
def job_order(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReportOrderForm(request.POST, user=user)
    if not form.is_valid():
        messages.error(request, f"Отчёт не заказан: {form_errors(form, '; ')}")
        return redirect("reports:index")
    job = job_create(owner=user, kind=form.cleaned_data["kind"], params=form.params())
    _say_if_failed(request, job)
    return redirect("reports:job_detail", pk=job.pk)


def _say_if_failed(request: HttpRequest, job: ReportJob) -> None:
    if job.status == ReportJob.Status.FAILED:
        messages.error(request, job.error)


@section_required("reports")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_user_or_404(request.user, pk)
    template = "reports/partials/job_status.html" if request.htmx else "reports/job_detail.html"
    return render(request, template, {"job": job})


@section_required("reports")
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_user_or_404(request.user, pk)
    if job.owner_id != request.user.pk:
        raise PermissionDenied("Повторить отчёт может тот, кто его заказал.")
    try:
        job = job_retry(job=job)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        _say_if_failed(request, job)
    return redirect("reports:job_detail", pk=job.pk)


@section_required("reports")
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = job_for_user_or_404(request.user, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404("Файл отчёта ещё не готов.")
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    what = f"{job.params.get('what') or job.get_kind_display()}: «{job.filename}»"
    kind = PdKind.LIST if job.kind == ReportJob.Kind.LIST_XLSX else PdKind.REPORT
    return pd_logged(request, response, kind=kind, what=what, pupils=job.pupils)


@section_required("reports")
@require_POST
def list_export(request: HttpRequest) -> HttpResponse:
    """«Построить файл» of a list too long to export in the request (include/export_background.html).
    The analyst may send it: the job changes nobody's data (schools.middleware.READ_ONLY_ALLOWED_POSTS)."""
    try:
        params = list_export_params(request)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:index")
    job = job_create(owner=request.user, kind=ReportJob.Kind.LIST_XLSX, params=params)
    _say_if_failed(request, job)
    return redirect("reports:job_detail", pk=job.pk)


# --- meetings ----------------------------------------------------------------------------------------


@section_required("reports")
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    meetings = meetings_visible(user).select_related("roadmap", "chair")
    if wants_export(request):
        return export_response(request, rows=meetings.count(), build=lambda: MEETINGS.export(meetings))
    roadmaps = roadmaps_for_reports(user).exclude(status=Roadmap.Status.ARCHIVED).filter(school__isnull=True)
    return render(
        request,
        "reports/meeting_list.html",
        {
            **list_context(request, meetings),
            "roadmaps": roadmaps,
            "may_manage": may_manage_meetings(user),
        },
    )


@section_required("reports")
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_meeting_manager(user)
    chosen = MeetingRoadmapForm(request.GET, user=user)
    if not chosen.is_valid():
        raise Http404("Дорожная карта не найдена.")
    roadmap = chosen.cleaned_data["roadmap"]
    if request.method == "POST":
        # Sent, the form reads only the plan's row and the people it names; the page writes the meeting's
        # header and queues the rest (attendees, agenda, table of schools): at region scale a request
        # that wrote them all would read the whole plan and every person of the municipality.
        form = MeetingCreateForm(request.POST, roadmap=roadmap)
        if form.is_valid():
            return _meeting_started(request, roadmap, form.cleaned_data)
    else:
        # The plan's rows and the municipality's people are read once each (here and in the form): the
        # guess of the meeting's row, the choices and their checks all come from them.
        measures = roadmap_measures(roadmap)
        scope = meeting_scope(roadmap=roadmap, measures=measures)
        initial = {
            "measure": scope.measure,
            "first": scope.first,
            "last": scope.last,
            "date": scope.measure.deadline_end if scope.measure else None,
            "number": "1",
            "chair": user,
            "all_school_heads": True,  # one choice, not every head ticked (1,500 would pass the field limit)
        }
        form = MeetingCreateForm(roadmap=roadmap, measures=measures, initial=initial)
    return render(
        request, "reports/form.html", {"form": form, "title": "Подготовка совещания", "roadmap": roadmap}
    )


def _meeting_started(request: HttpRequest, roadmap: Roadmap, data: dict) -> HttpResponse:
    # The header and its job in one transaction. Inside a caller's (a test's, ATOMIC_REQUESTS) it takes no
    # savepoint of its own: nothing here is caught and retried, so a failure fails the whole request.
    with transaction.atomic(savepoint=False):
        meeting = meeting_start(
            roadmap=roadmap,
            created_by=request.user,
            title=data["title"],
            date=data["date"],
            number=data["number"],
            place=data["place"],
            chair=data["chair"],
            secretary=data["secretary"],
            invited=data["invited"],
            meeting_measure=data["measure"],
        )
        order = AgendaOrder(
            first=data["first"],
            last=data["last"],
            attendees=[person.pk for person in data["attendees"]],
            all_school_heads=data["all_school_heads"],
        )
        job = job_create(
            owner=request.user,
            kind=ReportJob.Kind.MEETING_PREPARE,
            params={"meeting": meeting.pk, "agenda": order.as_params()},
        )
    _say_if_failed(request, job)
    messages.success(
        request,
        "Совещание создано. Повестка, список присутствовавших и таблица школ заполняются, "
        "ход виден на этой странице.",
    )
    return redirect("reports:meeting_detail", pk=meeting.pk)


@section_required("reports")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = meeting_for_user_or_404(user, pk)
    rows = meeting.school_rows.select_related("school").order_by("school__short_name")
    if wants_export(request):
        return export_response(
            request, rows=rows.count(), build=lambda: meeting_rows_listing(meeting).export(rows)
        )
    items = list(meeting.items.select_related("measure").order_by("order", "pk"))
    status = agenda_status(measure_ids=[i.measure_id for i in items if i.measure_id], as_of=meeting.date)
    for item in items:
        item.status = None if item.shows_school_table else status.get(item.measure_id)
    return render(
        request,
        "reports/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "page": list_page(request, rows),
            "attendees": meeting.attendees.select_related("school").order_by("last_name"),
            "may_manage": may_manage_meetings(user),
            "jobs": jobs_visible(user).filter(kind=ReportJob.Kind.PROTOCOL_PDF, params__meeting=meeting.pk)[
                :5
            ],
            "preparing": jobs_visible(user)
            .filter(kind=ReportJob.Kind.MEETING_PREPARE, params__meeting=meeting.pk)
            .exclude(status=ReportJob.Status.DONE)
            .first(),
        },
    )


@section_required("reports")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_meeting_manager(request.user)
    meeting = meeting_for_user_or_404(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting, municipality_id=meeting.municipality_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Сведения о совещании сохранены.")
        return redirect("reports:meeting_detail", pk=meeting.pk)
    return render(request, "reports/form.html", {"form": form, "title": "Совещание", "meeting": meeting})


@section_required("reports")
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_meeting_manager(request.user)
    item = agenda_item_for_user_or_404(request.user, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Вопрос {item.order} сохранён.")
        return redirect(f"{reverse('reports:meeting_detail', args=[item.meeting_id])}#item-{item.pk}")
    return render(
        request,
        "reports/form.html",
        {"form": form, "title": f"Вопрос повестки {item.order}", "meeting": item.meeting},
    )


@section_required("reports")
def meeting_row_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One school's figures: inline in the table (htmx) or as a page of its own without JavaScript."""
    _require_meeting_manager(request.user)
    row = meeting_row_for_user_or_404(request.user, pk)
    form = MeetingRowForm(request.POST or None, instance=MeetingSchoolRow.objects.get(pk=row.pk))
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                row = meeting_row_update(row=row, **form.cleaned_data)
            if request.htmx:
                return render(
                    request,
                    "reports/partials/meeting_row.html",
                    {"r": row, "may_manage": True, "saved": True},
                )
            messages.success(request, f"Показатели {row.school.short_name} сохранены.")
            return redirect("reports:meeting_detail", pk=row.meeting_id)
        if request.htmx:
            return render(
                request, "reports/partials/meeting_row_form.html", {"r": row, "form": form}, status=400
            )
    if request.htmx:
        template = (
            "reports/partials/meeting_row.html"
            if request.GET.get("cancel")
            else "reports/partials/meeting_row_form.html"
        )
        return render(request, template, {"r": row, "form": form, "may_manage": True})
    return render(
        request,
        "reports/form.html",
        {"form": form, "title": f"Показатели: {row.school.short_name}", "meeting": row.meeting},
        status=400 if request.method == "POST" else 200,
    )


@section_required("reports")
@require_POST
def meeting_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    _require_meeting_manager(request.user)
    meeting = meeting_for_user_or_404(request.user, pk)
    job = job_create(owner=request.user, kind=ReportJob.Kind.MEETING_PREPARE, params={"meeting": meeting.pk})
    _say_if_failed(request, job)
    messages.success(
        request, "Выпускники, претенденты и группа риска берутся из данных о претендентах: ход виден ниже."
    )
    return redirect("reports:meeting_detail", pk=meeting.pk)


@section_required("reports")
@require_POST
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user_or_404(request.user, pk)
    job = job_create(owner=request.user, kind=ReportJob.Kind.PROTOCOL_PDF, params={"meeting": meeting.pk})
    _say_if_failed(request, job)
    return redirect("reports:job_detail", pk=job.pk)


# --- the person's own digest -------------------------------------------------------------------------


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = DigestPreference.objects.filter(user=request.user).first() or DigestPreference(
        user=request.user
    )
    form = DigestPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Рассылка о сроках: {form.instance.get_frequency_display()}.")
        return redirect("reports:preferences")
    return render(
        request,
        "reports/form.html",
        {"form": form, "title": "Рассылка о сроках", "intro": _digest_intro(request.user)},
    )


def _digest_intro(user: User) -> str:
    if not user.email:
        return (
            "В вашей учётной записи не указан адрес электронной почты: письма приходить не будут. "
            "Попросите начальника УО его добавить."
        )
    return (
        f"Утром по местному времени на адрес {user.email} приходит письмо: мероприятия со сроком "
        "через неделю, через 3 дня, завтра, сегодня и просроченные. Тот же список виден на главной странице."
    )
