"""The reports page asks only what the chosen kind needs, with defaults of the current school year, and
the files carry the document's own number and date."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse

from reports.file_names import protocol_file_name, roadmap_file_name, safe_file_name
from reports.models import ReportJob
from reports.order_form import KIND_FIELDS, ReportOrderForm
from roadmaps.models import Roadmap

from ..factories import RoadmapFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)


def test_each_kind_asks_for_its_own_field_only(client, department_head, medal_plan):
    client.force_login(department_head)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'data-kinds="protocol-pdf protocol-docx"' in page
    assert 'data-kinds="roadmap-pdf roadmap-docx progress-xlsx"' in page
    assert 'data-kinds="mock-exams-pdf mock-exams-docx candidates-xlsx"' in page
    assert 'data-kinds="objectivity-xlsx"' in page
    assert "data-report-kind" in page
    assert 'name="year"' not in page  # one «Год» for three different meanings is gone


@time_machine.travel(NOW)
def test_defaults_are_of_the_current_school_year(department_head, municipality):
    RoadmapFactory(municipality=municipality, title="Старая", period_start=datetime.date(2021, 9, 1),
                   period_end=datetime.date(2022, 8, 31), status=Roadmap.Status.ARCHIVED)
    current = RoadmapFactory(municipality=municipality, title="Текущая",
                             period_start=datetime.date(2026, 9, 1), period_end=datetime.date(2027, 8, 31))
    RoadmapFactory(municipality=municipality, title="Черновик", period_start=datetime.date(2027, 9, 1),
                   period_end=datetime.date(2028, 8, 31), status=Roadmap.Status.DRAFT)
    form = ReportOrderForm(user=department_head)
    assert form.fields["roadmap"].initial == current.pk
    assert form.fields["school_year"].initial == 2026
    assert form.fields["school_year"].choices[1] == (2026, "2026-2027 учебный год")


@pytest.mark.parametrize(
    ("data", "params"),
    [
        ({"kind": "candidates-xlsx", "school_year": "2023", "roadmap": "999", "vpr_year": "2020"},
         {"year": 2024}),
        ({"kind": "mock-exams-pdf", "school_year": "2023", "meeting": "999"}, {"year": 2023}),
        ({"kind": "objectivity-xlsx", "vpr_year": "2024", "school_year": "2019"}, {"year": 2024}),
    ],
)
def test_only_the_fields_of_the_kind_are_read(department_head, data, params):
    form = ReportOrderForm(data, user=department_head)
    if data["kind"] == "objectivity-xlsx":
        form.fields["vpr_year"].choices = [(2024, "2024")]
    assert form.is_valid(), form.errors
    assert form.params() == params


def test_a_kind_without_its_field_is_refused_in_russian(client, department_head):
    client.force_login(department_head)
    response = client.post(reverse("reports:job_order"), {"kind": "roadmap-pdf"}, follow=True)
    assert "Отчёт не заказан: Выберите дорожную карту." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_every_offered_kind_has_its_fields():
    from reports.jobs import JOB_ACTIONS

    # A long list's file is ordered from the list itself, with its filters (reports.list_exports).
    from_lists = {ReportJob.Kind.LIST_XLSX}
    documents = {value for value, _ in ReportJob.Kind.choices} - set(JOB_ACTIONS) - from_lists
    assert documents <= set(KIND_FIELDS)
    assert not set(JOB_ACTIONS) & set(KIND_FIELDS)  # preparing a meeting is not ordered as a document
    assert not from_lists & set(KIND_FIELDS)


def test_file_names_use_the_order_number_and_date_never_an_id(medal_plan, march_meeting):
    assert roadmap_file_name(medal_plan, "pdf") == "Дорожная карта (приказ № 312 от 27.11.2023).pdf"
    assert protocol_file_name(march_meeting, "pdf") == "Протокол № 3 от 15.03.2024.pdf"
    medal_plan.order_number, medal_plan.order_date = "", None
    assert roadmap_file_name(medal_plan, "pdf") == "Дорожная карта на 2023-2024 учебный год.pdf"
    assert safe_file_name('Приказ № 415/01-07 "О плане".pdf') == "Приказ № 415-01-07 -О плане-.pdf"


def test_the_download_carries_the_name_as_utf8_filename_star(
    client, department_head, medal_plan, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:job_order"), {"kind": "roadmap-pdf", "roadmap": medal_plan.pk})
    job = ReportJob.objects.get()
    assert job.filename == "Дорожная карта (приказ № 312 от 27.11.2023).pdf"
    assert str(medal_plan.pk) not in job.filename.replace("312", "").replace("27.11.2023", "")
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == job.filename


def test_the_roadmap_page_has_pdf_and_word_buttons_and_no_inner_scroll_box(client, department_head, head_a,
                                                                           medal_plan):
    client.force_login(department_head)
    page = client.get(reverse("roadmaps:roadmap_detail", args=[medal_plan.pk])).content.decode()
    assert 'data-testid="roadmap-documents"' in page
    assert 'value="roadmap-pdf">PDF</button>' in page
    if "roadmap-docx" in ReportJob.Kind.values:
        assert 'value="roadmap-docx">Word</button>' in page
    assert "table-scroll" not in page
    client.force_login(head_a)  # a school head orders no reports: no buttons that would answer 403
    page = client.get(reverse("roadmaps:roadmap_detail", args=[medal_plan.pk])).content.decode()
    assert 'data-testid="roadmap-documents"' not in page


def test_the_pdf_button_orders_the_roadmap_document(client, department_head, medal_plan,
                                                    django_capture_on_commit_callbacks):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_order"), {"kind": "roadmap-pdf", "roadmap": medal_plan.pk}
        )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert job.params == {"roadmap": medal_plan.pk} and job.status == ReportJob.Status.DONE
