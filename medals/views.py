from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.lists import list_context, list_query, wants_export
from common.xlsx import school_column_omitted, xlsx_response
from schools.access import may_change_school_data, school_for_user_or_404, schools_visible
from schools.decorators import section_required
from schools.grades import with_grade_q
from schools.models import School, User

from .access import (
    candidate_for_user_or_404,
    candidates_visible,
    current_grade_for_user_or_404,
    is_medal_staff,
    may_edit_indicators,
    may_enter_notebook,
    may_manage_rechecks,
    may_upload,
    member_recheck_or_404,
    recheck_for_manager_or_404,
    rechecks_for_member,
    rechecks_visible,
    schools_changeable,
    schools_for_upload,
    upload_for_user_or_404,
    uploads_visible,
)
from .card import candidate_card
from .comparison import grade_disagreements, totals_by_school
from .eligibility import MEDAL_RULES
from .filters import CandidateFilter, RecheckFilter, YearSchoolFilter
from .forms import (
    FIRST_YEAR,
    LAST_YEAR,
    CandidateExamForm,
    IndicatorForm,
    IssuedSchoolForm,
    MemberRecheckForm,
    NotebookMarkForm,
    RecheckEditForm,
    RecheckProposeForm,
    UploadForm,
    YearForm,
)
from .importers.journal_cover import ALL, COVERED
from .importers.templates import issued_template, journal_template, register_template
from .importers.uploads import (
    upload_check,
    upload_column_answers,
    upload_confirm,
    upload_create,
    upload_pupil_count,
)
from .indicators import school_medal_indicators
from .issued import issued_record, issued_rows
from .lists import (
    CANDIDATES,
    DISAGREEMENTS,
    RECHECKS,
    RISK_CANDIDATES,
    RISK_SCHOOLS,
    RISK_TEACHERS,
    indicators_listing,
)
from .models import IssuedMedal, SchoolYearIndicator, Upload, academic_year_of
from .notebook import notebook_mark_add
from .rechecks import (
    CLOSED_MESSAGE,
    mark_comparison,
    recheck_add,
    recheck_close,
    recheck_members,
    recheck_propose,
    recheck_record,
    recheck_update,
)
from .risks import benchmark_for, candidate_assessments, school_risk_reasons, teacher_risks

SHOWN_ERRORS = 300
UPLOAD_TITLES = {
    Upload.Kind.CANDIDATES: "Реестр претендентов",
    Upload.Kind.JOURNAL: "Выгрузка из электронного журнала",
    Upload.Kind.NOTEBOOK: "Отметки из тетрадей контрольных работ",
    Upload.Kind.ISSUED: "Выданные медали",
}


def _is_member(user: User) -> bool:
    return user.role == User.Role.COMMISSION_MEMBER and not user.is_superuser


def _require_staff(user: User) -> None:
    if not is_medal_staff(user):
        raise PermissionDenied("Эта страница — для методистов и начальника УО.")


def _current_graduation_year() -> int:
    return academic_year_of(timezone.localdate()) + 1


# --- candidates ----------------------------------------------------------------------------------------


@section_required("medals")
def candidate_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _is_member(user):
        return redirect("medals:member_rechecks")
    base = candidates_visible(user).select_related("pupil", "school", "previous_school")
    filterset = CandidateFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by(*CANDIDATES.ordering(request))
    exporting = wants_export(request)
    assessed = {}
    if filterset.risk_only or exporting:
        # The risk rules are not a database filter: they run over every candidate the filters keep.
        rows = list(rows)
        assessed = candidate_assessments(candidates=rows)
        if filterset.risk_only:
            rows = [c for c in rows if assessed[c.pk].reasons]
    if exporting:
        return pd_logged(
            request,
            CANDIDATES.export([(c, assessed[c.pk]) for c in rows], omit=school_column_omitted(request.user)),
            kind=PdKind.LIST,
            what="Претенденты на медаль (Excel)",
            pupils=len({c.pupil_id for c in rows}),
        )
    context = list_context(request, rows, filterset=filterset, default_sort=CANDIDATES.default_sort)
    page = context["page"]
    assessed = assessed or candidate_assessments(candidates=page.object_list)
    context["items"] = [(c, assessed[c.pk]) for c in page.object_list]
    template = "medals/partials/candidate_table.html" if request.htmx else "medals/candidate_list.html"
    return render(request, template, context)


