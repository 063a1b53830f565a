"""The life of a report job: queued → running → done, or failed with a message and a «Повторить».

The web request only creates the job and queues it after commit; the worker (or the request itself in
the embedded, eager mode) runs ``job_run``. If the broker cannot be reached the job stays saved,
marked failed with a message that says so, and can be queued again later: nothing is lost.

A worker killed mid-job (SIGKILL, OOM, a lost server) cannot say so. Every step of a job therefore
refreshes ``heartbeat_at``; ``jobs_sweep_stale`` (beat, every few minutes) marks a job not heard from
for ``REPORT_JOB_STALE_SECONDS`` as «прервано» with a message, and «Повторить» queues it again. The
task is acknowledged late with a Redis visibility timeout (settings), so its message is also delivered
again to a restarted worker, which takes up a stale job as it would a queued one.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from schools.models import User

from .access import meetings_visible
from .builders import build_document
from .documents import ReportError
from .meetings import AgendaOrder, agenda_effect_add, meeting_agenda_build, meeting_school_rows_build
from .models import ReportJob

logger = logging.getLogger(__name__)

BROKER_DOWN_MESSAGE = (
    "Очередь задач сейчас недоступна (брокер сообщений не отвечает), поэтому отчёт не поставлен в работу. "
    "Заказ сохранён: нажмите «Повторить», когда сервис восстановится."
)
STALE_MESSAGE = (
    "Построение прервалось: от обработчика отчётов не было вестей больше {minutes} мин. "
    "(вероятно, он был перезапущен или остановлен). Нажмите «Повторить», чтобы построить отчёт заново."
)
# Statuses a worker may (re)start: a stale job whose message is delivered again is taken up.
RUNNABLE = (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING, ReportJob.Status.STALE)
RETRYABLE = (ReportJob.Status.FAILED, ReportJob.Status.STALE)
# A worker that can reach the broker publishes at once; one that cannot should not hold the request long.
BUILD_TASK = "reports.build_report"  # the name tasks.build_report is registered under
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def job_create(*, owner: User, kind: str, params: dict) -> ReportJob:
    """Save a job and queue it once the transaction commits.

    The job returned is read again right after it is queued (a broker that cannot be reached marks it
    failed; the embedded mode runs it at once), whenever that is: at once, or when the caller's own
    transaction commits. Read at return, inside the caller's transaction, it would show «в очереди»
    whatever the queueing then did, and cost a query for nothing."""
    if kind not in ReportJob.Kind.values:
        raise ReportError(f"Неизвестный вид отчёта «{kind}».")
    # Inside a caller's transaction (a meeting and its job) no savepoint of its own: they stand or fall
    # together, and the request saves two round trips.
    with transaction.atomic(savepoint=False):
        job = ReportJob.objects.create(owner=owner, kind=kind, params=params)
        transaction.on_commit(lambda: _enqueue_and_reread(job))
    return job


def _enqueue_and_reread(job: ReportJob) -> None:
    queued = job_enqueue(job_id=job.pk)
    if current_app.conf.task_always_eager or not queued:
        # Run already (the embedded mode), or marked failed (no broker): what the page tells comes from the
        # row. Published to the broker, the job is as it was saved: «в очереди».
        job.refresh_from_db()


def job_retry(*, job: ReportJob) -> ReportJob:
    """Queue a failed or interrupted job again, from the start."""
    if job.status not in RETRYABLE:
        raise ReportError("Повторить можно только отчёт, который завершился ошибкой или прервался.")
    with transaction.atomic():
        ReportJob.objects.filter(pk=job.pk, status__in=RETRYABLE).update(
            status=ReportJob.Status.QUEUED,
            progress=0,
            error="",
            started_at=None,
            finished_at=None,
            heartbeat_at=timezone.now(),
        )
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def job_enqueue(*, job_id: int) -> bool:
    """Publish the job's task; False (and the job marked failed, with the reason) when the broker cannot
    be reached."""
    # The task by its registered name: tasks.py calls into this module, never the other way round.
    build_report = current_app.tasks[BUILD_TASK]
    try:
        build_report.apply_async(args=[job_id], retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except OperationalError as exc:
        logger.error("broker unreachable, report job %s not queued: %s", job_id, exc)
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
            status=ReportJob.Status.FAILED, error=BROKER_DOWN_MESSAGE, finished_at=timezone.now()
        )
        return False
    return True


def job_set_progress(*, job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        progress=max(0, min(99, int(percent))), heartbeat_at=timezone.now()
    )


def jobs_sweep_stale(*, now=None) -> int:
    """Mark «прервано» every queued or running job not heard from for REPORT_JOB_STALE_SECONDS.

    One conditional UPDATE: a job that a worker touches meanwhile is not caught. Returns how many.
    """
    seconds = settings.REPORT_JOB_STALE_SECONDS
    now = now or timezone.now()
    swept = ReportJob.objects.filter(
        status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING],
        heartbeat_at__lt=now - timedelta(seconds=seconds),
    ).update(
        status=ReportJob.Status.STALE,
        error=STALE_MESSAGE.format(minutes=max(1, round(seconds / 60))),
        finished_at=now,
    )
    if swept:
        logger.warning("%s report job(s) not heard from for %s s marked stale", swept, seconds)
    return swept


def job_run(*, job_id: int) -> ReportJob | None:
    """Build the job's document and store it. A job already done or failed is left alone.

    A job found «running» or «прервано» is run again: that happens only when the worker that had it died
    and the broker delivered the task once more, and building a report twice harms nobody.
    """
    now = timezone.now()
    started = ReportJob.objects.filter(pk=job_id, status__in=RUNNABLE).update(
        status=ReportJob.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        progress=1,
        error="",
        attempts=F("attempts") + 1,
    )
    if started != 1:
        return None
    job = ReportJob.objects.select_related("owner").get(pk=job_id)
    if job.kind in JOB_ACTIONS:
        return _job_action_run(job)
    try:
        built = build_document(
            kind=job.kind,
            params=job.params,
            owner=job.owner,
            on_progress=lambda percent: job_set_progress(job_id=job_id, percent=percent),
        )
    except ReportError as exc:
        return _job_fail(job, str(exc))
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        return _job_fail(
            job, f"Не удалось построить отчёт: внутренняя ошибка ({exc.__class__.__name__}: {exc})."
        )
    job.file.save(built.filename, ContentFile(built.content), save=False)
    job.filename = built.filename
    job.content_type = built.content_type
    job.pupils = built.pupils
    if built.what:
        job.params = {**job.params, "what": built.what}
    job.status = ReportJob.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "filename",
            "content_type",
            "pupils",
            "params",
            "status",
            "progress",
            "finished_at",
        ]
    )
    return job


def _meeting_prepare(job: ReportJob) -> None:
    meeting = meetings_visible(job.owner).filter(pk=job.params.get("meeting")).first()
    if meeting is None:
        raise ReportError("Совещание не найдено: возможно, его удалили.")
    if "agenda" in job.params:  # a meeting the page has just written the header of: attendees, agenda
        meeting_agenda_build(meeting=meeting, order=AgendaOrder.from_params(job.params["agenda"]))
        job_set_progress(job_id=job.pk, percent=5)
    agenda_effect_add(meeting=meeting)
    job_set_progress(job_id=job.pk, percent=10)
    meeting_school_rows_build(
        meeting=meeting, on_progress=lambda percent: job_set_progress(job_id=job.pk, percent=percent)
    )


# Jobs that are not documents: work too long for a web request, with the same progress and retry.
JOB_ACTIONS = {ReportJob.Kind.MEETING_PREPARE: _meeting_prepare}


def _job_action_run(job: ReportJob) -> ReportJob:
    try:
        JOB_ACTIONS[job.kind](job)
    except ReportError as exc:
        return _job_fail(job, str(exc))
    except Exception as exc:
        logger.exception("report job %s failed", job.pk)
        return _job_fail(job, f"Не удалось выполнить: внутренняя ошибка ({exc.__class__.__name__}: {exc}).")
    job.status = ReportJob.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "finished_at"])
    return job


def _job_fail(job: ReportJob, message: str) -> ReportJob:
    job.status = ReportJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
