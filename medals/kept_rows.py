"""What the medal pages show, as the rows of their municipality they read: the fingerprint of a kept page
(common.kept_pages). Broader than what one person sees, never narrower.

The marks are the one exception: a municipality has tens of thousands of them, and hashing them all would
cost more than the page. They are named as ``risk_cache`` names them: the current extract versions of the
municipality's schools (and of its candidates' former schools) and the newest mark of the region. Marks
are only ever added, each with a larger id, and go only with their version or their candidate, which are
both named here. A candidate's card is one of these pages: its marks are named the same way."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest

from assessments.models import EgeResult, MockExam, MockExamSchedule, MockWork, Subject
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
        SchoolYearIndicator.objects.filter(school__municipality=municipality),
        MedalBenchmark.objects.all(),
        Subject.objects.all(),
        User.objects.filter(Q(municipality=municipality) | Q(municipality__isnull=True)),
        User.curated_schools.through.objects.filter(user=user),
        Municipality.objects.all(),
    ]
