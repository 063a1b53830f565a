"""What the objectivity analysis of a municipality's year reads, as a fingerprint from one query: the
cached analyses (``objectivity.cached_analysis``) are keyed by it, and the beat that keeps them
(``objectivity_kept``) and the region page compare it, for every municipality and year at once."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum, Value

from schools.models import Municipality, School

from .models import EgeResult, ObjectivityThresholds, OgeResult, ResultUpload, VprAggregate, VprMarkStatistics
from .objectivity_rules import SELECTIVE_KINDS, Limits


def _scalar(queryset: QuerySet, value) -> Subquery:
    """One aggregate of ``queryset`` as a scalar subquery (grouped by nothing)."""
    return Subquery(
        queryset.order_by().annotate(one=Value(1)).values("one").annotate(v=value).values("v")[:1]
    )


STATE_FIELDS = (
    "upload",
    "upload_at",
    "lines",
    "recounted",
    "oge",
    "oge_last",
    "ege",
    "ege_last",
    "statistics",
    "statistics_last",
    "selective",
    "selective_sum",
    *(f"t_{name}" for name in Limits.__dataclass_fields__),
)


def data_states(municipality: Municipality, years: Iterable[int]) -> dict[int, tuple]:
    """Year → what the analysis of the year reads (``states_of``) for one municipality."""
    return {year: state for (_, year), state in states_of([municipality.pk], years).items()}


def states_of(municipality_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], tuple]:
    """(municipality, year) → everything the analysis of the year reads, as a few numbers from one query
    for all the municipalities and years asked for (the region reads every municipality): the latest
    loaded results file, the per school × ВПР lines (how many, the newest recount), the ОГЭ and ЕГЭ that
    back the marks, the region's statistics, the лицеи/гимназии the region rule spares, and the
    thresholds (None: the defaults). The years side by side and the effect analysis read several years.

    The numbers are a fingerprint (cache keys, «has it changed»), never shown: they are read as the
    database gives them, with the query's SQL built once per process for each set of municipalities and
    years (``_states_sql``): its twenty subqueries took Django longer to put together than the database
    to answer."""
    years, municipality_ids = tuple(sorted(set(years))), tuple(sorted(set(municipality_ids)))
    if not years or not municipality_ids:
        return {}
    sql, params = _states_sql(connection.vendor, municipality_ids, years)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return {
        (row["id"], year): tuple(row[f if f in row else f"{f}_{year}"] for f in STATE_FIELDS)
        for row in found
        for year in years
    }


@lru_cache(maxsize=512)
def _states_sql(vendor: str, municipality_ids: tuple[int, ...], years: tuple[int, ...]) -> tuple[str, tuple]:
    """The SQL and parameters of ``states_of``: they depend on nothing but its arguments (and the
    database, ``vendor``), so a process builds each once (40 municipalities: a few hundred at most)."""
    mine = {"municipality": OuterRef("pk")}
    selective = School.objects.filter(**mine, kind__in=SELECTIVE_KINDS)
    thresholds = ObjectivityThresholds.objects.filter(**mine)
    upload = ResultUpload.objects.filter(**mine, status=ResultUpload.Status.IMPORTED).order_by(
        "-imported_at", "-pk"
    )
    shared = {
        "upload": Subquery(upload.values("pk")[:1]),
        "upload_at": Subquery(upload.values("imported_at")[:1]),
        "selective": _scalar(selective, Count("id")),
        "selective_sum": _scalar(selective, Sum("id")),
        **{f"t_{name}": Subquery(thresholds.values(name)[:1]) for name in Limits.__dataclass_fields__},
    }
    per_year = {}
    for year in years:
        backing_years = [year - 1, year]
        lines = VprAggregate.objects.filter(test__municipality=OuterRef("pk"), test__year=year)
        oge = OgeResult.objects.filter(school__municipality=OuterRef("pk"), year__in=backing_years)
        ege = EgeResult.objects.filter(pupil__school__municipality=OuterRef("pk"), year__in=backing_years)
        statistics = VprMarkStatistics.objects.filter(**mine, year=year)
        per_year.update(
            {
                f"lines_{year}": _scalar(lines, Count("id")),
                f"recounted_{year}": _scalar(lines, Max("updated_at")),
                f"oge_{year}": _scalar(oge, Count("id")),
                f"oge_last_{year}": _scalar(oge, Max("id")),
                f"ege_{year}": _scalar(ege, Count("id")),
                f"ege_last_{year}": _scalar(ege, Max("id")),
                f"statistics_{year}": _scalar(statistics, Count("id")),
                f"statistics_last_{year}": _scalar(statistics, Max("id")),
            }
        )
    query = (
        Municipality.objects.filter(pk__in=municipality_ids)
        .annotate(**shared, **per_year)
        .values("id", *shared, *per_year)
    )
    sql, params = query.query.sql_with_params()
    return sql, tuple(params)
