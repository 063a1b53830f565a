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


def test_freezing_loads_the_views_and_leaves_the_loaded_heap_out_of_collections():
    try:
        frozen = freeze_loaded_heap()
        assert frozen == gc.get_freeze_count() > 10_000
        assert "roadmaps.views.measures" in sys.modules  # the URL modules and their views were loaded
        before = gc.get_freeze_count()
        garbage = [[n] for n in range(1000)]  # made after the freeze: collected as ever
        del garbage
        gc.collect()
        assert gc.get_freeze_count() == before
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
