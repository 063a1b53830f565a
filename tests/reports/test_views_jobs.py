from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.jobs import BROKER_DOWN_MESSAGE
from reports.models import ReportJob
from schools.models import User
from tests.factories import MunicipalityFactory, RoadmapFactory, UserFactory


@pytest.fixture
def done_job(methodist_a):
    job = ReportJob.objects.create(
        owner=methodist_a,
        kind=ReportJob.Kind.ROADMAP_PDF,
        params={"roadmap": 1},
        status=ReportJob.Status.DONE,
        progress=100,
        filename="Дорожная карта № 1.pdf",
        content_type="application/pdf",
    )
    job.file.save("x.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return job


def test_the_reports_page_offers_the_order_form_and_lists_the_persons_jobs(
    client, methodist_a, done_job, medal_plan
):
    client.force_login(methodist_a)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Заказать отчёт" in content
    assert medal_plan.title[:40] in content
    assert reverse("reports:job_detail", args=[done_job.pk]) in content


@pytest.mark.parametrize("role_user", ["head_a", "member"])
def test_school_heads_and_commission_members_may_not_open_reports(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse("reports:index")).status_code == 403


def test_ordering_a_report_in_the_embedded_mode_builds_it_before_the_page_opens(
    client, department_head, medal_plan, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_order"), {"kind": "progress-xlsx", "roadmap": medal_plan.pk}
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:job_detail", args=[job.pk]
    )
    assert (job.owner, job.status, job.params) == (
        department_head,
        ReportJob.Status.DONE,
        {"roadmap": medal_plan.pk},
    )


def test_an_order_without_its_object_is_refused_with_a_message(client, department_head):
    client.force_login(department_head)
    response = client.post(reverse("reports:job_order"), {"kind": "protocol-pdf"}, follow=True)
    assert (
        "Отчёт не заказан: Выберите совещание, протокол которого нужно напечатать."
        in response.content.decode()
    )
    assert not ReportJob.objects.exists()


def test_an_order_for_another_municipalitys_roadmap_is_refused(client, department_head):
    other = MunicipalityFactory(name="Другой район")
    foreign = RoadmapFactory(municipality=other)
    client.force_login(department_head)
    response = client.post(
        reverse("reports:job_order"), {"kind": "roadmap-pdf", "roadmap": foreign.pk}, follow=True
    )
    assert "Отчёт не заказан" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_when_the_broker_is_down_the_page_says_so_and_the_order_is_kept(
    client, department_head, medal_plan, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_order"), {"kind": "roadmap-pdf", "roadmap": medal_plan.pk}
        )
    job = ReportJob.objects.get()
    assert (job.status, job.error) == (ReportJob.Status.FAILED, BROKER_DOWN_MESSAGE)
    page = client.get(response["Location"]).content.decode()
    assert "Очередь задач сейчас недоступна" in page
    assert "Повторить" in page


def test_a_job_in_progress_polls_for_its_state_every_second(client, methodist_a):
    job = ReportJob.objects.create(
        owner=methodist_a, kind="roadmap-pdf", status=ReportJob.Status.RUNNING, progress=40
    )
    client.force_login(methodist_a)
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-valuenow="40"' in page
    partial = client.get(
        reverse("reports:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    assert "<html" not in partial


def test_a_finished_job_stops_polling_and_offers_the_download(client, methodist_a, done_job):
    client.force_login(methodist_a)
    page = client.get(reverse("reports:job_detail", args=[done_job.pk])).content.decode()
    assert "hx-trigger" not in page
    assert reverse("reports:job_download", args=[done_job.pk]) in page


def test_a_failed_job_shows_its_error_and_a_retry_button(client, methodist_a):
    job = ReportJob.objects.create(
        owner=methodist_a, kind="roadmap-pdf", status=ReportJob.Status.FAILED, error="Дорожных карт пока нет."
    )
    client.force_login(methodist_a)
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert "Дорожных карт пока нет." in page
    assert reverse("reports:job_retry", args=[job.pk]) in page and "Повторить" in page


def test_the_owner_retries_a_failed_job(client, methodist_a, medal_plan, django_capture_on_commit_callbacks):
    job = ReportJob.objects.create(
        owner=methodist_a,
        kind="roadmap-pdf",
        params={"roadmap": medal_plan.pk},
        status="failed",
        error="сбой",
    )
    client.force_login(methodist_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE


def test_only_the_owner_retries_a_job(client, department_head, methodist_a):
    job = ReportJob.objects.create(owner=methodist_a, kind="roadmap-pdf", status="failed", error="сбой")
    client.force_login(department_head)
    assert client.post(reverse("reports:job_retry", args=[job.pk])).status_code == 403


@pytest.mark.parametrize("who", ["methodist_a", "department_head"])
def test_the_owner_and_the_department_head_download_the_file(client, request, done_job, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:job_download", args=[done_job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("who", "status"), [("methodist_b", 404), ("coordinator", 404), ("head_a", 403)])
def test_nobody_else_gets_the_file(client, request, done_job, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:job_download", args=[done_job.pk])).status_code == status
    assert client.get(reverse("reports:job_detail", args=[done_job.pk])).status_code == status


def test_another_municipalitys_department_head_gets_404(client, done_job):
    other = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory(name="Другой район"))
    client.force_login(other)
    assert client.get(reverse("reports:job_download", args=[done_job.pk])).status_code == 404


def test_a_file_that_is_not_ready_is_not_downloadable(client, methodist_a):
    job = ReportJob.objects.create(owner=methodist_a, kind="roadmap-pdf", status=ReportJob.Status.RUNNING)
    client.force_login(methodist_a)
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, done_job):
    response = client.get(reverse("reports:job_download", args=[done_job.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
