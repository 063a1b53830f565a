"""A job whose worker died is not «строится» forever: the sweep marks it «прервано»
and «Повторить» queues it again; late acknowledgement with a visibility timeout lets Redis give the
message out again; beat runs the sweep."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from reports.jobs import STALE_MESSAGE, job_retry, job_run, job_set_progress, jobs_sweep_stale
from reports.models import ReportJob
from reports.tasks import sweep_stale_jobs


def _job(owner, march_meeting, *, status, heard_seconds_ago):
    job = ReportJob.objects.create(
        owner=owner, kind="protocol-pdf", params={"meeting": march_meeting.pk}, status=status, progress=20
    )
    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=heard_seconds_ago)
    )
    return job


def test_a_running_job_not_heard_from_for_the_set_time_is_marked_stale_with_a_russian_message(
    department_head, march_meeting, settings
):
    settings.REPORT_JOB_STALE_SECONDS = 600
    silent = _job(department_head, march_meeting, status="running", heard_seconds_ago=601)
    waiting = _job(department_head, march_meeting, status="queued", heard_seconds_ago=700)
    alive = _job(department_head, march_meeting, status="running", heard_seconds_ago=599)
    done = _job(department_head, march_meeting, status="done", heard_seconds_ago=9999)
    assert jobs_sweep_stale() == 2
    statuses = dict(ReportJob.objects.values_list("pk", "status"))
    assert statuses == {silent.pk: "stale", waiting.pk: "stale", alive.pk: "running", done.pk: "done"}
    silent.refresh_from_db()
    assert silent.error == STALE_MESSAGE.format(minutes=10)
    assert "Повторить" in silent.error and silent.get_status_display() == "прервано"
    assert silent.finished_at is not None


def test_each_progress_step_is_a_sign_of_life(department_head, march_meeting, settings):
    settings.REPORT_JOB_STALE_SECONDS = 600
    job = _job(department_head, march_meeting, status="running", heard_seconds_ago=601)
    job_set_progress(job_id=job.pk, percent=40)
    assert jobs_sweep_stale() == 0
    job.refresh_from_db()
    assert (job.status, job.progress) == ("running", 40)


def test_a_stale_job_may_be_retried_and_then_completes(
    department_head, march_meeting, django_capture_on_commit_callbacks
):
    job = _job(department_head, march_meeting, status="stale", heard_seconds_ago=5000)
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")


def test_a_stale_job_whose_message_comes_back_is_taken_up(department_head, march_meeting):
    job = _job(department_head, march_meeting, status="stale", heard_seconds_ago=5000)
    assert job_run(job_id=job.pk).status == ReportJob.Status.DONE


def test_the_retry_button_is_offered_for_a_stale_job_and_works(client, department_head, march_meeting):
    job = _job(department_head, march_meeting, status="running", heard_seconds_ago=10**6)
    sweep_stale_jobs()
    client.force_login(department_head)
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert "прервано" in page and "Повторить</button>" in page
    response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status in ("queued", "running", "done") and job.error == ""


def test_the_broker_redelivers_unacknowledged_tasks_and_beat_sweeps():
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == 3600
    sweep = django_settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale-jobs"]
    assert sweep["task"] == "reports.sweep_stale_jobs" and sweep["schedule"] <= 600
    assert "reports.sweep_stale_jobs" in celery_app.tasks
