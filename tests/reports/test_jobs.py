from __future__ import annotations

import pytest

from reports import builders
from reports.documents import ReportError
from reports.jobs import BROKER_DOWN_MESSAGE, job_create, job_retry, job_run, job_set_progress
from reports.models import ReportJob


def test_a_new_job_waits_in_the_queue_until_the_transaction_commits(
    department_head, march_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(owner=department_head, kind="protocol-pdf", params={"meeting": march_meeting.pk})
    assert (job.status, job.progress, job.file.name) == (ReportJob.Status.QUEUED, 0, "")
    assert len(callbacks) == 1


def test_in_the_embedded_mode_the_job_runs_inline_to_done(
    department_head, march_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(owner=department_head, kind="protocol-pdf", params={"meeting": march_meeting.pk})
    job.refresh_from_db()
    assert (job.status, job.progress, job.error, job.attempts) == (ReportJob.Status.DONE, 100, "", 1)
    assert job.filename == "Протокол № 3 от 15.03.2024.pdf"
    assert job.content_type == "application/pdf"
    assert job.file.name.startswith("reports/") and job.file.name.endswith(".pdf")
    assert job.file.read(5) == b"%PDF-"
    assert job.started_at <= job.finished_at


def test_a_job_runs_from_queued_through_running_to_done_and_not_again(
    department_head, medal_plan, monkeypatch
):
    job = ReportJob.objects.create(
        owner=department_head, kind="roadmap-pdf", params={"roadmap": medal_plan.pk}
    )
    seen = []
    build = builders.BUILDERS["roadmap-pdf"]

    def watch(percent: int) -> None:
        job_set_progress(job_id=job.pk, percent=percent)
        seen.append(ReportJob.objects.values_list("status", "progress").get(pk=job.pk))

    monkeypatch.setitem(
        builders.BUILDERS, "roadmap-pdf", lambda params, owner, _: build(params, owner, watch)
    )
    done = job_run(job_id=job.pk)
    assert seen == [(ReportJob.Status.RUNNING, 20)]
    assert done.status == ReportJob.Status.DONE
    assert job_run(job_id=job.pk) is None


def test_a_job_left_running_by_a_dead_worker_is_run_again(department_head, medal_plan):
    job = ReportJob.objects.create(
        owner=department_head,
        kind="progress-xlsx",
        params={"roadmap": medal_plan.pk},
        status="running",
        attempts=1,
    )
    done = job_run(job_id=job.pk)
    assert (done.status, done.attempts) == (ReportJob.Status.DONE, 2)
    assert done.filename.endswith(".xlsx")


def test_progress_is_only_recorded_for_a_running_job(department_head):
    job = ReportJob.objects.create(
        owner=department_head, kind="roadmap-pdf", status=ReportJob.Status.DONE, progress=100
    )
    job_set_progress(job_id=job.pk, percent=40)
    job.refresh_from_db()
    assert job.progress == 100


def test_a_job_whose_meeting_is_gone_fails_with_a_message_in_russian(department_head):
    job = ReportJob.objects.create(owner=department_head, kind="protocol-pdf", params={"meeting": 999999})
    failed = job_run(job_id=job.pk)
    assert failed.status == ReportJob.Status.FAILED
    assert failed.error == "Совещание № 999999 не найдено или недоступно."
    assert not failed.file


def test_a_job_cannot_see_a_meeting_its_owner_may_not_see(head_a, march_meeting):
    job = ReportJob.objects.create(owner=head_a, kind="protocol-pdf", params={"meeting": march_meeting.pk})
    assert job_run(job_id=job.pk).status == ReportJob.Status.FAILED


def test_a_failed_job_is_tried_again_from_the_start(
    department_head, march_meeting, django_capture_on_commit_callbacks
):
    job = ReportJob.objects.create(
        owner=department_head,
        kind="protocol-pdf",
        params={"meeting": march_meeting.pk},
        status=ReportJob.Status.FAILED,
        error=BROKER_DOWN_MESSAGE,
        progress=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job)
    job.refresh_from_db()
    assert (job.status, job.error, job.progress) == (ReportJob.Status.DONE, "", 100)


def test_only_a_failed_job_can_be_tried_again(department_head):
    job = ReportJob.objects.create(owner=department_head, kind="roadmap-pdf", status=ReportJob.Status.DONE)
    with pytest.raises(ReportError, match="только отчёт, который завершился ошибкой"):
        job_retry(job=job)


def test_an_unknown_kind_is_refused(department_head):
    with pytest.raises(ReportError, match="Неизвестный вид отчёта «weather-pdf»"):
        job_create(owner=department_head, kind="weather-pdf", params={})


def test_when_the_broker_is_down_the_job_stays_saved_as_failed_with_that_message(
    broker_down, department_head, march_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(owner=department_head, kind="protocol-pdf", params={"meeting": march_meeting.pk})
    job.refresh_from_db()
    assert (job.status, job.error) == (ReportJob.Status.FAILED, BROKER_DOWN_MESSAGE)
    assert job.params == {"meeting": march_meeting.pk}
