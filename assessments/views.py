from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.uploads import confirm_waiting
from roadmaps.models import Appendix
from schools.access import school_for_user_or_404, school_q, schools_visible
from schools.models import School, User
from schools.templatetags.tables import nulls_last, sort_ordering
from schools.xlsx import school_column_omitted, table_to_xlsx, xlsx_response

from .access import (
    anyone_required,
    assessments_required,
    checker_required,
    is_department_staff,
    manager_required,
    may_check_works,
    may_manage_assessments,
    may_see_checking,
    user_municipality,
    viewer_required,
)
from .appendix_import import (
    AppendixImportError,
    appendix_label,
    is_commission_appendix,
    is_schedule_appendix,
    roadmaps_with_appendices,
    schedule_appendix_plan,
    schedule_from_appendix,
)
from .charts import ShareBar, histogram_svg, marks_svg, shares_svg
from .commissions import (
    DistributionError,
    ScoreError,
    commission_distribute,
    work_max_score,
    work_score_enter,
    works_for_checker,
    works_max_scores,
)
from .ege_import import ege_column_answers, ege_template_xlsx
from .filters import (
    AppendixRoadmapFilter,
    EgeResultFilter,
    ObserverFilter,
    ProcedureFilter,
    ScaleFilter,
    ScheduleFilter,
    VprResultFilter,
    WorkFilter,
)
from .flag_years import FlagHistory, flag_history
from .forms import (
    AppendixScheduleForm,
    AssignForm,
    CommissionForm,
    MockExamForm,
    ObjectivityForm,
    ObserverForm,
    ProcedureForm,
    ReportForm,
    ScaleForm,
    ScheduleForm,
    ScoreForm,
    ThresholdsForm,
    UploadForm,
    VprUploadForm,
)
from .mock_exams import exam_save, mock_exam_schedule, period_warning
from .models import (
    Commission,
    EgeResult,
    MockExam,
    MockExamSchedule,
    Observer,
    ObserverAssignment,
    Procedure,
    ResultUpload,
    Subject,
    VprGradingScale,
    VprResult,
    VprTest,
)
from .objectivity import objectivity_analysis, objectivity_list, risk_group, thresholds_for
from .observers import AssignmentError, observer_assign, observer_report, procedure_coverage
from .scales import (
    may_change_shared_scales,
    medal_lines_missed,
    scale_book,
    scale_to_edit,
    scales_visible,
)
from .uploads import upload_create, upload_run
from .views_flags import years_context
from .views_vpr import flagged_assignments, procedure_vpr_context
from .vpr_import import vpr_column_answers, vpr_template_xlsx

