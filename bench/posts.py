"""Timing a request that writes (the March meeting's preparation, a journal's upload) as the pages are
timed: a median of runs after one that warms the process, each but the last rolled back, so that every
run finds the data as the first did (the same meeting number free, the same school without an upload) and
the last leaves what it made for the figures after it (the job it queued)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

POST_RUNS = 7  # a request of 5-15 ms moves by milliseconds: the median of seven, not three

MESSAGES_COOKIE = CookieStorage.cookie_name


@dataclass
class Posted:
    median_ms: float
    first_ms: float  # the warming run: what the first request of a fresh process pays
    queries: int
    response: HttpResponse


def timed_posts(post: Callable[[], HttpResponse], *, client: Client, runs: int = POST_RUNS) -> Posted:
    """``post`` sends one request with ``client``. After each, the client lets go of the messages the
    request left it (Django keeps them in a cookie): a browser shows them on the page it is sent to next.
    Kept, every later request of the run, the floor's and the real one's alike, would carry and rewrite
    all the messages before it, and the one timed second would pay for the first one's too."""
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
        client.cookies.pop(MESSAGES_COOKIE, None)
    return Posted(
        median_ms=round(statistics.median(times[1:]), 1),
        first_ms=times[0],
        queries=queries,
        response=response,
    )


def upload_floor(client: Client, *, path: Path, runs: int = POST_RUNS) -> float:
    """The floor of an upload's request: the median of the same file posted to the baseline upload view
    (bench/baseline.py), which receives and stores it and asks the database nothing, after a warming one.
    Whatever a request does with a file of megabytes, receiving and storing it comes first."""

    def post() -> HttpResponse:
        with path.open("rb") as handle:
            return client.post(reverse("bench_baseline_upload"), {"file": handle})

    return timed_posts(post, client=client, runs=runs).median_ms


def form_floor(client: Client, *, data: dict, roadmap: int, runs: int = POST_RUNS) -> Posted:
    """The floor of a request that saves a form and queues its work: the same fields posted to the baseline
    form view (bench/baseline.py), which checks them from memory and writes the rows the request makes (the
    meeting's header of ``roadmap``, its report job), timed as the real request is (a warming run, then the
    median, each but the last rolled back... here all of them: the floor leaves nothing behind)."""
    url = f"{reverse('bench_baseline_form')}?roadmap={roadmap}"
    with transaction.atomic():
        posted = timed_posts(lambda: client.post(url, data), client=client, runs=runs)
        transaction.set_rollback(True)
    return posted
