"""A real Celery worker on the real Redis is killed with SIGKILL in the middle of a report:
the sweep marks the job «прервано», «Повторить» queues it again and a new worker builds it.

Like test_celery_worker.py: PostgreSQL (the worker is another process and must see committed rows) and
Redis; run with DATABASE_URL and REDIS_URL set. The first worker's builders stop at 20 % and sleep
(tests/reports/stuck_worker.py), so the kill lands mid-job every time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from config.celery import app as celery_app
from reports.jobs import job_create, job_retry, jobs_sweep_stale
from reports.models import ReportJob

from .test_celery_worker import _test_database_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 90


def _start(module_args: list[str], env: dict, log_path) -> subprocess.Popen:
    with log_path.open("w") as log:
        return subprocess.Popen(
            [
                sys.executable,
                *module_args,
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"reports-kill-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the SIGKILL reaches the whole worker
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for(job: ReportJob, condition, log_path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return
        time.sleep(0.2)
    pytest.fail(f"job {job.status} {job.progress}%: {job.error}\n{log_path.read_text()[-3000:]}")


@pytest.fixture
def worker_env(postgres, redis_url, tmp_path):
    return {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DB_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # The killed worker's message comes back to the next worker after this many seconds.
        "CELERY_VISIBILITY_TIMEOUT": "5",
    }


def test_a_job_whose_worker_is_killed_becomes_stale_and_a_retry_completes_it(
    worker_env, tmp_path, march_meeting, department_head, settings
):
    celery_app.conf.task_always_eager = False  # through the broker
    settings.REPORT_JOB_STALE_SECONDS = 2
    stuck_log = tmp_path / "stuck.log"
    stuck = _start(["-m", "tests.reports.stuck_worker"], worker_env, stuck_log)
    try:
        job = job_create(
            owner=department_head, kind=ReportJob.Kind.PROTOCOL_PDF, params={"meeting": march_meeting.pk}
        )
        _wait_for(job, lambda j: j.status == ReportJob.Status.RUNNING and j.progress == 20, stuck_log)
        os.killpg(stuck.pid, signal.SIGKILL)
        stuck.wait(timeout=10)
    finally:
        _stop(stuck)
    assert stuck.returncode == -signal.SIGKILL

    time.sleep(settings.REPORT_JOB_STALE_SECONDS + 0.5)
    job.refresh_from_db()
    assert (job.status, job.progress) == (ReportJob.Status.RUNNING, 20)  # what the issue saw: stuck
    assert jobs_sweep_stale() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.STALE and "Повторить" in job.error

    job_retry(job=job)
    log = tmp_path / "worker.log"
    worker = _start(["-m", "celery", "-A", "config"], worker_env, log)
    try:
        _wait_for(job, lambda j: not j.is_active, log)
    finally:
        _stop(worker)
    assert job.status == ReportJob.Status.DONE, f"{job.status}: {job.error}\n{log.read_text()[-3000:]}"
    assert (job.progress, job.error) == (100, "")
    assert job.attempts >= 2
    with job.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_a_restarted_worker_takes_up_the_killed_workers_job_by_itself(
    worker_env, tmp_path, march_meeting, department_head
):
    """The visibility timeout at work: Redis gives the unacknowledged message to the next worker."""
    celery_app.conf.task_always_eager = False
    stuck_log = tmp_path / "stuck.log"
    stuck = _start(["-m", "tests.reports.stuck_worker"], worker_env, stuck_log)
    try:
        job = job_create(
            owner=department_head, kind=ReportJob.Kind.PROTOCOL_PDF, params={"meeting": march_meeting.pk}
        )
        _wait_for(job, lambda j: j.status == ReportJob.Status.RUNNING and j.progress == 20, stuck_log)
        os.killpg(stuck.pid, signal.SIGKILL)
        stuck.wait(timeout=10)
    finally:
        _stop(stuck)
    log = tmp_path / "worker.log"
    worker = _start(["-m", "celery", "-A", "config"], worker_env, log)
    try:
        _wait_for(job, lambda j: j.status == ReportJob.Status.DONE, log)
    finally:
        _stop(worker)
    assert (job.progress, job.attempts) == (100, 2)
