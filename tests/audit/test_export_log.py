"""Exports that carry pupils' names are logged (152-ФЗ): who, when, what, how many pupils; the department
head reads the log of their own municipality, with a filter."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import PersonalDataExport
from medals.models import Upload
from reports.models import ReportJob
from schools.models import User

from ..assessments.factories import EgeResultFactory, MockExamFactory, MockWorkFactory
from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from ..medals.factories import CandidateFactory, PupilFactory

pytestmark = pytest.mark.django_db

LOG = reverse("audit:personal_data")


@pytest.fixture
def three_candidates(school_a, school_b):
    return [
        CandidateFactory(pupil=PupilFactory(school=school), graduation_year=2024)
        for school in (school_a, school_a, school_b)
    ]


def test_the_candidates_excel_is_logged_with_who_what_and_how_many_pupils(
    client, department_head, three_candidates
):
    client.force_login(department_head)
    response = client.get(reverse("medals:candidate_list") + "?export=xlsx")
    assert response.status_code == 200
    [row] = PersonalDataExport.objects.all()
    assert (row.user, row.municipality, row.kind, row.pupils) == (
        department_head,
        department_head.municipality,
        PersonalDataExport.Kind.LIST,
        3,
    )
    assert row.what == "Претенденты на медаль (Excel)" and row.path.endswith("?export=xlsx")
    assert row.user_name == department_head.full_name


def test_a_school_head_exporting_counts_only_their_own_pupils(client, head_a, three_candidates):
    client.force_login(head_a)
    client.get(reverse("medals:candidate_list") + "?export=xlsx")
    assert PersonalDataExport.objects.get().pupils == 2


def test_the_page_itself_and_an_export_of_nobody_are_not_logged(client, department_head):
    client.force_login(department_head)
    client.get(reverse("medals:candidate_list"))
    client.get(reverse("medals:candidate_list") + "?export=xlsx")
    assert not PersonalDataExport.objects.exists()


def test_a_candidate_card_is_logged_without_the_pupils_name(client, methodist_a, three_candidates):
    client.force_login(methodist_a)
    candidate = three_candidates[0]
    assert client.get(reverse("medals:candidate_detail", args=[candidate.pk])).status_code == 200
    row = PersonalDataExport.objects.get()
    assert (row.kind, row.pupils) == (PersonalDataExport.Kind.CARD, 1)
    assert candidate.pupil.last_name not in row.what and f"№ {candidate.pk}" in row.what


def test_a_refused_card_is_not_logged(client, methodist_b, three_candidates):
    client.force_login(methodist_b)
    assert client.get(reverse("medals:candidate_detail", args=[three_candidates[0].pk])).status_code == 404
    assert not PersonalDataExport.objects.exists()


def test_a_downloaded_register_is_logged_with_the_pupils_it_saved(client, head_a, school_a, three_candidates):
    upload = Upload.objects.create(
        school=school_a, kind=Upload.Kind.CANDIDATES, original_name="реестр.xlsx", status="saved", rows=2
    )
    upload.file.save("register.xlsx", ContentFile(b"PK fake"), save=True)
    for candidate in three_candidates[:2]:
        candidate.register_upload = upload
        candidate.save()
    client.force_login(head_a)
    response = client.get(reverse("medals:upload_file", args=[upload.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    row = PersonalDataExport.objects.get()
    assert (row.kind, row.pupils) == (PersonalDataExport.Kind.FILE, 2)
    assert "реестр.xlsx" in row.what


def test_a_built_report_file_with_pupils_is_logged(client, department_head, three_candidates):
    job = ReportJob.objects.create(
        owner=department_head, kind="candidates-xlsx", status="done", pupils=3, filename="Претенденты.xlsx"
    )
    job.file.save("c.xlsx", ContentFile(b"PK"), save=True)
    client.force_login(department_head)
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    b"".join(response.streaming_content)
    row = PersonalDataExport.objects.get()
    assert (row.kind, row.pupils) == (PersonalDataExport.Kind.REPORT, 3)


def test_the_candidates_report_job_records_how_many_pupils_it_names(department_head, three_candidates):
    from reports.jobs import job_run

    job = ReportJob.objects.create(owner=department_head, kind="candidates-xlsx", params={"year": 2024})
    job = job_run(job_id=job.pk)
    assert (job.status, job.pupils) == ("done", 3)


def test_ege_and_mock_exam_excel_are_logged(client, department_head, school_a, school_b):
    pupil = PupilFactory(school=school_a)
    EgeResultFactory(pupil=pupil)
    EgeResultFactory(pupil=PupilFactory(school=school_b))
    exam = MockExamFactory(schedule__municipality=department_head.municipality, venue=school_a)
    MockWorkFactory(exam=exam, pupil=pupil)
    client.force_login(department_head)
    assert client.get(reverse("assessments:ege_results") + "?export=xlsx").status_code == 200
    assert client.get(reverse("assessments:exam_detail", args=[exam.pk]) + "?export=xlsx").status_code == 200
    assert list(PersonalDataExport.objects.order_by("pk").values_list("what", "pupils")) == [
        ("Результаты ЕГЭ (Excel)", 2),
        (f"Пробный экзамен № {exam.pk}: {exam.subject}, {exam.get_round_display()} (Excel)", 1),
    ]


# --- the log page ----------------------------------------------------------------------------------------


@pytest.fixture
def logged(department_head, methodist_a, three_candidates, client):
    """Two exports in this municipality and one in another."""
    for user in (department_head, methodist_a):
        client.force_login(user)
        client.get(reverse("medals:candidate_list") + "?export=xlsx")
    other = MunicipalityFactory(name="Другой район")
    stranger = UserFactory(username="other_head", role=User.Role.DEPARTMENT_HEAD, municipality=other)
    pupil = PupilFactory(school=SchoolFactory(municipality=other), last_name="Чужая")
    CandidateFactory(pupil=pupil)
    client.force_login(stranger)
    client.get(reverse("medals:candidate_list") + "?export=xlsx")
    client.logout()
    return stranger


def test_the_department_head_sees_their_municipalitys_log_only(client, department_head, methodist_a, logged):
    client.force_login(department_head)
    page = client.get(LOG)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('data-testid="pd-row"') == 2
    assert 'data-testid="row-count">Показано: 2 из 2' in text  # the row count every list shows
    assert methodist_a.full_name in text and logged.full_name not in text


def test_the_log_filters_by_person_kind_and_dates(client, department_head, methodist_a, logged):
    client.force_login(department_head)
    by_person = client.get(LOG, {"user": methodist_a.pk}).content.decode()
    assert by_person.count('data-testid="pd-row"') == 1
    assert client.get(LOG, {"kind": "card"}).content.decode().count('data-testid="pd-row"') == 0
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert client.get(LOG, {"date_from": future}).content.decode().count('data-testid="pd-row"') == 0
    assert client.get(LOG, {"date_to": future}).content.decode().count('data-testid="pd-row"') == 2


def test_a_person_of_another_municipality_is_not_offered_nor_accepted_in_the_filter(
    client, department_head, logged
):
    client.force_login(department_head)
    page = client.get(LOG, {"user": logged.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert logged.full_name not in text
    assert "Выберите корректный вариант" in text


@pytest.mark.parametrize(
    "query", [{"date_from": "вчера"}, {"user": "abc"}, {"kind": "x" * 5000}, {"page": "-1"}]
)
def test_bad_filter_values_give_the_page_not_a_500(client, department_head, logged, query):
    client.force_login(department_head)
    assert client.get(LOG, query).status_code == 200


@pytest.mark.parametrize("who", ["methodist_a", "head_a", "coordinator"])
def test_other_roles_may_not_read_the_log(client, request, who, logged):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LOG).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(LOG).status_code == 302


def test_the_department_head_sets_the_retention_period(client, department_head, municipality):
    client.force_login(department_head)
    assert municipality.pupil_data_keep_years == 1
    assert client.post(LOG, {"pupil_data_keep_years": 2}).status_code == 302
    municipality.refresh_from_db()
    assert municipality.pupil_data_keep_years == 2
    bad = client.post(LOG, {"pupil_data_keep_years": 11}, follow=True)
    assert bad.status_code == 200 and "Срок не сохранён" in bad.content.decode()
    municipality.refresh_from_db()
    assert municipality.pupil_data_keep_years == 2


def test_a_methodist_may_not_change_the_retention_period(client, methodist_a, municipality):
    client.force_login(methodist_a)
    assert client.post(LOG, {"pupil_data_keep_years": 5}).status_code == 403
    municipality.refresh_from_db()
    assert municipality.pupil_data_keep_years == 1


def test_the_department_head_finds_the_page_in_the_user_menu(client, department_head, methodist_a):
    client.force_login(department_head)
    assert 'data-testid="pd-log-link"' in client.get(reverse("profile")).content.decode()
    client.force_login(methodist_a)
    assert 'data-testid="pd-log-link"' not in client.get(reverse("profile")).content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999", "1\x00", ""])
def test_a_bad_retention_period_is_refused_with_a_message(client, department_head, municipality, value):
    client.force_login(department_head)
    page = client.post(LOG, {"pupil_data_keep_years": value}, follow=True)
    assert page.status_code == 200 and "Срок не сохранён" in page.content.decode()
    municipality.refresh_from_db()
    assert municipality.pupil_data_keep_years == 1
