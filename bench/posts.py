"""Timing a request that writes (the March meeting's preparation, a journal's upload) as the pages are
timed: a median of runs after one that warms the process, each but the last rolled back, so that every
run finds the data as the first did (the same meeting number free, the same school without an upload) and
the last leaves what it made for the figures after it (the job it queued)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

POST_RUNS = 3


@dataclass
class Posted:
    median_ms: float
    first_ms: float  # the warming run: what the first request of a fresh process pays
    queries: int
    response: HttpResponse


def timed_posts(post: Callable[[], HttpResponse], *, runs: int = POST_RUNS) -> Posted:
    times, queries, response = [], 0, None
    for run in range(runs + 1):
        keep = run == runs
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = post()
            times.append((time.perf_counter() - start) * 1000)
            queries = len(captured.captured_queries)
            if not keep:
                transaction.set_rollback(True)
    return Posted(
        median_ms=statistics.median(times[1:]), first_ms=times[0], queries=queries, response=response
    )
