"""A file too large to check or save while the person waits: the workers do it, the page follows.

A register or journal file of more than ``UPLOAD_BYTES_IN_REQUEST`` bytes (a journal extract of about
20,000 rows takes a second to check at region scale, 100,000 rows five) is checked, and after «Сохранить»
saved, by a Celery task instead of the request. The upload says so by its status («проверяется»,
«сохраняется»), and its page refreshes itself until the task is done. Smaller files, nearly every register
and extract, are checked and saved in the request as before.

Nothing is lost on the way: if the broker cannot be reached the upload says so (a check is rejected with
that message, a save goes back to waiting for «Сохранить»); a check or save a dead worker left for longer
than ``REPORT_JOB_STALE_SECONDS`` may be started again from the page; and a save runs under the upload's
row lock only while it is «сохраняется», so the same file is never saved twice.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from common.background import FAILED, QUEUE_DOWN, busy_too_long, queue_after_commit, too_large_for_request

from ..models import Upload
from .base import ImportResult
from .journal_cover import ALL, COVERED
from .uploads import upload_check, upload_confirm

logger = logging.getLogger(__name__)

CHECK_TASK = "medals.check_upload"  # the names tasks.py registers them under
SAVE_TASK = "medals.save_upload"


def in_background(upload: Upload) -> bool:
    """Whether the upload's file is too large to check or save in a request."""
    return too_large_for_request(upload.file)


def _rejected(upload_id: int, message: str) -> None:
    Upload.objects.filter(pk=upload_id, status=Upload.Status.CHECKING).update(
        status=Upload.Status.REJECTED,
        error_count=1,
        errors=[{"row": None, "column": "", "message": message}],
        busy_since=None,
    )


def _back_to_preview(upload_id: int, message: str) -> None:
    with transaction.atomic():
        upload = Upload.objects.select_for_update().filter(pk=upload_id, status=Upload.Status.SAVING).first()
        if upload is None:
            return
        upload.status = Upload.Status.PREVIEW
        upload.busy_since = None
        upload.report = {**(upload.report or {}), "background_error": message}
        upload.save(update_fields=["status", "busy_since", "report"])


def _queue(task: str, upload_id: int) -> None:
    if task == CHECK_TASK:
        message = QUEUE_DOWN.format(what="проверен", then="загрузите его снова")
        queue_after_commit(task, upload_id, on_unreachable=lambda: _rejected(upload_id, message))
    else:
        message = QUEUE_DOWN.format(what="сохранён", then="нажмите «Сохранить» ещё раз")
        queue_after_commit(task, upload_id, on_unreachable=lambda: _back_to_preview(upload_id, message))


def upload_check_start(*, upload: Upload) -> bool:
    """Check the upload now, or mark it «проверяется» and queue its check: True when queued."""
    if not in_background(upload):
        upload_check(upload=upload)
        return False
    upload.status, upload.busy_since = Upload.Status.CHECKING, timezone.now()
    upload.save(update_fields=["status", "busy_since", "report"])
    _queue(CHECK_TASK, upload.pk)
    return True


def upload_save_queue(*, upload: Upload, replace: str) -> bool:
    """Mark a waiting upload «сохраняется» with how it replaces («covered» or «all») and queue its save;
    False when it is no longer waiting (a second click, or someone else saved it)."""
    if replace not in (COVERED, ALL):
        raise ValueError(f"replace: {replace!r}")
    with transaction.atomic():
        locked = Upload.objects.select_for_update().filter(pk=upload.pk, status=Upload.Status.PREVIEW).first()
        if locked is None:
            return False
        report = {key: value for key, value in (locked.report or {}).items() if key != "background_error"}
        locked.report = {**report, "replace": replace}
        locked.status, locked.busy_since = Upload.Status.SAVING, timezone.now()
        locked.save(update_fields=["status", "busy_since", "report"])
        _queue(SAVE_TASK, locked.pk)
    return True


def is_stale(upload: Upload) -> bool:
    """A check or save not finished long after it was queued: its worker most likely died."""
    return upload.is_busy and busy_too_long(upload.busy_since)


def upload_resume(*, upload: Upload) -> bool:
    """Queue again a check or save a dead worker left; False when the upload is not stuck."""
    if not is_stale(upload):
        return False
    Upload.objects.filter(pk=upload.pk, status=upload.status).update(busy_since=timezone.now())
    _queue(CHECK_TASK if upload.status == Upload.Status.CHECKING else SAVE_TASK, upload.pk)
    return True


def upload_check_run(*, upload_id: int) -> ImportResult | None:
    """The worker's check of an upload still «проверяется»; an internal error rejects it with a message."""
    upload = (
        Upload.objects.select_related("school").filter(pk=upload_id, status=Upload.Status.CHECKING).first()
    )
    if upload is None:
        return None
    try:
        result = upload_check(upload=upload)
    except Exception as exc:
        logger.exception("upload %s: check failed", upload_id)
        _rejected(upload_id, FAILED.format(what="проверить", error=exc.__class__.__name__))
        return None
    Upload.objects.filter(pk=upload_id).update(busy_since=None)
    return result


def upload_save_run(*, upload_id: int) -> ImportResult | None:
    """The worker's save of an upload still «сохраняется», all or nothing, under its row lock; an internal
    error sends it back to waiting for «Сохранить» with a message."""
    upload = Upload.objects.filter(pk=upload_id, status=Upload.Status.SAVING).first()
    if upload is None:
        return None
    replace = (upload.report or {}).get("replace", COVERED)
    try:
        result = upload_confirm(upload=upload, replace=replace, waiting=Upload.Status.SAVING)
    except Exception as exc:
        logger.exception("upload %s: save failed", upload_id)
        _back_to_preview(upload_id, FAILED.format(what="сохранить", error=exc.__class__.__name__))
        return None
    Upload.objects.filter(pk=upload_id).update(busy_since=None)
    return result
