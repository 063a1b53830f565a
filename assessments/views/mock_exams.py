"""Mock exams (Приложение №2): schedules, exams, commissions, a schedule from a plan's appendices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.lists import export_response, list_response, wants_export
from common.xlsx import school_column_omitted
from roadmaps.models import Appendix
from schools.access import school_q

from ..access import (
    appendix_for_user_or_404,
    exam_for_user_or_404,
    manager_required,
    may_manage_assessments,
    may_see_checking,
    schedule_for_user_or_404,
    user_municipality,
    viewer_required,
)
from ..appendix_import import roadmaps_with_appendices, schedule_appendix_plan, schedule_from_appendix
from ..appendix_reading import (
    AppendixImportError,
    appendix_label,
    is_commission_appendix,
    is_schedule_appendix,
)
from ..commissions import DistributionError, commission_distribute
from ..filters import AppendixRoadmapFilter, ScheduleFilter
from ..forms import AppendixScheduleForm, CommissionForm, MockExamForm, ScheduleForm
from ..lists import APPENDICES, SCHEDULES, exam_works_listing
from ..mock_exams import exam_save, mock_exam_schedule, period_warning
from ..models import Commission, MockExam, MockExamSchedule, MockWork, Subject
from ..scales import medal_lines_missed, scale_book


@viewer_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    base = MockExamSchedule.objects.filter(municipality=municipality).annotate(n_exams=Count("exams"))
    filterset = ScheduleFilter(request.GET or None, queryset=base, municipality=municipality)
    schedules = filterset.qs.order_by(*SCHEDULES.ordering(request), "pk")
    return list_response(
        request,
        SCHEDULES,
        schedules,
        template="assessments/schedule_list.html",
        filterset=filterset,
        context={"may_manage": may_manage_assessments(request.user)},
        export_rows=lambda schedules: mock_exam_schedule(
            municipality=municipality, schedule_ids=schedules.values_list("pk", flat=True)
        ),
    )


@manager_required
def schedule_create(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        schedule = form.save(commit=False)
        schedule.municipality = municipality
        schedule.created_by = request.user
        schedule.save()
        messages.success(request, "График создан. Добавьте экзамены.")
        return redirect("assessments:schedule_detail", pk=schedule.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "Новый график пробных экзаменов"})


@viewer_required
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = schedule_for_user_or_404(request.user, pk)
    exams = list(
        schedule.exams.select_related("subject", "venue")
        .annotate(
            n_works=Count("works"), n_scored=Count("works", filter=Q(works__primary_score__isnull=False))
        )
        .order_by("starts_at", "subject__order")
    )
    for exam in exams:
        exam.warning = period_warning(schedule=schedule, starts_at=exam.starts_at)
    commissions = {c.subject_id: c for c in schedule.commissions.prefetch_related("members__school")}
    subjects = sorted({exam.subject for exam in exams}, key=lambda s: (s.order, s.name))
    return render(
        request,
        "assessments/schedule_detail.html",
        {
            "schedule": schedule,
            "exams": exams,
            "commissions": [(subject, commissions.get(subject.pk)) for subject in subjects],
            "may_manage": may_manage_assessments(request.user),
        },
    )


@manager_required
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = schedule_for_user_or_404(request.user, pk)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "График сохранён.")
        return redirect("assessments:schedule_detail", pk=schedule.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "График", "schedule": schedule})


# --- a schedule from the appendices of an imported plan ------------------------------------------------

APPENDIX_KINDS = {"schedule": "график экзаменов", "commission": "состав комиссии", "": "другая таблица"}


def _appendix_kind(appendix: Appendix) -> str:
    if is_schedule_appendix(appendix):
        return "schedule"
    return "commission" if is_commission_appendix(appendix) else ""


def _appendix_source(appendix: Appendix) -> tuple:
    """(appendix, kind, what the page calls it, the schedules already made from it)."""
    kind = _appendix_kind(appendix)
    return appendix, kind, APPENDIX_KINDS[kind], appendix.mock_exam_schedules.all()


@manager_required
def appendix_list(request: HttpRequest) -> HttpResponse:
    base = roadmaps_with_appendices(municipality=user_municipality(request.user))
    filterset = AppendixRoadmapFilter(request.GET or None, queryset=base)
    roadmaps = filterset.qs.order_by(*APPENDICES.ordering(request), "pk")
    return list_response(
        request,
        APPENDICES,
        roadmaps,
        template="assessments/appendix_list.html",
        filterset=filterset,
        export_rows=lambda roadmaps: (
            (roadmap, appendix, label, schedules)
            for roadmap in roadmaps
            for appendix, _, label, schedules in map(_appendix_source, roadmap.appendices.all())
        ),
        on_page=_with_sources,
    )


def _with_sources(context: dict) -> None:
    for roadmap in context["page"].object_list:
        roadmap.sources = [_appendix_source(appendix) for appendix in roadmap.appendices.all()]


@manager_required
def appendix_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the appendix would create, with every problem; POST: create it, all or nothing."""
    appendix = appendix_for_user_or_404(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET if "commission" in request.GET else None
    form = AppendixScheduleForm(data, appendix=appendix)
    if data is None:
        commission = form.fields["commission"].initial
    else:
        commission = form.cleaned_data["commission"] if form.is_valid() else None
    plan = schedule_appendix_plan(appendix=appendix, commission_appendix=commission)
    if request.method == "POST" and form.is_valid() and plan.ok:
        try:
            schedule = schedule_from_appendix(
                appendix=appendix, commission_appendix=commission, created_by=request.user
            )
        except AppendixImportError as exc:
            plan.errors = exc.errors
        else:
            for warning in plan.warnings:
                messages.warning(request, warning)
            messages.success(
                request,
                f"График создан: экзаменов {len(plan.exams)}, членов комиссии {len(plan.members)} "
                f"(новых учётных записей {plan.new_accounts}).",
            )
            return redirect("assessments:schedule_detail", pk=schedule.pk)
    return render(
        request,
        "assessments/appendix_schedule.html",
        {
            "appendix": appendix,
            "label": appendix_label(appendix),
            "form": form,
            "plan": plan,
            "commission": commission,
        },
        status=400 if request.method == "POST" else 200,
    )


def _exam_form(request: HttpRequest, schedule: MockExamSchedule, exam: MockExam) -> HttpResponse:
    form = MockExamForm(request.POST or None, instance=exam, schedule=schedule)
    if request.method == "POST" and form.is_valid():
        exam = form.save(commit=False)
        exam.schedule = schedule
        try:
            warnings = exam_save(exam=exam, pupils=form.cleaned_data["pupils"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "Экзамен сохранён.")
            return redirect("assessments:exam_detail", pk=exam.pk)
    title = "Пробный экзамен" if exam.pk else "Новый пробный экзамен"
    return render(request, "assessments/form.html", {"form": form, "title": title, "schedule": schedule})


@manager_required
def exam_create(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = schedule_for_user_or_404(request.user, pk)
    return _exam_form(request, schedule, MockExam(schedule=schedule))


@manager_required
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exam = exam_for_user_or_404(request.user, pk)
    return _exam_form(request, exam.schedule, exam)


@viewer_required
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    exam = exam_for_user_or_404(user, pk)
    works = list(
        exam.works.filter(school_q(user, "pupil__school", model=MockWork))
        .select_related("pupil__school", "checker__school")
        .order_by("pupil__school__short_name", "pupil__last_name")
    )
    municipality_id = exam.schedule.municipality_id
    book = scale_book(subject_ids=[exam.subject_id], municipality_ids=[municipality_id])
    for work in works:
        work.score_100 = book.convert(
            subject_id=exam.subject_id,
            year=exam.schedule.period_end.year,
            primary=work.primary_score,
            municipality_id=municipality_id,
        )
        work.missed = medal_lines_missed(work.score_100)
    sees_checking = may_see_checking(user, exam)
    if wants_export(request):
        listing = exam_works_listing(exam, sees_checking=sees_checking)
        return export_response(
            request,
            rows=len(works),
            build=lambda: pd_logged(
                request,
                listing.export(works, omit=school_column_omitted(user)),
                kind=PdKind.LIST,
                what=f"Пробный экзамен № {exam.pk}: {exam.subject}, {exam.get_round_display()} (Excel)",
                pupils=len({w.pupil_id for w in works}),
            ),
        )
    loads = (
        exam.works.filter(checker__isnull=False)
        .values(
            "checker__last_name", "checker__first_name", "checker__middle_name", "checker__school__short_name"
        )
        .annotate(n=Count("pk"), scored=Count("pk", filter=Q(primary_score__isnull=False)))
        .order_by("checker__last_name")
        if may_manage_assessments(user)
        else []
    )
    return render(
        request,
        "assessments/exam_detail.html",
        {
            "exam": exam,
            "works": works,
            "loads": loads,
            "warning": period_warning(schedule=exam.schedule, starts_at=exam.starts_at),
            "has_scale": book.scale_for(
                subject_id=exam.subject_id,
                year=exam.schedule.period_end.year,
                municipality_id=municipality_id,
            )
            is not None,
            "may_manage": may_manage_assessments(user),
            "sees_checking": sees_checking,
        },
    )


@manager_required
@require_POST
def exam_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the results: from now on the schools see the work codes and who checked each work."""
    exam = exam_for_user_or_404(request.user, pk)
    if exam.results_published_at is None:
        unscored = exam.works.filter(primary_score__isnull=True).count()
        exam.results_published_at = timezone.now()
        exam.save(update_fields=["results_published_at"])
        messages.success(request, "Результаты опубликованы: школы видят коды работ и проверяющих.")
        if unscored:
            messages.warning(request, f"Без балла осталось работ: {unscored}.")
    return redirect("assessments:exam_detail", pk=exam.pk)


@manager_required
@require_POST
def exam_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    exam = exam_for_user_or_404(request.user, pk)
    try:
        loads = commission_distribute(exam=exam)
    except DistributionError as exc:
        messages.error(request, str(exc))
    else:
        counts = sorted(loads.values())
        messages.success(
            request,
            f"Работы распределены между {len(loads)} членами комиссии: по {counts[0]}–{counts[-1]} работ"
            if counts and counts[0] != counts[-1]
            else f"Работы распределены между {len(loads)} членами комиссии поровну.",
        )
    return redirect("assessments:exam_detail", pk=exam.pk)


@manager_required
def commission_edit(request: HttpRequest, pk: int, subject_pk: int) -> HttpResponse:
    schedule = schedule_for_user_or_404(request.user, pk)
    subject = get_object_or_404(Subject, pk=subject_pk)
    commission = Commission.objects.filter(schedule=schedule, subject=subject).first() or Commission(
        schedule=schedule, subject=subject
    )
    form = CommissionForm(request.POST or None, instance=commission, municipality=schedule.municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Состав комиссии по предмету «{subject}» сохранён.")
        return redirect("assessments:schedule_detail", pk=schedule.pk)
    return render(
        request,
        "assessments/form.html",
        {"form": form, "title": f"Комиссия по проверке: {subject}", "schedule": schedule},
    )