PAGE_SIZE = 50
staff_required = assessments_required(
    is_department_staff, "Эта страница — для сотрудников управления образования."
)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def _list_context(request: HttpRequest, filterset, rows, default_sort: str, **extra) -> dict:
    """What every list page template needs: the filter form, one page of rows, the query to keep."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "query": _query(request),
        "default_sort": default_sort,
        **extra,
    }


# --- access helpers: one per object ------------------------------------------------------------------


def _get_schedule(user: User, pk: int) -> MockExamSchedule:
    return get_object_or_404(MockExamSchedule, pk=pk, municipality=user_municipality(user))


def _get_exam(user: User, pk: int) -> MockExam:
    return get_object_or_404(
        MockExam.objects.select_related("schedule__municipality", "subject", "venue"),
        pk=pk,
        schedule__municipality=user_municipality(user),
    )


def _get_upload(user: User, pk: int) -> ResultUpload:
    return get_object_or_404(ResultUpload, pk=pk, municipality=user_municipality(user))


def _get_procedure(user: User, pk: int) -> Procedure:
    return get_object_or_404(Procedure, pk=pk, municipality=user_municipality(user))


def _get_assignment(user: User, pk: int) -> ObserverAssignment:
    return get_object_or_404(
        ObserverAssignment.objects.select_related("procedure", "school", "observer"),
        pk=pk,
        procedure__municipality=user_municipality(user),
    )


# --- index ------------------------------------------------------------------------------------------


@anyone_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if may_check_works(user):
        works = works_for_checker(user)
        return render(
            request,
            "assessments/index.html",
            {
                "checker": True,
                "works": works.count(),
                "unscored": works.filter(primary_score__isnull=True).count(),
            },
        )
    municipality = user_municipality(user)
    schools = schools_visible(user)
    procedures = Procedure.objects.filter(municipality=municipality)
    gaps = sum(1 for row in procedure_coverage(procedures=procedures, schools=schools) if row.is_gap)
    return render(
        request,
        "assessments/index.html",
        {
            "schedules": MockExamSchedule.objects.filter(municipality=municipality).count(),
            "vpr_results": VprResult.objects.filter(school_q(user)).count(),
            "ege_results": EgeResult.objects.filter(school_q(user, "pupil__school")).count(),
            "procedures": procedures.count(),
            "gaps": gaps,
            "may_manage": may_manage_assessments(user),
            "staff": is_department_staff(user),
        },
    )


# --- mock exams (Приложение №2) ----------------------------------------------------------------------


SCHEDULE_SORTS = {
    "title": ("title",),
    "period": ("period_start", "title"),
    "order": ("order_date", "order_number"),
    "exams": ("n_exams", "period_start"),
}


@viewer_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    base = MockExamSchedule.objects.filter(municipality=municipality).annotate(n_exams=Count("exams"))
    filterset = ScheduleFilter(request.GET or None, queryset=base, municipality=municipality)
    schedules = filterset.qs.order_by(*nulls_last(sort_ordering(request, SCHEDULE_SORTS, "-period")), "pk")
    if request.GET.get("export") == "xlsx":
        rows = mock_exam_schedule(
            municipality=municipality, schedule_ids=schedules.values_list("pk", flat=True)
        )
        return xlsx_response(_schedule_xlsx(rows), "mock-exams.xlsx")
    return render(
        request,
        "assessments/schedule_list.html",
        _list_context(
            request, filterset, schedules, "-period", may_manage=may_manage_assessments(request.user)
        ),
    )


def _schedule_xlsx(rows: list) -> bytes:
    return table_to_xlsx(
        title="Пробные экзамены",
        headers=[
            "График",
            "Приказ",
            "Предмет",
            "Этап",
            "Место проведения",
            "Начало",
            "Участников",
            "Комиссия",
            "Замечание",
        ],
        rows=(
            [
                r.schedule_title,
                f"№{r.order_number}" + (f" от {r.order_date:%d.%m.%Y}" if r.order_date else "")
                if r.order_number
                else "",
                r.subject,
                r.round,
                r.venue,
                r.starts_at,
                r.participants,
                "; ".join(f"{m.name} ({m.school})" for m in r.commission),
                r.warning or "",
            ]
            for r in rows
        ),
        widths=[50, 20, 20, 16, 40, 18, 12, 60, 50],
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
    schedule = _get_schedule(request.user, pk)
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
    schedule = _get_schedule(request.user, pk)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "График сохранён.")
        return redirect("assessments:schedule_detail", pk=schedule.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "График", "schedule": schedule})


# The print page is the PDF's own HTML: its stylesheet and column widths stand inline, and its «Печать»
# button calls window.print() (allowed by that handler's hash alone).
PRINT_BUTTON_HASH = "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='"  # of «window.print()»
PRINT_PAGE_CSP = {"style-src": ["'unsafe-inline'"], "script-src": ["'unsafe-hashes'", PRINT_BUTTON_HASH]}


@viewer_required
@csp_update(PRINT_PAGE_CSP)
def schedule_print(request: HttpRequest, pk: int) -> HttpResponse:
    # Printed one way only: the same document and template as the PDF (reports/print/mock_exams.html).
    # Imported here: the PDF machinery (WeasyPrint) is loaded by the page that prints, not by every page.
    from reports.documents import mock_exams_document
    from reports.pdf import mock_exams_html

    schedule = _get_schedule(request.user, pk)
    document = mock_exams_document(schedule=schedule)
    back = reverse("assessments:schedule_detail", args=[schedule.pk])
    return HttpResponse(mock_exams_html(document=document, back_url=back))


# --- a schedule from the appendices of an imported plan ------------------------------------------------

ROADMAP_SORTS = {"title": ("title",), "period": ("period_start", "title")}
APPENDIX_KINDS = {"schedule": "график экзаменов", "commission": "состав комиссии", "": "другая таблица"}


def _get_appendix(user: User, pk: int) -> Appendix:
    return get_object_or_404(
        Appendix.objects.select_related("roadmap__municipality"),
        pk=pk,
        roadmap__municipality=user_municipality(user),
    )


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
    roadmaps = filterset.qs.order_by(*nulls_last(sort_ordering(request, ROADMAP_SORTS, "-period")), "pk")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Приложения к планам",
            headers=["Дорожная карта", "Начало периода", "Приложение", "Что в нём", "Строк", "График"],
            rows=(
                [
                    roadmap.title,
                    roadmap.period_start,
                    appendix.title,
                    kind_label,
                    max(len(appendix.rows) - 1, 0),
                    "; ".join(s.title for s in schedules),
                ]
                for roadmap in roadmaps
                for appendix, _, kind_label, schedules in map(_appendix_source, roadmap.appendices.all())
            ),
            widths=[60, 14, 60, 18, 8, 40],
        )
        return xlsx_response(content, "plan-appendices.xlsx")
    context = _list_context(request, filterset, roadmaps, "-period")
    for roadmap in context["page"].object_list:
        roadmap.sources = [_appendix_source(appendix) for appendix in roadmap.appendices.all()]
    return render(request, "assessments/appendix_list.html", context)


@manager_required
def appendix_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the appendix would create, with every problem; POST: create it, all or nothing."""
    appendix = _get_appendix(request.user, pk)
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
    schedule = _get_schedule(request.user, pk)
    return _exam_form(request, schedule, MockExam(schedule=schedule))


