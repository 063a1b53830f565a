"""A results file too large to check or load while the department waits: the workers do it.

A ВПР, ЕГЭ or ОГЭ file of more than ``UPLOAD_BYTES_IN_REQUEST`` bytes is checked, and after «Загрузить
данные» loaded, by a Celery task; the upload says «проверяется» or «загружается» and its page follows it
(common.background). The load runs under the upload's row lock only while it is «загружается», so a file
is never loaded twice; a broker that cannot be reached is said on the page; a check or load a dead worker
left may be started again. Smaller files are checked and loaded in the request as before (uploads.py).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from common.background import FAILED, QUEUE_DOWN, busy_too_long, queue_after_commit, too_large_for_request
from common.uploads import confirm_waiting

from .models import ResultUpload
from .uploads import upload_run

logger = logging.getLogger(__name__)

CHECK_TASK = "assessments.check_results_upload"  # the names tasks.py registers them under
LOAD_TASK = "assessments.load_results_upload"
Status = ResultUpload.Status


def in_background(upload: ResultUpload) -> bool:
    return too_large_for_request(upload.file)


def _failed(upload_id: int, message: str) -> None:
    ResultUpload.objects.filter(pk=upload_id, status=Status.CHECKING).update(
        status=Status.FAILED,
        errors=[{"row": None, "column": None, "message": message, "text": message}],
        busy_since=None,
    )


def _back_to_preview(upload_id: int, message: str) -> None:
    with transaction.atomic():
        upload = ResultUpload.objects.select_for_update().filter(pk=upload_id, status=Status.SAVING).first()
        if upload is None:
            return
        upload.status, upload.busy_since = Status.PREVIEW, None
        upload.summary = {**(upload.summary or {}), "background_error": message}
        upload.save(update_fields=["status", "busy_since", "summary"])


def _queue(task: str, upload_id: int) -> None:
    if task == CHECK_TASK:
        message = QUEUE_DOWN.format(what="проверен", then="загрузите его снова")
        queue_after_commit(task, upload_id, on_unreachable=lambda: _failed(upload_id, message))
    else:
        message = QUEUE_DOWN.format(what="загружен", then="нажмите «Загрузить данные» ещё раз")
        queue_after_commit(task, upload_id, on_unreachable=lambda: _back_to_preview(upload_id, message))


def upload_check_start(*, upload: ResultUpload) -> bool:
    """Check the file now, or mark it «проверяется» and queue its check: True when queued."""
    if not in_background(upload):
        upload_run(upload=upload, dry_run=True)
        return False
    upload.status, upload.busy_since = Status.CHECKING, timezone.now()
    upload.save(update_fields=["status", "busy_since"])
    _queue(CHECK_TASK, upload.pk)
    return True


def upload_load_queue(*, upload: ResultUpload) -> bool:
    """Mark a checked file «загружается» and queue its load; False when it no longer waits."""
    with transaction.atomic():
        locked = ResultUpload.objects.select_for_update().filter(pk=upload.pk, status=Status.PREVIEW).first()
        if locked is None:
            return False
        locked.summary = {k: v for k, v in (locked.summary or {}).items() if k != "background_error"}
        locked.status, locked.busy_since = Status.SAVING, timezone.now()
        locked.save(update_fields=["status", "busy_since", "summary"])
        _queue(LOAD_TASK, locked.pk)
    return True


def is_stale(upload: ResultUpload) -> bool:
    return upload.is_busy and busy_too_long(upload.busy_since)


def upload_resume(*, upload: ResultUpload) -> bool:
    """Queue again a check or load a dead worker left; False when the upload is not stuck."""
    if not is_stale(upload):
        return False
    ResultUpload.objects.filter(pk=upload.pk, status=upload.status).update(busy_since=timezone.now())
    _queue(CHECK_TASK if upload.status == Status.CHECKING else LOAD_TASK, upload.pk)
    return True


def upload_check_run(*, upload_id: int) -> str | None:
    """The worker's check of a file still «проверяется»; an internal error refuses it with a message."""
    upload = ResultUpload.objects.select_related("municipality").filter(pk=upload_id, status=Status.CHECKING)
    upload = upload.first()
    if upload is None:
        return None
    try:
        upload_run(upload=upload, dry_run=True)
    except Exception as exc:
        logger.exception("results upload %s: check failed", upload_id)
        _failed(upload_id, FAILED.format(what="проверить", error=exc.__class__.__name__))
        return None
    ResultUpload.objects.filter(pk=upload_id).update(busy_since=None)
    return upload.status


def upload_load_run(*, upload_id: int) -> str | None:
    """The worker's load of a file still «загружается», all or nothing, under its row lock; an internal
    error sends it back to waiting for «Загрузить данные» with a message."""
    try:
        report = confirm_waiting(
            ResultUpload.objects,
            pk=upload_id,
            waiting=Status.SAVING,
            run=lambda locked: upload_run(upload=locked, dry_run=False),
        )
    except Exception as exc:
        logger.exception("results upload %s: load failed", upload_id)
        _back_to_preview(upload_id, FAILED.format(what="загрузить", error=exc.__class__.__name__))
        return None
    if report is None:
        return None
    ResultUpload.objects.filter(pk=upload_id).update(busy_since=None)
    return "ok" if report.ok else "failed"
