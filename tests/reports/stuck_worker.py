"""A Celery worker whose report builders stop at 20 % and wait: the test kills it there with SIGKILL.

Run as ``python -m tests.reports.stuck_worker worker --pool=solo …`` (the arguments of ``celery``).
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.celery import app  # noqa: E402
from reports import builders  # noqa: E402


def _stuck(params, owner, on_progress):
    on_progress(20)
    time.sleep(3600)
    raise RuntimeError("the test should have killed this worker long ago")


if __name__ == "__main__":
    for kind in list(builders.BUILDERS):
        builders.BUILDERS[kind] = _stuck
    app.worker_main(sys.argv[1:])
