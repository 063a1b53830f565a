"""A results file too large for a request is checked, then loaded, by the workers; its page follows it
(assessments.background)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments import background
from assessments.models import ResultUpload, VprResult
from common.background import FAILED, QUEUE_DOWN

from .vpr_files import standard_rows, vpr_xlsx

Status = ResultUpload.Status
pytestmark = pytest.mark.usefixtures("celery_inline")


@pytest.fixture
def large(settings):
    settings.UPLOAD_BYTES_IN_REQUEST = 10


def post_file(client, logins, capture, *, execute: bool) -> ResultUpload:
    content = vpr_xlsx(standard_rows(*logins))
    with capture(execute=execute):
        response = client.post(
            reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr.xlsx", content)}
        )
    upload = ResultUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:upload_detail", args=[upload.pk])
    return upload


def detail(client, upload) -> str:
    return client.get(reverse("assessments:upload_detail", args=[upload.pk])).content.decode()


def test_a_large_file_is_checked_and_loaded_by_the_workers(
    client, coordinator, logins, large, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload = post_file(client, logins, django_capture_on_commit_callbacks, execute=False)
    assert upload.status == Status.CHECKING and upload.busy_since is not None
    page = detail(client, upload)
    assert (
        'data-testid="upload-busy"' in page and "проверяют в фоне" in page and 'hx-trigger="every 2s"' in page
    )
    assert "Загрузить данные" not in page

    assert background.upload_check_run(upload_id=upload.pk) == Status.PREVIEW  # the worker's turn
    upload.refresh_from_db()
    assert upload.busy_since is None and "Загрузить данные" in detail(client, upload)

    confirm = reverse("assessments:upload_confirm", args=[upload.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(confirm, follow=True)
    assert "данные загружаются в фоне" in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == Status.SAVING and not VprResult.objects.exists()
    assert "только проверенный файл" in client.post(confirm, follow=True).content.decode()  # a second click
    for callback in queued:
        callback()
    upload.refresh_from_db()
    assert (upload.status, upload.busy_since, VprResult.objects.count()) == (Status.IMPORTED, None, 5)
    assert background.upload_load_run(upload_id=upload.pk) is None  # delivered again: nothing twice
    assert VprResult.objects.count() == 5


def test_a_small_file_is_still_checked_in_the_request(client, coordinator, logins):
    client.force_login(coordinator)
    content = vpr_xlsx(standard_rows(*logins))
    client.post(reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr.xlsx", content)})
    assert ResultUpload.objects.get().status == Status.PREVIEW


def test_with_the_broker_down_a_check_is_refused_and_a_load_waits_for_its_button(
    client, coordinator, logins, large, django_capture_on_commit_callbacks, request
):
    client.force_login(coordinator)
    upload = post_file(client, logins, django_capture_on_commit_callbacks, execute=True)
    assert ResultUpload.objects.get().status == Status.PREVIEW
    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == Status.PREVIEW and not VprResult.objects.exists()
    page = detail(client, upload)
    assert QUEUE_DOWN.format(what="загружен", then="нажмите «Загрузить данные» ещё раз") in page
    assert "Загрузить данные</button>" in page

    ResultUpload.objects.all().delete()
    second = post_file(client, logins, django_capture_on_commit_callbacks, execute=True)
    second.refresh_from_db()
    message = QUEUE_DOWN.format(what="проверен", then="загрузите его снова")
    assert (second.status, second.errors[0]["message"]) == (Status.FAILED, message)
    assert message in detail(client, second)


def test_an_internal_error_of_the_worker_refuses_the_check_with_a_message(
    client, coordinator, logins, large, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*, upload, dry_run):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(background, "upload_run", broken)
    client.force_login(coordinator)
    upload = post_file(client, logins, django_capture_on_commit_callbacks, execute=True)
    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.errors[0]["message"] == FAILED.format(what="проверить", error="RuntimeError")


def test_a_check_a_dead_worker_left_is_started_again_from_the_page(
    client, coordinator, logins, large, django_capture_on_commit_callbacks, settings
):
    client.force_login(coordinator)
    upload = post_file(client, logins, django_capture_on_commit_callbacks, execute=False)
    resume = reverse("assessments:upload_resume", args=[upload.pk])
    assert "не ждёт повторного запуска" in client.post(resume, follow=True).content.decode()
    ResultUpload.objects.filter(pk=upload.pk).update(
        busy_since=timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS + 60)
    )
    page = detail(client, upload)
    assert 'data-testid="upload-stale"' in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resume)
    upload.refresh_from_db()
    assert upload.status == Status.PREVIEW