@manager_required
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _get_exam(request.user, pk)
    return _exam_form(request, exam.schedule, exam)


@viewer_required
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    exam = _get_exam(user, pk)
    works = list(
        exam.works.filter(school_q(user, "pupil__school"))
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
    if request.GET.get("export") == "xlsx":
        columns = [
            # (header, width, value, shown before the results are published to whoever does not organise)
            ("Код", 10, lambda w: w.code, False),
            ("Ученик", 36, lambda w: w.pupil.full_name, True),
            ("Школа", 36, lambda w: w.pupil.school.short_name, True),
            ("Проверяющий", 24, lambda w: w.checker.short_name if w.checker else "", False),
            ("Первичный балл", 14, lambda w: w.primary_score, True),
            ("Тестовый балл", 14, lambda w: w.score_100, True),
            ("Ниже порога", 36, lambda w: ", ".join(w.missed), True),
        ]
        columns = [c for c in columns if (sees_checking or c[3]) and c[0] not in school_column_omitted(user)]
        content = table_to_xlsx(
            title=f"{exam.subject} {exam.get_round_display()}",
            headers=[c[0] for c in columns],
            rows=([c[2](w) for c in columns] for w in works),
            widths=[c[1] for c in columns],
        )
        return pd_logged(
            request,
            xlsx_response(content, f"mock-exam-{exam.pk}.xlsx"),
            kind=PdKind.LIST,
            what=f"Пробный экзамен № {exam.pk}: {exam.subject}, {exam.get_round_display()} (Excel)",
            pupils=len({w.pupil_id for w in works}),
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
    exam = _get_exam(request.user, pk)
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
    exam = _get_exam(request.user, pk)
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
    schedule = _get_schedule(request.user, pk)
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


# --- commission members: works by code only ------------------------------------------------------------


WORK_SORTS = {
    "code": ("code",),
    "exam": ("exam__subject__order", "exam__round", "code"),
    "date": ("exam__starts_at", "code"),
    "score": ("primary_score", "code"),
}


@checker_required
def my_works(request: HttpRequest) -> HttpResponse:
    filterset = WorkFilter(request.GET or None, queryset=works_for_checker(request.user))
    works = filterset.qs.order_by(*nulls_last(sort_ordering(request, WORK_SORTS, "date")))
    if request.GET.get("export") == "xlsx":
        works = list(works)
        maxima = works_max_scores(works)
        # Codes only: the export leaves the page as depersonalised as the page itself.
        content = table_to_xlsx(
            title="Мои работы на проверку",
            headers=["Код работы", "Предмет", "Этап", "Дата экзамена", "Первичный балл", "Максимальный балл"],
            rows=(
                [
                    w.code,
                    w.exam.subject.name,
                    w.exam.get_round_display(),
                    timezone.localtime(w.exam.starts_at).date(),
                    w.primary_score,
                    maxima[w.pk],
                ]
                for w in works
            ),
            widths=[14, 24, 18, 14, 16, 18],
        )
        return xlsx_response(content, "my-works.xlsx")
    context = _list_context(request, filterset, works, "date")
    maxima = works_max_scores(context["page"].object_list)
    for work in context["page"].object_list:
        work.max_score = maxima[work.pk]
    return render(request, "assessments/my_works.html", context)


@checker_required
@require_POST
def work_score(request: HttpRequest, code: str) -> HttpResponse:
    work = get_object_or_404(works_for_checker(request.user), code=code)
    form = ScoreForm(request.POST)
    error = None
    if form.is_valid():
        try:
            work_score_enter(work=work, user=request.user, primary_score=form.cleaned_data["primary_score"])
        except ScoreError as exc:
            error = str(exc)
    else:
        error = f"Работа {work.code}: укажите первичный балл целым числом."
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Балл работы {work.code} сохранён.")
        return redirect("assessments:my_works")
    work.max_score = work_max_score(work)
    return render(
        request,
        "assessments/partials/work_row.html",
        {"work": work, "error": error, "saved": error is None},
        status=400 if error else 200,
    )


# --- conversion scales --------------------------------------------------------------------------------


SCALE_SORTS = {"subject": ("subject__order", "subject__name", "year"), "year": ("year", "subject__order")}


@viewer_required
def scale_list(request: HttpRequest) -> HttpResponse:
    filterset = ScaleFilter(request.GET or None, queryset=scales_visible(request.user))
    scales = filterset.qs.order_by(*nulls_last(sort_ordering(request, SCALE_SORTS, "subject")), "pk")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Шкалы перевода баллов",
            headers=["Предмет", "Год ЕГЭ", "Чья", "Максимальный первичный балл", "Тестовые баллы (0, 1, 2…)"],
            rows=(
                [
                    s.subject.name,
                    s.year,
                    str(s.municipality or "общая"),
                    s.max_primary,
                    " ".join(map(str, s.points)),
                ]
                for s in scales
            ),
            widths=[24, 10, 30, 16, 120],
        )
        return xlsx_response(content, "score-scales.xlsx")
    context = _list_context(
        request, filterset, scales, "subject", may_manage=may_manage_assessments(request.user)
    )
    own = {(s.subject_id, s.year) for s in context["page"].object_list if not s.is_shared}
    for s in context["page"].object_list:
        s.replaced = s.is_shared and (s.subject_id, s.year) in own
    context["may_change_shared"] = may_change_shared_scales(request.user)
    return render(request, "assessments/scale_list.html", context)


@manager_required
def scale_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scale = scale_to_edit(request.user, pk)
    form = ScaleForm(request.POST or None, instance=scale)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Общая шкала перевода сохранена."
            if scale.is_shared
            else "Шкала перевода вашего муниципалитета сохранена.",
        )
        return redirect("assessments:scale_list")
    note = ""
    if pk and not scale.is_shared and not scale.pk:
        note = (
            "Это общая шкала всех муниципалитетов: ваши изменения сохранятся как своя шкала вашего "
            "муниципалитета, остальные продолжат пользоваться общей."
        )
    return render(
        request, "assessments/form.html", {"form": form, "title": "Шкала перевода баллов", "note": note}
    )


