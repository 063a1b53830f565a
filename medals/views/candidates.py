"""Претенденты: the list, the card, a notebook mark and the exam form."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.exports import PdKind, pd_logged
from common.forms import form_errors
from common.instances import loaded_instances
from common.kept_pages import kept_page
from common.lists import export_response, list_context, wants_export
from common.xlsx import school_column_omitted
from schools.access import may_change_school_data
from schools.decorators import section_required
from schools.models import School, User

from ..access import candidate_for_user_or_404, candidates_visible, may_enter_notebook, may_manage_rechecks
from ..card import candidate_card
from ..eligibility import MEDAL_RULES
from ..filters import CandidateFilter
from ..forms import CandidateExamForm, NotebookMarkForm
from ..kept_rows import card_rows, medal_rows
from ..lists import CANDIDATE_FILE_FIELDS, CANDIDATES
from ..models import Candidate
from ..notebook import notebook_mark_add
from ..risk_cache import cached_candidate_assessments
from .common import is_member


@section_required("medals")
@kept_page(medal_rows)
def candidate_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_member(user):
        return redirect("medals:member_rechecks")
    base = candidates_visible(user).select_related("pupil", "school", "previous_school")
    filterset = CandidateFilter(request.GET or None, queryset=base, user=user)
    rows = filterset.qs.order_by(*CANDIDATES.ordering(request))
    if wants_export(request):
        # The length of the list decides where its file is built; the risk rules run where it is built.
        return export_response(
            request, rows=rows.count, build=lambda: _candidates_file(request, rows, filterset.risk_only)
        )
    assessed = {}
    if filterset.risk_only:
        # The risk rules are not a database filter: they run over every candidate the filters keep.
        rows = list(rows)
        assessed = cached_candidate_assessments(candidates=rows)
        rows = [c for c in rows if assessed[c.pk].reasons]
    context = list_context(request, rows, filterset=filterset, default_sort=CANDIDATES.default_sort)
    page = context["page"]
    # The page's fifty from the same cache of the marks' facts as the risk filter: reading them is most of
    # the list's time at region scale, and they only change when marks do (medals.risk_cache).
    assessed = assessed or cached_candidate_assessments(candidates=page.object_list)
    context["items"] = [(c, assessed[c.pk]) for c in page.object_list]
    template = "medals/partials/candidate_table.html" if request.htmx else "medals/candidate_list.html"
    return render(request, template, context)


def _candidates_file(request: HttpRequest, rows, risk_only: bool) -> HttpResponse:
    candidates = loaded_instances(rows, CANDIDATE_FILE_FIELDS)
    assessed = cached_candidate_assessments(candidates=candidates)
    if risk_only:
        candidates = [c for c in candidates if assessed[c.pk].reasons]
    return pd_logged(
        request,
        CANDIDATES.export(
            [(c, assessed[c.pk]) for c in candidates], omit=school_column_omitted(request.user)
        ),
        kind=PdKind.LIST,
        what="Претенденты на медаль (Excel)",
        pupils=len({c.pupil_id for c in candidates}),
    )


def _card_opened(request: HttpRequest, page: HttpResponse, what: str) -> HttpResponse:
    return pd_logged(request, page, kind=PdKind.CARD, what=what, pupils=1)


def _kept_card_opened(request: HttpRequest, page: HttpResponse, pk: int) -> HttpResponse:
    """A kept card is an opening of the pupil's data as much as a rendered one: it is logged the same, with
    what its rendering logged (kept with it: the person, their access and the card are unchanged)."""
    return _card_opened(request, page, page.kept_note)


@section_required("medals")
@kept_page(card_rows, served=_kept_card_opened)
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
    page.kept_note = f"Карточка претендента № {candidate.pk}, {candidate.school}"
    return _card_opened(request, page, page.kept_note)


def _candidate_to_change(user: User, pk: int, may: Callable[[User, School], bool], refusal: str) -> Candidate:
    """The candidate the user sees, when ``may`` lets them change it for its school; else ``refusal``."""
    candidate = candidate_for_user_or_404(user, pk)
    if not may(user, candidate.school):
        raise PermissionDenied(refusal)
    return candidate


@section_required("medals")
@require_POST
def notebook_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    candidate = _candidate_to_change(user, pk, may_enter_notebook, "Отметки из тетрадей вносят методисты УО.")
    form = NotebookMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Отметка не сохранена: " + form_errors(form))
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
    candidate = _candidate_to_change(
        request.user,
        pk,
        may_change_school_data,
        "Форму ГИА вносят руководитель школы, методист-куратор и начальник УО.",
    )
    form = CandidateExamForm(request.POST, instance=candidate)
    if form.is_valid():
        form.save()
        messages.success(request, f"Форма ГИА сохранена: {candidate.exam_form}.")
    else:
        messages.error(request, "Форма ГИА не сохранена: " + form_errors(form))
    return redirect("medals:candidate_detail", pk=candidate.pk)
