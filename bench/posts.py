"""Timing a request that writes (the March meeting's preparation, a journal's upload) as the pages are
timed: a median of runs after one that warms the process, each but the last rolled back, so that every
run finds the data as the first did (the same meeting number free, the same school without an upload) and
the last leaves what it made for the figures after it (the job it queued)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

POST_RUNS = 15  # a request of 5-15 ms moves by milliseconds: the median of fifteen, not seven

MESSAGES_COOKIE = CookieStorage.cookie_name


@dataclass
class Posted:
    median_ms: float
    first_ms: float  # the warming run: what the first request of a fresh process pays
    queries: int
    response: HttpResponse
    floor_ms: float | None = None  # the median of the floor's posts, each sent just before a real one
    floor_queries: int | None = None


Post = Callable[[], HttpResponse]


def _timed(post: Post, *, client: Client, keep: bool, count: bool) -> tuple[float, int | None, HttpResponse]:
    """One post in its transaction, rolled back unless ``keep``; its queries counted when ``count`` (then
    through Django's debug cursor, which logs every query: the timed posts run without it, as production's
    requests and the pages' timed requests do)."""
    with transaction.atomic(), CaptureQueriesContext(connection) if count else nullcontext() as captured:
        start = time.perf_counter()
        response = post()
        elapsed = (time.perf_counter() - start) * 1000
        if not keep:
            transaction.set_rollback(True)
    # A browser shows the messages a request leaves (Django keeps them in a cookie) on the page it is sent
    # to next. Kept by the client, every later post would carry and rewrite all those before it.
    client.cookies.pop(MESSAGES_COOKIE, None)
    return elapsed, len(captured.captured_queries) if count else None, response


def timed_posts(post: Post, *, client: Client, beside: Post | None = None, runs: int = POST_RUNS) -> Posted:
    """``post`` sent with ``client`` ``runs`` times after a warming one, whose queries are counted; with
    ``beside`` (its floor's post, always rolled back), each real post comes right after one of the floor's,
    as a page's requests are interleaved with its baseline's: a moment when the machine is slower slows
    both, not one series."""
    times, floor_times, counted, floor_counted, response = [], [], 0, None, None
    for run in range(runs + 1):
        warming = run == 0
        if beside is not None:
            elapsed, queries, _ = _timed(beside, client=client, keep=False, count=warming)
            floor_times.append(elapsed)
            floor_counted = queries if warming else floor_counted
        elapsed, queries, response = _timed(post, client=client, keep=run == runs, count=warming)
        times.append(elapsed)
        counted = queries if warming else counted
    return Posted(
        median_ms=round(statistics.median(times[1:]), 1),
        first_ms=times[0],
        queries=counted,
        response=response,
        floor_ms=round(statistics.median(floor_times[1:]), 1) if floor_times else None,
        floor_queries=floor_counted,
    )


def upload_floor(client: Client, *, path: Path) -> Post:
    """The floor of an upload's request: the same file posted to the baseline upload view
    (bench/baseline.py), which receives and stores it and asks the database nothing. Whatever a request
    does with a file of megabytes, receiving and storing it comes first."""

    def post() -> HttpResponse:
        with path.open("rb") as handle:
            return client.post(reverse("bench_baseline_upload"), {"file": handle})

    return post


def form_floor(client: Client, *, data: dict, roadmap: int) -> Post:
    """The floor of a request that saves a form and queues its work: the same fields posted to the baseline
    form view (bench/baseline.py), which checks them from memory and writes the rows the request makes (the
    meeting's header of ``roadmap``, its report job)."""
    url = f"{reverse('bench_baseline_form')}?roadmap={roadmap}"
    return lambda: client.post(url, data)
