"""A file too large for a request is checked, then saved, by the workers; the page follows it
(medals.importers.background)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from medals.importers import background
from medals.importers.background import FAILED, QUEUE_DOWN
from medals.models import Grade, Upload

from .factories import JOURNAL_HEADER, write_csv

pytestmark = pytest.mark.usefixtures("celery_inline")
NAME = "Арсланова Динара Маратовна"
ROWS = [
    JOURNAL_HEADER,
    [NAME, "11А", "2023-2024", "Русский язык", "", "контрольная работа", "12.10.2023", "5", "Учителева М.А."],
    [NAME, "11А", "2023-2024", "Русский язык", "1 полугодие", "", "", "5", "Учителева М.А."],
    ["Посторонний Иван Иванович", "11А", "2023-2024", "Русский язык", "", "", "12.10.2023", "4", ""],
]


@pytest.fixture
def large(settings):
    """Every file counts as large: the workers check and save it."""
    settings.UPLOAD_BYTES_IN_REQUEST = 10


def post_file(client, school, tmp_path, capture, *, execute: bool):
    path = write_csv(tmp_path / "journal.csv", ROWS)
    with capture(execute=execute), path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school.pk, "file": handle}
        )
    upload = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "medals:upload_detail", args=[upload.pk]
    )
    return upload


def test_a_small_file_is_checked_in_the_request(client, head_a, candidate_a, school_a, tmp_path):
    client.force_login(head_a)
    path = write_csv(tmp_path / "journal.csv", ROWS)
    with path.open("rb") as handle:
        client.post(reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle})
    upload = Upload.objects.get()
    assert (upload.status, upload.saved, upload.skipped, upload.busy_since) == (
        Upload.Status.PREVIEW,
        2,
        1,
        None,
    )


def test_a_large_file_is_checked_by_the_workers_and_the_page_follows_it(
    client, head_a, candidate_a, school_a, tmp_path, large, django_capture_on_commit_callbacks
):
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=False)
    assert upload.status == Upload.Status.CHECKING and upload.busy_since is not None
    page = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="upload-busy"' in page and "проверяют в фоне" in page
    assert 'hx-trigger="every 2s"' in page and 'hx-select="#upload-detail"' in page
    assert 'data-testid="confirm"' not in page and 'data-testid="upload-counts"' not in page

    background.upload_check_run(upload_id=upload.pk)  # what the worker does with the queued task
    upload.refresh_from_db()
    assert (upload.status, upload.saved, upload.skipped, upload.busy_since) == (
        Upload.Status.PREVIEW,
        2,
        1,
        None,
    )
    page = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="upload-busy"' not in page and 'data-testid="confirm"' in page


def test_a_large_file_is_saved_by_the_workers_once(
    client, head_a, candidate_a, school_a, tmp_path, large, django_capture_on_commit_callbacks
):
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=True)
    assert upload.status == Upload.Status.PREVIEW
    save = reverse("medals:upload_save", args=[upload.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(save, {"replace": "all"}, follow=True)
    assert "сохраняется в фоне" in response.content.decode()
    upload.refresh_from_db()
    assert (upload.status, upload.report["replace"]) == (Upload.Status.SAVING, "all")
    assert not Grade.objects.exists()
    second = client.post(save, {"replace": "all"}, follow=True)  # a second click while it is saving
    assert "Этот файл уже обработан." in second.content.decode()
    for callback in queued:
        callback()  # the queued task, run inline
    upload.refresh_from_db()
    assert (upload.status, upload.saved, upload.busy_since) == (Upload.Status.SAVED, 2, None)
    assert Grade.objects.filter(candidate=candidate_a).count() == 2
    assert background.upload_save_run(upload_id=upload.pk) is None  # delivered again: nothing twice
    assert Grade.objects.filter(candidate=candidate_a).count() == 2


def test_with_the_broker_down_a_check_is_rejected_and_says_why(
    client, head_a, candidate_a, school_a, tmp_path, large, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=True)
    upload.refresh_from_db()
    message = QUEUE_DOWN.format(what="проверен", then="загрузите его снова")
    assert (upload.status, upload.errors[0]["message"]) == (Upload.Status.REJECTED, message)
    assert message in client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()


def test_with_the_broker_down_a_save_waits_again_for_its_button(
    client, head_a, candidate_a, school_a, tmp_path, large, django_capture_on_commit_callbacks, request
):
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=True)
    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("medals:upload_save", args=[upload.pk]), {"replace": "covered"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.PREVIEW and not Grade.objects.exists()
    page = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert QUEUE_DOWN.format(what="сохранён", then="нажмите «Сохранить» ещё раз") in page
    assert 'data-testid="confirm"' in page


def test_an_internal_error_of_the_worker_rejects_the_check_with_a_message(
    client, head_a, candidate_a, school_a, tmp_path, large, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*, upload):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(background, "upload_check", broken)
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=True)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.REJECTED
    assert upload.errors[0]["message"] == FAILED.format(what="проверить", error="RuntimeError")


def test_a_check_a_dead_worker_left_is_started_again_from_the_page(
    client, head_a, candidate_a, school_a, tmp_path, large, django_capture_on_commit_callbacks, settings
):
    client.force_login(head_a)
    upload = post_file(client, school_a, tmp_path, django_capture_on_commit_callbacks, execute=False)
    resume = reverse("medals:upload_resume", args=[upload.pk])
    response = client.post(resume, follow=True)  # not stuck yet: nothing to start again
    assert "не ждёт повторного запуска" in response.content.decode()
    Upload.objects.filter(pk=upload.pk).update(
        busy_since=timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS + 60)
    )
    page = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="upload-stale"' in page and 'data-testid="upload-resume"' in page
    assert "hx-trigger" not in page  # a stuck file's page stops asking
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resume)
    upload.refresh_from_db()
    assert (upload.status, upload.saved) == (Upload.Status.PREVIEW, 2)
