"""What the medal pages show, as the rows of their municipality they read: the fingerprint of a kept page
(common.kept_pages). Broader than what one person sees, never narrower.

The marks are the one exception: a municipality has tens of thousands of them, and hashing them all would
cost more than the page. They are named as ``risk_cache`` names them: the current extract versions of the
municipality's schools (and of its candidates' former schools) and the newest mark of the region. Marks
are only ever added, each with a larger id, and go only with their version or their candidate, which are
both named here. A candidate's card names the same kinds of rows, of that one candidate only
(``card_rows``): read by their keys, not the municipality's hundreds of candidates."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest

from assessments.models import EgeResult, MockExam, MockExamSchedule, MockWork, ScoreScale, Subject
from schools.models import Municipality, Pupil, School, User

from .models import Candidate, ExtractVersion, Grade, MedalBenchmark, Recheck, SchoolYearIndicator


def medal_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The municipality's candidates with their pupils, schools (former ones too), re-checks, ЕГЭ and mock
    exam results, the marks (see the module), the medal indicators and benchmarks, the subjects, its
    people, the person's curated schools and the municipalities of the top bar. None for a person of no
    municipality: not kept."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None or user.is_observer:
        return None
    candidates = Candidate.objects.filter(school__municipality=municipality)
    pupils = candidates.values("pupil")
    schools = School.objects.filter(
        Q(municipality=municipality) | Q(pk__in=candidates.values("previous_school"))
    )
    newest_mark = Grade.objects.order_by("-pk").values("pk")[:1]
    return [
        candidates,
        Pupil.objects.filter(pk__in=pupils),
        schools,
        ExtractVersion.objects.filter(is_current=True, school__in=schools),
        Grade.objects.filter(pk=Subquery(newest_mark)),
        Recheck.objects.filter(candidate__school__municipality=municipality),
        EgeResult.objects.filter(pupil__in=pupils),
        MockWork.objects.filter(pupil__in=pupils),
        MockExam.objects.filter(schedule__municipality=municipality),
        MockExamSchedule.objects.filter(municipality=municipality),
        _scales(municipality),
        SchoolYearIndicator.objects.filter(school__municipality=municipality),
        MedalBenchmark.objects.all(),
        Subject.objects.all(),
        User.objects.filter(Q(municipality=municipality) | Q(municipality__isnull=True)),
        User.curated_schools.through.objects.filter(user=user),
        Municipality.objects.all(),
    ]


def _scales(municipality: int) -> QuerySet:
    """The scales a mock exam's points are converted by (assessments.scales.scale_book): the shared ones
    and the municipality's own."""
    return ScoreScale.objects.filter(Q(municipality__isnull=True) | Q(municipality=municipality))


def card_rows(request: HttpRequest, pk: int, *args, **kwargs) -> list[QuerySet] | None:
    """The rows of one candidate's card: the candidate, its pupil, its schools (the former one too) and
    their current extract versions, the newest mark (the marks, as the module names them), its re-checks
    and the people they are given to, the pupil's ЕГЭ and mock results with their exams, schedules and
    scales, the subjects, the person, their curated schools and the municipalities of the top bar. Who may
    open the card is decided by the view before any kept page is served."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None or user.is_observer:
        return None
    # Each of the candidate's own keys as a value of one row (a scalar subquery), so that every part is
    # read by its index: «in (subquery) or in (subquery)» made PostgreSQL scan whole tables.
    candidate = Candidate.objects.filter(pk=pk)
    pupil = Subquery(candidate.values("pupil")[:1])
    school = Subquery(candidate.values("school")[:1])
    previous_school = Subquery(candidate.values("previous_school")[:1])
    rechecks = Recheck.objects.filter(candidate=pk)
    works = MockWork.objects.filter(pupil=pupil)
    exams = MockExam.objects.filter(pk__in=works.values("exam"))
    newest_mark = Grade.objects.order_by("-pk").values("pk")[:1]
    return [
        candidate,
        Pupil.objects.filter(pk=pupil),
        School.objects.filter(Q(pk=school) | Q(pk=previous_school)),
        ExtractVersion.objects.filter(Q(school=school) | Q(school=previous_school), is_current=True),
        Grade.objects.filter(pk=Subquery(newest_mark)),
        rechecks,
        EgeResult.objects.filter(pupil=pupil),
        works,
        exams,
        MockExamSchedule.objects.filter(pk__in=exams.values("schedule")),
        _scales(municipality),
        Subject.objects.all(),
        User.objects.filter(pk=user.pk),
        User.objects.filter(pk__in=rechecks.values("assigned_to")),
        User.curated_schools.through.objects.filter(user=user),
        Municipality.objects.all(),
    ]