@section_required("medals")
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    candidate = candidate_for_user_or_404(user, pk)
    page = render(
        request,
        "medals/candidate_detail.html",
        {
            "candidate": candidate,
            "card": candidate_card(candidate=candidate),
            "rules": MEDAL_RULES,
            "may_notebook": may_enter_notebook(user, candidate.school),
            "may_recheck": may_manage_rechecks(user, candidate.school),
            "notebook_form": NotebookMarkForm(),
            "may_exam": may_change_school_data(user, candidate.school),
            "exam_form": CandidateExamForm(instance=candidate),
        },
    )
    # The log names the card, not the pupil: it outlives the pupil's name (depersonalisation.expired).
    what = f"Карточка претендента № {candidate.pk}, {candidate.school}"
    return pd_logged(request, page, kind=PdKind.CARD, what=what, pupils=1)


@section_required("medals")
@require_POST
def notebook_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    candidate = candidate_for_user_or_404(user, pk)
    if not may_enter_notebook(user, candidate.school):
        raise PermissionDenied("Отметки из тетрадей вносят методисты УО.")
    form = NotebookMarkForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Отметка не сохранена: " + " ".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("medals:candidate_detail", pk=candidate.pk)
    try:
        notebook_mark_add(candidate=candidate, user=user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "Отметка не сохранена: " + " ".join(exc.messages))
    else:
        messages.success(request, "Отметка из тетради сохранена.")
    return redirect("medals:candidate_detail", pk=candidate.pk)


@section_required("medals")
@require_POST
def candidate_exam(request: HttpRequest, pk: int) -> HttpResponse:
    """ЕГЭ or ГВЭ, and the ГВЭ marks: whoever may change the school's data."""
    user = request.user
    candidate = candidate_for_user_or_404(user, pk)
    if not may_change_school_data(user, candidate.school):
        raise PermissionDenied("Форму ГИА вносят руководитель школы, методист-куратор и начальник УО.")
    form = CandidateExamForm(request.POST, instance=candidate)
    if form.is_valid():
        form.save()
        messages.success(request, f"Форма ГИА сохранена: {candidate.exam_form}.")
    else:
        messages.error(
            request, "Форма ГИА не сохранена: " + " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("medals:candidate_detail", pk=candidate.pk)


# --- issued medals -------------------------------------------------------------------------------------


@section_required("medals")
def issued_medals(request: HttpRequest) -> HttpResponse:
    """After graduation: the medal each graduate of a school received, checked against the ЕГЭ."""
    user = request.user
    schools = schools_changeable(user)
    if not schools.exists():
        raise PermissionDenied("Выданные медали вносят руководитель школы, методист-куратор и начальник УО.")
    data = request.POST if request.method == "POST" else request.GET
    default = {"school": schools.order_by("short_name").first().pk, "year": _current_graduation_year() - 1}
    asked = IssuedSchoolForm(
        {"school": data.get("school") or default["school"], "year": data.get("year") or default["year"]},
        schools=schools,
    )
    target_ok = asked.is_valid()
    if not target_ok:
        for error in (e for errors in asked.errors.values() for e in errors):
            messages.error(request, f"{error} Показаны выпускники по умолчанию.")
        asked = IssuedSchoolForm(default, schools=schools)
        asked.is_valid()
    school, year = asked.cleaned_data["school"], asked.cleaned_data["year"]
    if request.method == "POST" and target_ok:
        try:
            changed = issued_record(school=school, year=year, choices=request.POST)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, "Ничего не сохранено: " + message)
        else:
            messages.success(request, f"Выданные медали сохранены (изменено: {changed}).")
            return redirect(f"{reverse('medals:issued_medals')}?school={school.pk}&year={year}")
    return render(
        request,
        "medals/issued_medals.html",
        {
            "asked": asked,
            "school": school,
            "year": year,
            "rows": issued_rows(school=school, year=year),
            "choices": IssuedMedal.choices,
            "schools": schools.order_by("short_name"),
            "years": range(year - 3, year + 2),
        },
    )


