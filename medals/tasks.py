"""Celery tasks of medals: each takes an upload's id and calls a service (importers/background.py)."""

from __future__ import annotations

from celery import shared_task

from .importers.background import CHECK_TASK, SAVE_TASK, upload_check_run, upload_save_run


@shared_task(name=CHECK_TASK, acks_late=True)
def check_upload(upload_id: int) -> str | None:
    result = upload_check_run(upload_id=upload_id)
    return None if result is None else f"{result.rows} rows, {len(result.errors)} errors"


@shared_task(name=SAVE_TASK, acks_late=True)
def save_upload(upload_id: int) -> str | None:
    result = upload_save_run(upload_id=upload_id)
    return None if result is None else f"{result.saved} saved, {len(result.errors)} errors"
