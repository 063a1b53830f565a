"""What the observers', objectivity and region pages show, as the rows they read: the fingerprint of a kept
page (common.kept_pages). Broader than what one person sees, never narrower.

The objectivity analysis itself is kept in the cache under the state of what it reads
(``objectivity_states``): the rows below are those same rows, so a kept page changes with its analysis."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from roadmaps.models import Measure, Roadmap
from schools.models import Municipality, Pupil, School, User

from .models import (
    EgeResult,
    ObjectivityThresholds,
    Observer,
    ObserverAssignment,
    ObserverConflict,
    OfficialFlag,
    OgeResult,
    Procedure,
    ResultUpload,
    Subject,
    VprAggregate,
    VprMarkStatistics,
    VprRecheck,
    VprRecheckWork,
    VprTest,
)


def observer_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The municipality's observers with their assignments (counted) and conflicts of interest, its
    schools, and the municipalities of the top bar. None for a person of no municipality: not kept."""
    municipality = request.user.municipality_id
    if municipality is None:
        return None
    return [
        Observer.objects.filter(municipality=municipality),
        ObserverAssignment.objects.filter(observer__municipality=municipality),
        ObserverConflict.objects.filter(observer__municipality=municipality),
        School.objects.filter(municipality=municipality),
        Municipality.objects.all(),
    ]


def _results(where: list[int] | None) -> list[QuerySet]:
    """The ВПР tests and their per school × test lines, the loaded files, the ОГЭ and ЕГЭ that back the
    marks, the region's statistics, thresholds and official flags, the observers' bookings and procedures,
    the ВПР re-checks, of the municipalities ``where`` names (None: all), with their schools and the
    pupils of the ЕГЭ results."""

    def of(path: str) -> Q:
        return Q() if where is None else Q(**{f"{path}__in": where})

    return [
        VprTest.objects.filter(of("municipality")),
        VprAggregate.objects.filter(of("test__municipality")),
        ResultUpload.objects.filter(of("municipality")),
        OgeResult.objects.filter(of("school__municipality")),
        EgeResult.objects.filter(of("pupil__school__municipality")),
        VprMarkStatistics.objects.filter(of("municipality")),
        ObjectivityThresholds.objects.filter(of("municipality")),
        OfficialFlag.objects.filter(of("municipality")),
        Observer.objects.filter(of("municipality")),
        ObserverAssignment.objects.filter(of("school__municipality") | of("observer__municipality")),
        Procedure.objects.filter(of("municipality")),
        VprRecheck.objects.filter(of("municipality")),
        VprRecheckWork.objects.filter(of("recheck__municipality")),
        School.objects.filter(of("municipality")),
        # The pupils read are those of the ЕГЭ results (their school), never their names.
        Pupil.objects.filter(of("school__municipality"), pk__in=EgeResult.objects.values("pupil")),
        Subject.objects.all(),
        Municipality.objects.all(),
    ]


def objectivity_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The objectivity page: its municipality's results and what is read with them (``_results``), its
    people and the person's curated schools. None for a person of no municipality: not kept."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None or user.is_observer:
        return None
    return [
        *_results([municipality]),
        User.objects.filter(Q(municipality=municipality) | Q(municipality__isnull=True)),
        User.curated_schools.through.objects.filter(user=user),
    ]


def region_page_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet]:
    """The region page: every municipality's results (``_results``) and the plans' measures for the schools
    (the МУКО counts)."""
    return [
        *_results(None),
        Roadmap.objects.all(),
        Measure.objects.all(),
        Measure.target_schools.through.objects.all(),
    ]
