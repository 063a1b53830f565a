"""A list too long for its Excel file in a request: the report workers build the list's own file, with its
filters, as the person who ordered it (common.lists.export_response, reports.list_exports)."""

from __future__ import annotations

import io
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import PersonalDataExport
from common.xlsx import XLSX_CONTENT_TYPE
from reports.jobs import job_create
from reports.list_exports import GONE, NOT_A_LIST
from reports.models import ReportJob
from roadmaps.progress import progress_sync_for_measure
from schools.access import NAVIGATION
from schools.models import User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory
from tests.medals.factories import CandidateFactory, PupilFactory

PLAN_ROWS = reverse("roadmaps:measure_list")


@pytest.fixture
def short_limit(settings):
    settings.EXPORT_ROWS_IN_REQUEST = 1


def sheet_rows(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def order(client, path: str, query: str, capture) -> ReportJob:
    with capture(execute=True):
        response = client.post(reverse("reports:list_export"), {"path": path, "query": query})
    job = ReportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:job_detail", args=[job.pk]
    )
    job.refresh_from_db()
    return job


def test_a_list_longer_than_the_limit_offers_to_build_its_file_in_the_background(
    client, department_head, measure, short_limit
):
    client.force_login(department_head)
    response = client.get(f"{PLAN_ROWS}?sort=-deadline&page=1&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'data-testid="export-background"' in html and "Строк в списке: 2." in html
    assert f'action="{reverse("reports:list_export")}"' in html
    assert f'name="path" value="{PLAN_ROWS}"' in html
    # The filters and the sort go with the order; the page and the export switch do not.
    query = html.split('name="query" value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert parse_qs(query) == {"sort": ["-deadline"]}
    assert not ReportJob.objects.exists()


def test_a_list_within_the_limit_is_built_in_the_request(client, department_head, measure, settings):
    settings.EXPORT_ROWS_IN_REQUEST = 2
    client.force_login(department_head)
    response = client.get(f"{PLAN_ROWS}?export=xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert len(sheet_rows(response.content)) == 3  # the header and two schools


def test_a_school_heads_list_is_one_schools_and_is_built_in_the_request(client, head_a, measure, short_limit):
    second = MeasureFactory(roadmap=measure.roadmap, number="9")
    progress_sync_for_measure(measure=second)
    client.force_login(head_a)
    response = client.get(f"{PLAN_ROWS}?export=xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert len(sheet_rows(response.content)) == 3


def test_the_file_built_in_the_background_is_the_lists_own_file_with_its_filters(
    client, department_head, measure, school_a, settings, django_capture_on_commit_callbacks
):
    second = MeasureFactory(roadmap=measure.roadmap, number="9")
    progress_sync_for_measure(measure=second)
    client.force_login(department_head)
    query = f"school={school_a.pk}&sort=-deadline"
    job = order(client, PLAN_ROWS, query, django_capture_on_commit_callbacks)
    assert (job.status, job.kind, job.owner) == (
        ReportJob.Status.DONE,
        ReportJob.Kind.LIST_XLSX,
        department_head,
    )
    assert job.content_type == XLSX_CONTENT_TYPE and job.filename.endswith(".xlsx")
    built = sheet_rows(job.file.read())
    settings.EXPORT_ROWS_IN_REQUEST = 10_000
    inline = client.get(f"{PLAN_ROWS}?{query}&export=xlsx")
    assert built == sheet_rows(inline.content)
    assert len(built) == 3  # the header and school A's two rows: the filter held
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200 and job.filename in download["Content-Disposition"].replace("%20", " ")


def test_the_analyst_gets_the_file_of_the_municipality_they_chose(
    client, municipality, measure, school_a, django_capture_on_commit_callbacks
):
    other = MunicipalityFactory(name="Второй район")
    far_school = SchoolFactory(municipality=other, short_name="МКОУ «Дальняя СОШ»")
    far_measure = MeasureFactory(roadmap=RoadmapFactory(municipality=other), number="3")
    progress_sync_for_measure(measure=far_measure)
    analyst = UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None)
    client.force_login(analyst)
    assert client.get(f"{PLAN_ROWS}?municipality={other.pk}").status_code == 200  # kept in the session
    job = order(client, PLAN_ROWS, "", django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.params["municipality"] == other.pk
    cells = {value for row in sheet_rows(job.file.read()) for value in row}
    assert far_school.short_name in cells and school_a.short_name not in cells
    analyst.refresh_from_db()
    assert analyst.municipality_id is None  # the worker's choice stayed in memory


def test_a_file_naming_pupils_is_logged_once_when_downloaded(
    client, department_head, school_a, school_b, django_capture_on_commit_callbacks
):
    for school, name in ((school_a, "Арсланова"), (school_b, "Бекова")):
        CandidateFactory(pupil=PupilFactory(school=school, last_name=name), graduation_year=2024)
    client.force_login(department_head)
    job = order(client, reverse("medals:candidate_list"), "", django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.pupils == 2
    names = {value for row in sheet_rows(job.file.read()) for value in row if isinstance(value, str)}
    assert any("Арсланова" in n for n in names) and any("Бекова" in n for n in names)
    assert not PersonalDataExport.objects.exists()  # building it told nobody anything
    client.get(reverse("reports:job_download", args=[job.pk]))
    record = PersonalDataExport.objects.get()
    assert (record.user, record.kind, record.pupils) == (department_head, PersonalDataExport.Kind.LIST, 2)
    assert record.what.startswith("Претенденты на медаль (Excel): «")


@pytest.mark.parametrize(
    "path", ["", "roadmaps/measures/", "/no/such/list/", "//evil.example/x", "/" + "a" * 600]
)
def test_an_address_that_is_no_page_of_ours_is_refused_before_any_job(client, department_head, path):
    client.force_login(department_head)
    response = client.post(reverse("reports:list_export"), {"path": path, "query": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:index")
    assert "нет списка, который выгружается в Excel" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_page_that_is_no_list_fails_its_job_with_a_message(
    department_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(
            owner=department_head, kind=ReportJob.Kind.LIST_XLSX, params={"path": "/", "query": ""}
        )
    job.refresh_from_db()
    assert (job.status, job.error) == (ReportJob.Status.FAILED, NOT_A_LIST.format(path="/"))


def test_a_list_its_owner_may_not_open_gives_them_nothing(
    head_a, school_b, django_capture_on_commit_callbacks
):
    other = CandidateFactory(pupil=PupilFactory(school=school_b, last_name="Бекова"), graduation_year=2024)
    path = reverse("medals:candidate_detail", args=[other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(owner=head_a, kind=ReportJob.Kind.LIST_XLSX, params={"path": path, "query": ""})
    job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == (ReportJob.Status.FAILED, GONE.format(path=path), False)


def test_filters_too_long_are_refused_with_a_message(client, department_head):
    client.force_login(department_head)
    response = client.post(
        reverse("reports:list_export"), {"path": PLAN_ROWS, "query": "q=" + "я" * 5000}, follow=True
    )
    assert "Фильтры списка длиннее" in response.content.decode()
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", list(User.Role))
def test_whoever_opens_reports_has_long_lists_built_there(role):
    assert UserFactory.build(role=role).orders_reports == ("reports" in NAVIGATION[role])
