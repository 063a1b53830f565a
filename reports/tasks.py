"""Celery tasks: each takes an id (or nothing) and calls a service; the services do the work."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from .jobs import BUILD_TASK, job_run, jobs_sweep_stale
from .reminders import DEFAULT_LOCAL_HOUR, digests_send


@shared_task(name=BUILD_TASK, acks_late=True)
def build_report(job_id: int) -> str | None:
    job = job_run(job_id=job_id)
    return job.status if job is not None else None


@shared_task(name="reports.send_due_digests", acks_late=True)
def send_due_digests(local_hour: int = DEFAULT_LOCAL_HOUR) -> dict[str, int]:
    """Hourly: each municipality whose local clock has reached ``local_hour`` gets today's digests."""
    return asdict(digests_send(local_hour=local_hour))


@shared_task(name="reports.sweep_stale_jobs")
def sweep_stale_jobs() -> int:
    """Every few minutes: jobs whose worker died mid-build become «прервано» and may be retried."""
    return jobs_sweep_stale()
