"""Every municipality's objectivity analysis of every ВПР year kept in the cache, so that no page computes it
when someone looks: beat renews what is there and computes what is missing (``tasks.py``). Only the first
look after new data (an upload, a recount, an edited threshold) computes one municipality's year; the
region's page, which reads every municipality, finds them all ready."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app
from kombu.exceptions import OperationalError

from common.cache import cache_add, cache_get_many, cache_set, cache_up
from schools.models import Municipality

from .models import VprTest
from .objectivity import CACHE_SECONDS, analysis_key, cached_analysis, flagged_in, flagged_key
from .objectivity_states import states_of

logger = logging.getLogger(__name__)

KEEP_TASK = "assessments.keep_objectivity_cached"
# Pages that find analyses missing queue the task once per this many seconds, not once per visit.
KEEP_QUEUED_KEY, KEEP_QUEUED_SECONDS = "objectivity:keep-queued", 60


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
    municipalities: Iterable[Municipality],
    year: int,
    states: dict[tuple[int, int], tuple],
    *,
    compute_at_most: int | None = None,
) -> dict[int, set[int] | None]:
    """Municipality → its schools with at least one sign of its own analysis of the year, every analysis
    read from the cache in one round trip (``states``: ``states_of`` for these municipalities and the
    year): forty reads one by one were most of the region page's time with Redis.

    One missing from the cache is computed (and kept) as any page would. ``compute_at_most``: a page
    computes at most that many itself (an upload makes one municipality's analysis new); beyond that —
    a cache emptied by a restart, a region's results loaded at once: forty analyses, seconds — the keep
    task computes them in the background and those municipalities are None («готовится») until it has.
    With the cache down there is nowhere to keep them: everything is computed, as before."""
    municipalities = list(municipalities)
    keys = {m.pk: analysis_key(m.pk, year, states[(m.pk, year)]) for m in municipalities}
    # The small sets first (objectivity.flagged_key): forty whole analyses unpickled were 25 ms of the
    # region's page with Redis; an analysis kept before its set had one is read whole, once.
    ready = cache_get_many(flagged_key(key) for key in keys.values())
    flagged: dict[int, set[int] | None] = {
        pk: set(ready[flagged_key(key)]) for pk, key in keys.items() if flagged_key(key) in ready
    }
    municipalities = [m for m in municipalities if m.pk not in flagged]
    found = cache_get_many(keys[m.pk] for m in municipalities)
    missing = [m for m in municipalities if keys[m.pk] not in found]
    pending: set[int] = set()
    if compute_at_most is not None and len(missing) > compute_at_most and cache_up():
        pending = {m.pk for m in missing[compute_at_most:]}
        keep_queued()
        found.update(cache_get_many(keys[pk] for pk in pending))  # run at once where Celery is embedded
        pending = {pk for pk in pending if keys[pk] not in found}
    for municipality in municipalities:
        if municipality.pk in pending:
            flagged[municipality.pk] = None
            continue
        key = keys[municipality.pk]
        analysis = found.get(key)
        if analysis is None:  # computed, and its set kept with it
            analysis = cached_analysis(municipality, year, states[(municipality.pk, year)])
        else:
            cache_set(flagged_key(key), flagged_in(analysis), CACHE_SECONDS)
        flagged[municipality.pk] = set(flagged_in(analysis))
    return flagged


def keep_queued() -> bool:
    """Queue the keep task once for a few minutes however many pages ask (by name: tasks.py calls into
    this module); False if it was queued already or the broker cannot be reached (logged)."""
    if not cache_add(KEEP_QUEUED_KEY, 1, KEEP_QUEUED_SECONDS):
        return False
    try:
        current_app.tasks[KEEP_TASK].apply_async(retry=False)
    except OperationalError as exc:
        logger.error("broker unreachable, objectivity analyses not queued: %s", exc)
        return False
    return True
