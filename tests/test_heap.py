"""A server process's loaded heap is frozen (config.heap): gunicorn's workers when they load the WSGI
module, the report workers when they start, the benchmark before it measures."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

from celery.signals import worker_process_init, worker_ready

import config.celery
from config.heap import freeze_loaded_heap

ROOT = Path(__file__).resolve().parent.parent


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_freezing_loads_the_views_and_leaves_the_loaded_heap_out_of_collections():
    try:
        frozen = freeze_loaded_heap()
        # Frozen objects that lose their last reference still go, one by one: the count only drifts down.
        assert frozen > 10_000 and gc.get_freeze_count() <= frozen
        assert "roadmaps.views.measures" in sys.modules  # the URL modules and their views were loaded
        made_after = _Cycle()  # made after the freeze: collected as ever
        gone = weakref.ref(made_after)
        del made_after
        gc.collect()
        assert gone() is None
        assert gc.get_freeze_count() > frozen // 2  # the loaded heap stays frozen
    finally:
        gc.unfreeze()


def test_a_web_worker_freezes_its_heap_when_it_loads_the_wsgi_module():
    code = "import gc, config.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert int(done.stdout.split()[-1]) > 10_000


def test_a_report_worker_freezes_its_heap_when_it_starts():
    for signal in (worker_process_init, worker_ready):
        receivers = [ref() if isinstance(ref, weakref.ReferenceType) else ref for _, ref in signal.receivers]
        assert config.celery._freeze_loaded_heap in receivers
