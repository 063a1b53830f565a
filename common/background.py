"""Work too long for a request on a record that waits for it: marked busy, queued after commit, followed.

An upload too large to check or save while the person waits (medals.importers.background,
assessments.background) is marked busy with the time and its Celery task is sent once the transaction
commits, by the name the task is registered under. A broker that cannot be reached is handed to
``on_unreachable``, so the record says so instead of waiting for ever; a record busy for longer than
REPORT_JOB_STALE_SECONDS was most likely left by a dead worker, and its page may queue it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
QUEUE_DOWN = (
    "Очередь задач сейчас недоступна (брокер сообщений не отвечает), поэтому файл не {what}. "
    "Ничего из него не записано: {then}, когда сервис восстановится."
)
FAILED = "Не удалось {what} файл: внутренняя ошибка ({error}). Ничего из него не записано."


def too_large_for_request(file: FieldFile) -> bool:
    """A stored file larger than UPLOAD_BYTES_IN_REQUEST: checked and saved by the workers."""
    try:
        size = file.size
    except (OSError, ValueError):
        return False
    return size > settings.UPLOAD_BYTES_IN_REQUEST


def queue_after_commit(task: str, pk: int, *, on_unreachable: Callable[[], None]) -> None:
    """Send ``task(pk)`` once the caller's transaction commits; ``on_unreachable()`` if the broker is down."""

    def send() -> None:
        try:
            current_app.tasks[task].apply_async(args=[pk], retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except OperationalError as exc:
            logger.error("broker unreachable, %s(%s) not queued: %s", task, pk, exc)
            on_unreachable()

    transaction.on_commit(send)


def busy_too_long(busy_since: datetime | None, *, now: datetime | None = None) -> bool:
    """Busy for longer than REPORT_JOB_STALE_SECONDS: its worker most likely died."""
    if busy_since is None:
        return False
    return (now or timezone.now()) - busy_since > timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS)