# --- uploads -------------------------------------------------------------------------------------------


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
        upload_check(upload=upload)
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
    upload_check(upload=upload)
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


# --- journal against notebooks ---------------------------------------------------------------------------


@section_required("medals")
def comparison(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _is_member(user):
        return redirect("medals:member_rechecks")
    filterset = YearSchoolFilter(request.GET or None, queryset=candidates_visible(user), user=user)
    ids = list(filterset.qs.values_list("pk", flat=True))
    found = grade_disagreements(candidate_ids=ids)
    if wants_export(request):
        return pd_logged(
            request,
            DISAGREEMENTS.export(found),
            kind=PdKind.LIST,
            what="Расхождения журнала и тетрадей (Excel)",
            pupils=len({d.candidate_id for d in found}),
        )
    totals = totals_by_school(candidate_ids=ids, disagreements=found)
    schools = School.objects.filter(pk__in=totals).order_by("short_name")
    return render(
        request,
        "medals/comparison.html",
        list_context(request, found, filterset=filterset, school_totals=[(s, totals[s.pk]) for s in schools]),
    )


# --- re-checks -------------------------------------------------------------------------------------------


@section_required("medals")
def recheck_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    base = rechecks_visible(user).select_related(
        "candidate__pupil", "candidate__school", "subject", "assigned_to"
    )
    filterset = RecheckFilter(
        request.GET or None, queryset=base.order_by("candidate__school__short_name", "code"), user=user
    )
    if wants_export(request):
        rechecks = list(filterset.qs)
        return pd_logged(
            request,
            RECHECKS.export(rechecks, omit=school_column_omitted(request.user)),
            kind=PdKind.LIST,
            what="Работы на перепроверку (Excel)",
            pupils=len({r.candidate.pupil_id for r in rechecks}),
        )
    return render(
        request,
        "medals/recheck_list.html",
        list_context(
            request,
            filterset.qs,
            filterset=filterset,
            propose_schools=schools_changeable(user).order_by("short_name"),
        ),
    )


@section_required("medals")
@require_POST
def recheck_propose_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    candidates = candidates_visible(user).filter(is_active=True, school__in=schools_changeable(user))
    form = RecheckProposeForm(request.POST, schools=schools_changeable(user))
    if not form.is_valid():
        messages.error(request, "Школа для перепроверки не найдена среди ваших школ: ничего не добавлено.")
        return redirect("medals:recheck_list")
    if form.cleaned_data["school"]:
        candidates = candidates.filter(school=form.cleaned_data["school"])
    added = recheck_propose(candidates=candidates.select_related("pupil", "previous_school"), user=user)
    if added:
        messages.success(request, f"В список перепроверки добавлено работ: {added}.")
    else:
        messages.info(request, "Новых работ для перепроверки не найдено: всё предложенное уже в списке.")
    return redirect("medals:recheck_list")


@section_required("medals")
@require_POST
def recheck_add_view(request: HttpRequest, grade_pk: int) -> HttpResponse:
    user = request.user
    grade = current_grade_for_user_or_404(user, grade_pk)
    if not may_manage_rechecks(user, grade.candidate.school):
        raise PermissionDenied("Список перепроверки ведут методисты УО.")
    try:
        recheck = recheck_add(grade=grade, user=user, reason="Добавлена методистом")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Работа в списке перепроверки под шифром {recheck.code}.")
    return redirect("medals:candidate_detail", pk=grade.candidate_id)


@section_required("medals")
def recheck_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recheck = recheck_for_manager_or_404(user, pk)
    initial = {
        "assigned_to": recheck.assigned_to,
        "excluded": recheck.status == recheck.Status.EXCLUDED,
        "note": recheck.note,
    }
    form = RecheckEditForm(request.POST or None, initial=initial, members=recheck_members(recheck=recheck))
    if recheck.is_closed or recheck.status != recheck.Status.DONE:
        del form.fields["close"]
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                recheck_update(
                    recheck=recheck,
                    member=form.cleaned_data["assigned_to"],
                    excluded=form.cleaned_data["excluded"],
                    note=form.cleaned_data["note"],
                )
                if form.cleaned_data.get("close"):
                    recheck_close(recheck=recheck, user=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Работа {recheck.code} сохранена.")
            return redirect("medals:recheck_list")
    return render(request, "medals/recheck_edit.html", {"recheck": recheck, "form": form})


@section_required("medals")
def member_rechecks(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role != User.Role.COMMISSION_MEMBER:
        raise PermissionDenied("Эта страница — для членов комиссии.")
    rows = rechecks_for_member(user).select_related("subject").order_by("status", "work_date", "code")
    return render(request, "medals/member_rechecks.html", {"rows": rows})


@section_required("medals")
def member_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    recheck = member_recheck_or_404(user, pk)
    # The mark field starts empty even when a mark is recorded: a correction is chosen, never inherited.
    form = MemberRecheckForm(request.POST or None, initial={"comment": recheck.recheck_comment})
    confirming, status, error = False, 200, ""
    if request.method == "POST" and recheck.is_closed:
        form = MemberRecheckForm(initial={"comment": recheck.recheck_comment})
        error, status = CLOSED_MESSAGE, 409
    elif request.method == "POST" and form.is_valid():
        if "confirm" in request.POST:
            # The second screen: the mark was seen beside the teacher's and confirmed.
            try:
                recheck_record(
                    recheck=recheck, mark=form.cleaned_data["mark"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 409
            else:
                saved = f"Отметка «{recheck.recheck_mark}» по работе {recheck.code} сохранена."
                messages.success(request, saved)
                return redirect("medals:member_rechecks")
        elif "back" not in request.POST:
            confirming = True
    elif request.method == "POST":
        status = 400
    mark = form.cleaned_data.get("mark", "") if form.is_bound and hasattr(form, "cleaned_data") else ""
    return render(
        request,
        "medals/member_recheck.html",
        {
            "recheck": recheck,
            "form": form,
            "confirming": confirming,
            "error": error,
            "mark": mark,
            "comparison": mark_comparison(recheck=recheck, mark=mark) if confirming else "",
        },
        status=status,
    )


# --- risk groups and school indicators ----------------------------------------------------------------


RISK_TABS = {"candidates": "Претенденты", "teachers": "Учителя", "schools": "Школы"}


@section_required("medals")
def risk_groups(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _is_member(user):
        return redirect("medals:member_rechecks")
    tab = request.GET.get("tab") if request.GET.get("tab") in RISK_TABS else "candidates"
    filterset = YearSchoolFilter(request.GET or None, queryset=candidates_visible(user), user=user)
    current = _current_graduation_year()
    years = filterset.years
    year = filterset.chosen_year or (current if current in years or not years else years[0])
    candidates = filterset.qs.filter(graduation_year=year).select_related(
        "pupil", "school", "previous_school"
    )
    context = {
        "filter": filterset,
        "tab": tab,
        "tabs": RISK_TABS,
        "year": year,
        "rules": MEDAL_RULES,
        "keep": [("tab", tab)],
    }
    exporting = wants_export(request)
    if tab == "candidates":
        ordered = candidates.order_by("school__short_name", "pupil__last_name")
        context["items"] = [a for a in candidate_assessments(candidates=ordered).values() if a.reasons]
        if exporting:
            return pd_logged(
                request,
                RISK_CANDIDATES.export(context["items"], omit=school_column_omitted(user)),
                kind=PdKind.LIST,
                what="Группа риска: претенденты (Excel)",
                pupils=len({a.candidate.pupil_id for a in context["items"]}),
            )
    elif tab == "teachers":
        context["items"] = teacher_risks(candidate_ids=candidates.values_list("pk", flat=True))
        if exporting:
            return RISK_TEACHERS.export(context["items"], omit=school_column_omitted(user))
    else:
        context["items"], context["benchmark"] = _school_rows(user, filterset, year)
        context["schools_at_risk"] = sum(1 for _, _, reasons in context["items"] if reasons)
        if exporting:
            return RISK_SCHOOLS.export(context["items"], omit=school_column_omitted(user))
    context["query"] = list_query(request)
    return render(request, "medals/risk_groups.html", context)


def _school_rows(user: User, filterset: YearSchoolFilter, year: int):
    schools = schools_visible(user).order_by("short_name")
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("school"):
        schools = schools.filter(pk=filterset.form.cleaned_data["school"].pk)
    schools = list(schools)
    indicators = school_medal_indicators(school_ids=[s.pk for s in schools], year=year)
    benchmark = benchmark_for(year=year)
    items = []
    for school in schools:
        i = indicators[school.pk]
        reasons = school_risk_reasons(
            share=i.share,
            benchmark=benchmark,
            medalists_last_year=i.medalists_last_year,
            medalists_last_year_ege_below_70=i.medalists_last_year_ege_below_70,
            candidates_at_risk=i.candidates_at_risk,
        )
        items.append((school, i, reasons))
    items.sort(key=lambda item: (-len(item[2]), item[0].short_name))
    return items, benchmark


@section_required("medals")
def indicator_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    asked = YearForm(request.GET)
    valid = asked.is_valid()
    year = (asked.cleaned_data["year"] if valid else None) or _current_graduation_year()
    if not valid:
        messages.error(request, f"Год выпуска — число от {FIRST_YEAR} до {LAST_YEAR}; показан {year} год.")
    # A school without grade 11 (an ООШ) has no graduates to show here (schools.grades).
    schools = list(schools_visible(user).filter(with_grade_q(11)).order_by("short_name"))
    indicators = school_medal_indicators(school_ids=[s.pk for s in schools], year=year)
    if wants_export(request):
        rows = [(s, indicators[s.pk]) for s in schools]
        return indicators_listing(year).export(rows, omit=school_column_omitted(request.user))
    editable = set(schools_changeable(user).values_list("pk", flat=True))
    rows = [(s, indicators[s.pk], s.pk in editable) for s in schools]
    return render(
        request,
        "medals/indicator_list.html",
        {
            "rows": rows,
            "year": year,
            "years": range(year - 3, year + 2),
            "benchmark": benchmark_for(year=year),
        },
    )


@section_required("medals")
def indicator_edit(request: HttpRequest, school_pk: int, year: int) -> HttpResponse:
    user = request.user
    school = school_for_user_or_404(user, school_pk)
    if not may_edit_indicators(user, school):
        raise PermissionDenied("Показатели школы вносят методисты-кураторы и начальник УО.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Такого года выпуска нет.")
    instance = SchoolYearIndicator.objects.filter(school=school, year=year).first()
    form = IndicatorForm(
        request.POST or None, instance=instance or SchoolYearIndicator(school=school, year=year)
    )
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.updated_by = user
        indicator.save()
        messages.success(request, f"Показатели {school.short_name} за {year} год сохранены.")
        return redirect(f"{reverse('medals:indicator_list')}?year={year}")
    return render(request, "medals/indicator_edit.html", {"school": school, "year": year, "form": form})
