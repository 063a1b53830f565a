"""Celery tasks of assessments: each calls a service."""

from __future__ import annotations

from celery import shared_task

from .objectivity_kept import keep_analyses_cached


@shared_task(name="assessments.keep_objectivity_cached", acks_late=True)
def keep_objectivity_cached() -> dict[str, int]:
    """Every few hours: the objectivity analyses stay in the cache (they live a day there)."""
    return {"analyses": keep_analyses_cached()}
