"""Every municipality's objectivity analysis of every ВПР year kept in the cache, so that no page computes it
when someone looks: beat renews what is there and computes what is missing (``tasks.py``). Only the first
look after new data (an upload, a recount, an edited threshold) computes one municipality's year; the
region's page, which reads every municipality, finds them all ready."""

from __future__ import annotations

from schools.models import Municipality

from .models import VprTest
from .objectivity import cached_analysis
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
