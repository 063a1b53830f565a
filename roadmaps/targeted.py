"""«Адресные меры»: measures aimed at chosen schools rather than all of them.

A methodical visit, lesson observation, КПК for named teachers or personal control is taken for the
schools where the objectivity analysis found signs of non-objective results. Such a measure has progress
rows for its chosen schools only (``roadmaps.progress.schools_for_measure``), so every count of execution
(dashboards, reminders, the workbook, the protocol) counts it for those schools only.

The year a targeted measure answers is ``basis_year`` (the ВПР year whose signs it addresses), or the year
its plan starts: a plan for 2024-2025 is drawn up after the ВПР of spring 2024. Whether the signs went
away is read in the next year's ВПР (``assessments.effect``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from schools.models import Municipality, School

from .models import Measure, MeasureScope, Progress, Roadmap
from .progress import ACTIVE_ROADMAP_STATUSES, progress_sync_for_measure, untouched_q


def measure_basis_year(measure: Measure) -> int:
    return measure.basis_year or measure.roadmap.period_start.year


def targets_kept_problem(*, measure: Measure, scope: str, schools: Iterable[School]) -> str:
    """Why the chosen schools cannot be saved, or "": a school whose row someone already worked on (a
    status, a comment, a file) cannot be dropped from the measure — its history would be lost."""
    if measure.pk is None or scope != MeasureScope.SELECTED:
        return ""
    kept = {school.pk for school in schools}
    dropped = (
        Progress.objects.filter(measure=measure, school__isnull=False)
        .exclude(school__in=kept)
        .exclude(pk__in=Progress.objects.filter(measure=measure).filter(untouched_q()).values("pk"))
        .select_related("school")
        .order_by("school__short_name")
    )
    names = [row.school.short_name for row in dropped]
    if not names:
        return ""
    return (
        "По этим школам уже есть отметки исполнения, их нельзя убрать из мероприятия: "
        + ", ".join(names)
        + ". Оставьте их среди выбранных школ или отметьте у них «не требуется»."
    )


def current_roadmap(*, municipality: Municipality, today: date) -> Roadmap | None:
    """The municipality's plan now in force: an approved municipal plan whose period holds today, else
    the latest approved one."""
    approved = Roadmap.objects.filter(
        municipality=municipality, school__isnull=True, status__in=ACTIVE_ROADMAP_STATUSES
    )
    return (
        approved.filter(period_start__lte=today, period_end__gte=today).order_by("-period_start").first()
        or approved.order_by("-period_start", "-pk").first()
    )


def next_number(roadmap: Roadmap) -> str:
    """The next free item number of the plan, after its largest leading number («14» after «13.2»)."""
    largest = 0
    for number in roadmap.measures.values_list("number", flat=True):
        head = (number or "").strip().split(".")[0]
        if head.isdigit():
            largest = max(largest, int(head))
    return str(largest + 1)


@transaction.atomic
def targeted_measure_save(*, measure: Measure, schools: Iterable[School]) -> int:
    """Save a targeted measure with its chosen schools and their progress rows; returns rows created."""
    measure.scope = MeasureScope.SELECTED
    measure.per_school = True
    if measure.pk is None:
        last = measure.roadmap.measures.order_by("-order").values_list("order", flat=True).first()
        measure.order = (last or 0) + 1
    measure.save()
    measure.target_schools.set(list(schools))
    return progress_sync_for_measure(measure=measure)


def _targeted(**where) -> QuerySet[Measure]:
    """Targeted measures of plans that are obligations or history (drafts are not yet a plan)."""
    return (
        Measure.objects.filter(**where, scope=MeasureScope.SELECTED)
        .exclude(roadmap__status=Roadmap.Status.DRAFT)
        .select_related("roadmap")
    )


def _answering(year: int) -> Q:
    """Measures that answer the signs of ``year``: ``basis_year``, or the plan's first year."""
    return Q(basis_year=year) | Q(basis_year__isnull=True, roadmap__period_start__year=year)


def targeted_measures(*, municipality: Municipality) -> QuerySet[Measure]:
    """Targeted measures of the municipality's plans that are obligations or history."""
    return _targeted(roadmap__municipality=municipality)


def targeted_by_municipality(
    *, municipality_ids: Iterable[int], year: int
) -> dict[int, tuple[int, set[int]]]:
    """Municipality → (how many targeted measures answer the signs of ``year``, the schools they are aimed
    at), in two queries for the region's figures however many municipalities have such measures; a
    municipality without any is absent."""
    measures = _targeted(roadmap__municipality__in=list(municipality_ids)).filter(_answering(year))
    counted = measures.order_by().values_list("roadmap__municipality_id").annotate(n=Count("id"))
    found: dict[int, tuple[int, set[int]]] = {pk: (n, set()) for pk, n in counted}
    aimed = Measure.target_schools.through.objects.filter(measure__in=measures.values("pk"))
    for municipality_id, school_id in aimed.values_list("measure__roadmap__municipality_id", "school_id"):
        found[municipality_id][1].add(school_id)
    return found


def targeted_measures_of_year(*, municipality: Municipality, year: int) -> list[Measure]:
    """The targeted measures that answer the signs of ``year`` (``basis_year``, or the plan's first year)."""
    return list(
        targeted_measures(municipality=municipality)
        .filter(_answering(year))
        .prefetch_related("target_schools")
        .order_by("roadmap__period_start", "order", "pk")
    )