# --- results: uploads --------------------------------------------------------------------------------


def _upload_page(request: HttpRequest, kind: str) -> HttpResponse:
    municipality = user_municipality(request.user)
    form_class = VprUploadForm if kind == ResultUpload.Kind.VPR else UploadForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = form.options() if isinstance(form, VprUploadForm) else {}
        upload = upload_create(kind=kind, file=form.cleaned_data["file"], user=request.user, options=options)
        upload_run(upload=upload, dry_run=True)
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
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request.user, pk)
    return render(request, "assessments/upload_detail.html", {"upload": upload})


@manager_required
@require_POST
def upload_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to the column question of an ЕГЭ or ВПР file: remembered for the department, then the
    same file is checked again."""
    upload = _get_upload(request.user, pk)
    if not (upload.summary or {}).get("column_question") or upload.status != ResultUpload.Status.FAILED:
        messages.info(request, "Для этого файла выбирать столбцы не нужно.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    remember = vpr_column_answers if upload.kind == ResultUpload.Kind.VPR else ege_column_answers
    if not remember(municipality=upload.municipality, data=request.POST):
        messages.error(request, "Выберите хотя бы один столбец файла.")
        return redirect("assessments:upload_detail", pk=upload.pk)
    upload_run(upload=upload, dry_run=True)
    return redirect("assessments:upload_detail", pk=upload.pk)


@manager_required
@require_POST
def upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request.user, pk)
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
def vpr_template(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    schools = list(municipality.schools.exclude(fis_oko_login="").order_by("short_name")[:3])
    return xlsx_response(
        vpr_template_xlsx(schools=schools, municipality_name=municipality.name), "vpr-fis-oko-template.xlsx"
    )


@manager_required
def ege_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(ege_template_xlsx(), "ege-template.xlsx")


# --- results: lists ---------------------------------------------------------------------------------------


@viewer_required
def vpr_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = VprResult.objects.filter(school_q(user)).select_related("test__subject", "school")
    filterset = VprResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-test__year", "test__subject__order", "test__grade", "school__short_name")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Результаты ВПР",
            headers=[
                "Год",
                "Предмет",
                "Класс",
                "Школа",
                "Код участника",
                "Первичный балл",
                "Отметка",
                "По журналу",
            ],
            rows=(
                [
                    r.test.year,
                    r.test.subject.name,
                    r.class_name,
                    r.school.short_name,
                    r.participant_code,
                    r.primary_score,
                    r.mark,
                    r.journal_mark,
                ]
                for r in rows.iterator(chunk_size=2000)
            ),
            widths=[8, 20, 8, 36, 16, 14, 10, 12],
            omit=school_column_omitted(user),
        )
        return xlsx_response(content, "vpr-results.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/vpr_results.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "may_manage": may_manage_assessments(user),
        },
    )


@viewer_required
def ege_results(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = EgeResult.objects.filter(school_q(user, "pupil__school")).select_related(
        "subject", "pupil__school"
    )
    filterset = EgeResultFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by("-year", "pupil__school__short_name", "pupil__last_name", "subject__order")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Результаты ЕГЭ",
            headers=["Год", "Школа", "Ученик", "Предмет", "Дата", "Первичный балл", "Тестовый балл"],
            rows=(
                [
                    r.year,
                    r.pupil.school.short_name,
                    r.pupil.full_name,
                    r.subject.name,
                    r.exam_date,
                    r.primary_score,
                    r.score_100,
                ]
                for r in rows.iterator(chunk_size=2000)
            ),
            widths=[8, 36, 36, 20, 12, 14, 14],
            omit=school_column_omitted(user),
        )
        return pd_logged(
            request,
            xlsx_response(content, "ege-results.xlsx"),
            kind=PdKind.LIST,
            what="Результаты ЕГЭ (Excel)",
            pupils=rows.values("pupil").distinct().count(),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/ege_results.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "may_manage": may_manage_assessments(user),
        },
    )


# --- objectivity ------------------------------------------------------------------------------------------


@viewer_required
def objectivity(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    tests = VprTest.objects.filter(municipality=municipality)
    years = sorted(set(tests.values_list("year", flat=True)), reverse=True)
    form = ObjectivityForm(
        request.GET if "year" in request.GET else None,
        years=years,
        subjects=Subject.objects.filter(pk__in=tests.values("subject")),
        grades=sorted(set(tests.values_list("grade", flat=True))),
    )
    valid = form.is_bound and form.is_valid()
    year = form.cleaned_data["year"] if valid else (years[0] if years else None)
    subject = form.cleaned_data.get("subject") if valid else None
    grade = form.cleaned_data.get("grade") if valid else None
    rows, summaries = (
        objectivity_list(municipality=municipality, year=year, schools=schools_visible(user))
        if year
        else ([], [])
    )
    rows = [
        r for r in rows if (subject is None or r.subject == subject) and (grade is None or r.grade == grade)
    ]
    if request.GET.get("export") == "xlsx":
        # A school head's file has no «Школа» nor its «Код» columns: both are always their own school.
        omit = (*school_column_omitted(user), "Код") if school_column_omitted(user) else ()
        return _objectivity_xlsx(rows, year, flag_history(municipality), omit=omit)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/objectivity.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "charts": _objectivity_charts(page.object_list, summaries),
            "risk": risk_group(rows),
            **years_context(municipality, schools_visible(user), only_flagged=True),
            "thresholds": thresholds_for(municipality),
            "query": _query(request),
            "may_manage": may_manage_assessments(user),
            "flagged": flagged_assignments(user)[:50],
        },
    )


def _objectivity_charts(rows: list, summaries: list) -> list[str]:
    """One chart per ВПР of the rows shown: a chart of every school of a region has too many bars to read."""
    charts = []
    for summary in summaries:
        test_rows = [r for r in rows if r.test_id == summary.test.pk]
        if not test_rows:
            continue
        bars = [
            ShareBar(r.school.short_name, r.lowered, r.confirmed, r.raised, r.in_risk_group)
            for r in test_rows
        ]
        bars.append(ShareBar("Муниципалитет", summary.lowered, summary.confirmed, summary.raised, True))
        title = f"{summary.test.title}: школы на этой странице"
        charts.append(mark_safe(shares_svg(title=title, bars=bars)))
    return charts


def _objectivity_xlsx(
    rows: list, year: int | None, history: FlagHistory, omit: tuple[str, ...] = ()
) -> HttpResponse:
    content = table_to_xlsx(
        title=f"Объективность ВПР {year or ''}",
        headers=[
            "Школа",
            "Код",
            "Предмет",
            "Класс",
            "Участников",
            "Понизили",
            "Подтвердили",
            "Повысили",
            "Средняя отметка",
            "Средняя по муниципалитету",
            "Признаки",
            "Тип ОО",
            "В официальном списке",
            "Годы с признаками",
        ],
        rows=(
            [
                r.school.short_name,
                r.school.code,
                r.subject.name,
                r.grade,
                r.participants,
                round(r.lowered, 3),
                round(r.confirmed, 3),
                round(r.raised, 3),
                round(r.mean_mark, 2) if r.mean_mark is not None else None,
                round(r.municipal_mean_mark, 2) if r.municipal_mean_mark is not None else None,
                "\n".join(str(f) for f in r.flags),
                r.school.get_kind_display(),
                "да" if year and history.on_list(r.school, year) else "нет",
                ", ".join(str(y) for y in history.school_years(r.school).flagged_years),
            ]
            for r in rows
        ),
        widths=[36, 10, 20, 8, 12, 12, 12, 12, 14, 14, 80, 12, 14, 20],
        omit=omit,
    )
    return xlsx_response(content, f"objectivity-{year or 'none'}.xlsx")


@viewer_required
def objectivity_detail(request: HttpRequest, test_pk: int, school_pk: int) -> HttpResponse:
    user = request.user
    test = get_object_or_404(VprTest, pk=test_pk, municipality=user_municipality(user))
    school = school_for_user_or_404(user, school_pk)
    rows, _ = objectivity_analysis(
        municipality=test.municipality,
        year=test.year,
        schools=[school],
        subject=test.subject,
        grade=test.grade,
    )
    row = next((r for r in rows if r.test_id == test.pk), None)
    if row is None:
        raise PermissionDenied("У этой школы нет результатов этой ВПР.")
    return render(
        request,
        "assessments/objectivity_detail.html",
        {
            "test": test,
            "school": school,
            "row": row,
            "marks_chart": mark_safe(
                marks_svg(
                    title=f"{school.short_name}: отметки ВПР и журнала",
                    vpr=row.vpr_marks,
                    journal=row.journal_marks,
                )
            ),
            "histogram": mark_safe(
                histogram_svg(
                    title="Участники по первичному баллу", counts=row.histogram, boundaries=row.boundaries
                )
            ),
            "thresholds": thresholds_for(test.municipality),
            **years_context(test.municipality, [school]),
        },
    )


@manager_required
def thresholds_edit(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    thresholds = thresholds_for(municipality)
    form = ThresholdsForm(request.POST or None, instance=thresholds)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.municipality = municipality
        saved.save()
        messages.success(request, "Пороги анализа объективности сохранены.")
        return redirect("assessments:objectivity")
    return render(request, "assessments/form.html", {"form": form, "title": "Пороги анализа объективности"})


# --- public observers -------------------------------------------------------------------------------------


OBSERVER_SORTS = {
    "name": ("last_name", "first_name", "middle_name"),
    "organisation": ("organisation", "last_name"),
    "school": ("school__short_name", "last_name"),
    "assignments": ("n_assignments", "last_name"),
}


@staff_required
def observer_list(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    base = (
        Observer.objects.filter(municipality=municipality)
        .select_related("school")
        .annotate(n_assignments=Count("assignments", distinct=True))
    )
    filterset = ObserverFilter(request.GET or None, queryset=base, municipality=municipality)
    observers = filterset.qs.order_by(*nulls_last(sort_ordering(request, OBSERVER_SORTS, "name")), "pk")
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Общественные наблюдатели",
            headers=["ФИО", "Кого представляет", "Работает в", "Телефон", "Назначений"],
            rows=(
                [
                    " ".join(p for p in (o.last_name, o.first_name, o.middle_name) if p),
                    o.organisation,
                    o.school.short_name if o.school else "",
                    o.phone,
                    o.n_assignments,
                ]
                for o in observers
            ),
            widths=[36, 30, 36, 16, 12],
        )
        return xlsx_response(content, "observers.xlsx")
    return render(
        request,
        "assessments/observer_list.html",
        _list_context(request, filterset, observers, "name", may_manage=may_manage_assessments(request.user)),
    )


@manager_required
def observer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = user_municipality(request.user)
    observer = get_object_or_404(Observer, pk=pk, municipality=municipality) if pk else Observer()
    form = ObserverForm(request.POST or None, instance=observer, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        observer = form.save(commit=False)
        observer.municipality = municipality
        observer.save()
        form.save_conflicts(observer)
        messages.success(request, "Наблюдатель сохранён.")
        return redirect("assessments:observer_list")
    return render(request, "assessments/form.html", {"form": form, "title": "Общественный наблюдатель"})


PROCEDURE_SORTS = {
    "date": ("held_on", "kind"),
    "kind": ("kind", "held_on"),
    "subject": ("subject__order", "subject__name", "held_on"),
    "grade": ("grade", "held_on"),
}


def _count_coverage(procedures: list[Procedure], schools: QuerySet[School]) -> list[Procedure]:
    """Set ``n_schools`` and ``n_gaps`` (schools without an observer) on each procedure, among ``schools``."""
    coverage = procedure_coverage(procedures=procedures, schools=schools)
    for procedure in procedures:
        rows = [c for c in coverage if c.procedure.pk == procedure.pk]
        procedure.n_schools = len(rows)
        procedure.n_gaps = sum(1 for c in rows if c.is_gap)
    return procedures


@staff_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = Procedure.objects.filter(municipality=user_municipality(user)).select_related("subject")
    filterset = ProcedureFilter(request.GET or None, queryset=base, user=user)
    procedures = filterset.qs.prefetch_related("schools").order_by(
        *nulls_last(sort_ordering(request, PROCEDURE_SORTS, "-date")), "pk"
    )
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Оценочные процедуры",
            headers=["Дата", "Процедура", "Школ", "Без наблюдателя"],
            rows=(
                [p.held_on, str(p), p.n_schools, p.n_gaps]
                for p in _count_coverage(list(procedures), schools_visible(user))
            ),
            widths=[12, 50, 10, 16],
        )
        return xlsx_response(content, "procedures.xlsx")
    context = _list_context(request, filterset, procedures, "-date", may_manage=may_manage_assessments(user))
    context["page"].object_list = _count_coverage(list(context["page"].object_list), schools_visible(user))
    return render(request, "assessments/procedure_list.html", context)


@manager_required
def procedure_create(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    form = ProcedureForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        procedure = form.save(commit=False)
        procedure.municipality = municipality
        procedure.save()
        form.save_m2m()
        messages.success(request, "Процедура добавлена. Назначьте наблюдателей в школы.")
        return redirect("assessments:procedure_detail", pk=procedure.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "Новая оценочная процедура"})


@staff_required
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    procedure = _get_procedure(user, pk)
    form = AssignForm(request.POST or None, procedure=procedure)
    if request.method == "POST":
        if not may_manage_assessments(user):
            raise PermissionDenied("Назначать наблюдателей может начальник УО или муниципальный координатор.")
        if form.is_valid():
            try:
                observer_assign(procedure=procedure, **form.cleaned_data)
            except AssignmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Наблюдатель назначен.")
                return redirect("assessments:procedure_detail", pk=procedure.pk)
    coverage = procedure_coverage(procedures=[procedure], schools=schools_visible(user))
    return render(
        request,
        "assessments/procedure_detail.html",
        {
            "procedure": procedure,
            "coverage": coverage,
            "gaps": sum(1 for c in coverage if c.is_gap),
            "form": form,
            "may_manage": may_manage_assessments(user),
            **procedure_vpr_context(procedure=procedure, user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def assignment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request.user, pk)
    initial = {
        "violations": "yes" if assignment.violations else "no",
        "report_text": assignment.report_text,
    }
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            observer_report(
                assignment=assignment,
                violations=form.cleaned_data["violations"],
                text=form.cleaned_data["report_text"],
            )
        except AssignmentError as exc:
            form.add_error("report_text", str(exc))
        else:
            messages.success(request, "Отчёт наблюдателя сохранён.")
            return redirect("assessments:procedure_detail", pk=assignment.procedure_id)
    title = f"Отчёт: {assignment.observer.short_name}, {assignment.school.short_name}"
    return render(
        request, "assessments/form.html", {"form": form, "title": title, "procedure": assignment.procedure}
    )


@manager_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment(request.user, pk)
    procedure_id = assignment.procedure_id
    assignment.delete()
    messages.success(request, "Назначение снято.")
    return redirect("assessments:procedure_detail", pk=procedure_id)


GAP_SORTS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "procedure": ("procedure",),
    "school": ("school",),
}
GAP_KEYS = {
    "date": lambda c: (c.procedure.held_on, c.school.short_name),
    "procedure": lambda c: (str(c.procedure), c.procedure.held_on, c.school.short_name),
    "school": lambda c: (c.school.short_name, c.procedure.held_on),
}


@staff_required
def observer_gaps(request: HttpRequest) -> HttpResponse:
    user = request.user
    base = Procedure.objects.filter(municipality=user_municipality(user)).select_related("subject")
    filterset = ProcedureFilter(request.GET or None, queryset=base, user=user)
    schools = schools_visible(user)
    if filterset.chosen_school is not None:
        schools = schools.filter(pk=filterset.chosen_school.pk)
    procedures = filterset.qs.prefetch_related("schools")
    gaps = [c for c in procedure_coverage(procedures=procedures, schools=schools) if c.is_gap]
    (order,) = sort_ordering(request, GAP_SORTS, "-date")
    gaps.sort(key=GAP_KEYS[order.lstrip("-")], reverse=order.startswith("-"))
    if request.GET.get("export") == "xlsx":
        content = table_to_xlsx(
            title="Школы без наблюдателя",
            headers=["Дата", "Процедура", "Школа"],
            rows=([c.procedure.held_on, str(c.procedure), c.school.short_name] for c in gaps),
            widths=[12, 40, 40],
        )
        return xlsx_response(content, "observer-gaps.xlsx")
    context = _list_context(request, filterset, gaps, "-date", today=timezone.localdate())
    context["flagged"] = flagged_assignments(user, procedures=procedures)[:50]
    return render(request, "assessments/observer_gaps.html", context)
