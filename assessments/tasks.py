"""Celery tasks of assessments: each calls a service."""

from __future__ import annotations

from celery import shared_task

from .background import CHECK_TASK, LOAD_TASK, upload_check_run, upload_load_run
from .objectivity_kept import keep_analyses_cached


@shared_task(name="assessments.keep_objectivity_cached", acks_late=True)
def keep_objectivity_cached() -> dict[str, int]:
    """Every few hours: the objectivity analyses stay in the cache (they live a day there)."""
    return {"analyses": keep_analyses_cached()}


@shared_task(name=CHECK_TASK, acks_late=True)
def check_results_upload(upload_id: int) -> str | None:
    """A results file too large for a request: its check (background.py)."""
    return upload_check_run(upload_id=upload_id)


@shared_task(name=LOAD_TASK, acks_late=True)
def load_results_upload(upload_id: int) -> str | None:
    """... and its load, once «Загрузить данные» is pressed."""
    return upload_load_run(upload_id=upload_id)
