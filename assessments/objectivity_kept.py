"""Every municipality's objectivity analysis of every ВПР year kept in the cache, so that no page computes it
when someone looks: beat renews what is there and computes what is missing (``tasks.py``). Only the first
look after new data (an upload, a recount, an edited threshold) computes one municipality's year; the
region's page, which reads every municipality, finds them all ready."""

from __future__ import annotations

from collections.abc import Iterable

from common.cache import cache_get_many
from schools.models import Municipality

from .models import VprTest
from .objectivity import analysis_key, cached_analysis
from .objectivity_states import states_of


def keep_analyses_cached() -> int:
    """Renew or compute the analysis of every (municipality, ВПР year); returns how many there are."""
    pairs = set(VprTest.objects.order_by().values_list("municipality_id", "year").distinct())
    if not pairs:
        return 0
    municipalities = Municipality.objects.in_bulk({municipality_id for municipality_id, _ in pairs})
    states = states_of(list(municipalities), {year for _, year in pairs})
    for municipality_id, year in sorted(pairs):
        state = states[(municipality_id, year)]
        cached_analysis(municipalities[municipality_id], year, state, renew=True)
    return len(pairs)


def flagged_schools(
    municipalities: Iterable[Municipality], year: int, states: dict[tuple[int, int], tuple]
) -> dict[int, set[int]]:
    """Municipality → its schools with at least one sign of its own analysis of the year, every analysis
    read from the cache in one round trip (``states``: ``states_of`` for these municipalities and the
    year): forty reads one by one were most of the region page's time with Redis. One missing from the
    cache is computed (and kept) as any page would."""
    municipalities = list(municipalities)
    keys = {m.pk: analysis_key(m.pk, year, states[(m.pk, year)]) for m in municipalities}
    found = cache_get_many(keys.values())
    flagged = {}
    for municipality in municipalities:
        analysis = found.get(keys[municipality.pk])
        if analysis is None:
            analysis = cached_analysis(municipality, year, states[(municipality.pk, year)])
        flagged[municipality.pk] = {school_id for school_id, _values, flags in analysis[0] if flags}
    return flagged
