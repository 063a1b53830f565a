"""A real Celery worker, on the real Redis, builds a report job ordered by this process.

The worker is a separate process, so it must see this test's data: the test commits (transaction=True)
on PostgreSQL and the worker is given the same DATABASE_URL with the test database's name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from config.celery import app as celery_app
from reports.jobs import job_create
from reports.models import ReportJob

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 90


def _test_database_url() -> str:
    """DATABASE_URL with its database swapped for the test database pytest-django created."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()


@pytest.fixture
def worker(postgres, redis_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DB_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"reports-test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_a_real_worker_builds_the_report_and_the_job_ends_done(worker, march_meeting, department_head):
    celery_app.conf.task_always_eager = False  # this one test goes through the broker
    job = job_create(
        owner=department_head, kind=ReportJob.Kind.PROTOCOL_PDF, params={"meeting": march_meeting.pk}
    )
    assert job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING, ReportJob.Status.DONE)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.5)
    assert job.status == ReportJob.Status.DONE, f"{job.status}: {job.error}\n{worker.read_text()[-3000:]}"
    assert job.progress == 100
    with job.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
