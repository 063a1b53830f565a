"""Results pages: upload with template, preview and confirmation; lists filtered by role."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import EgeResult, ResultUpload, VprResult
from assessments.vpr_import import vpr_import

from ..factories import MunicipalityFactory
from .factories import EgeResultFactory, PupilFactory, VprResultFactory, VprTestFactory
from .test_ege_import import ege_xlsx, row
from .vpr_files import standard_rows, vpr_xlsx


def _post_file(client, url, content, name="vpr.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_an_upload_is_previewed_then_confirmed(client, coordinator, logins):
    client.force_login(coordinator)
    response = _post_file(client, reverse("assessments:vpr_upload"), vpr_xlsx(standard_rows(*logins)))
    upload = ResultUpload.objects.get()
    assert response.status_code == 302 and upload.status == ResultUpload.Status.PREVIEW
    page = client.get(reverse("assessments:upload_detail", args=[upload.pk])).content.decode()
    assert (
        "ВПР 2024 Русский язык 5 класс" in page
        and "МКОУ «Школа А»: 3; МКОУ «Школа Б»: 2" in page  # names, never the internal codes
        and "A001" not in page
        and "Загрузить данные" in page
    )
    assert not VprResult.objects.exists()
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.IMPORTED and VprResult.objects.count() == 5
    page = client.get(reverse("assessments:vpr_upload")).content.decode()
    assert "vpr.xlsx" in page and "загружен" in page


def test_a_broken_file_shows_each_error_by_row_and_column_and_cannot_be_confirmed(
    client, coordinator, logins
):
    rows = standard_rows(*logins)
    rows[1][0] = "edu777"
    client.force_login(coordinator)
    _post_file(client, reverse("assessments:vpr_upload"), vpr_xlsx(rows))
    upload = ResultUpload.objects.get()
    page = client.get(reverse("assessments:upload_detail", args=[upload.pk])).content.decode()
    assert "ничего не сохранено" in page and "<td>8</td><td>ОО</td>" in page and "edu777" in page
    response = client.post(reverse("assessments:upload_confirm", args=[upload.pk]), follow=True)
    assert "только проверенный файл без ошибок" in response.content.decode()
    assert not VprResult.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_on_the_form(client, coordinator):
    client.force_login(coordinator)
    response = _post_file(client, reverse("assessments:vpr_upload"), b"%PDF-1.4", name="results.pdf")
    assert (
        response.status_code == 400
        and "ожидается таблица Excel (.xlsx или .xls) или CSV" in response.content.decode()
    )
    assert not ResultUpload.objects.exists()


def test_the_upload_hint_names_every_format_the_form_takes(client, coordinator):
    """The hint said «Excel (.xlsx) или CSV» while .xls files (Excel 97–2003, what old school computers
    save) are read as well: a hint must be true of the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.forms import UploadForm
    from common.imports.readers import TABLE_SUFFIXES

    client.force_login(coordinator)
    page = client.get(reverse("assessments:ege_upload")).content.decode()
    assert "Excel (.xlsx или .xls) или CSV" in page
    for suffix in TABLE_SUFFIXES:
        form = UploadForm(files={"file": SimpleUploadedFile(f"results{suffix}", b"x")})
        assert form.is_valid(), (suffix, form.errors)


def test_the_vpr_template_is_a_file_the_importer_accepts(client, coordinator, municipality, logins):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:vpr_template"))
    report = vpr_import(content=response.content, filename="t.xlsx", municipality=municipality, dry_run=True)
    assert report.ok, [str(e) for e in report.errors]
    assert report.schools() == {"A001": 3, "B001": 3}


def test_the_ege_upload_goes_through_the_same_preview(client, coordinator, school_a):
    PupilFactory(school=school_a, last_name="Образцова", first_name="Анна")
    client.force_login(coordinator)
    _post_file(client, reverse("assessments:ege_upload"), ege_xlsx([row()]), name="ege.xlsx")
    upload = ResultUpload.objects.get(kind=ResultUpload.Kind.EGE)
    assert upload.status == ResultUpload.Status.PREVIEW
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    assert EgeResult.objects.get().score_100 == 72


def test_a_school_head_and_a_methodist_may_not_upload(client, head_a, methodist_a):
    for user in (head_a, methodist_a):
        client.force_login(user)
        assert client.get(reverse("assessments:vpr_upload")).status_code == 403


def test_another_municipalitys_upload_is_404(client, coordinator, department_head):
    other = ResultUpload.objects.create(
        municipality=MunicipalityFactory(), kind=ResultUpload.Kind.VPR, original_name="x.xlsx"
    )
    client.force_login(coordinator)
    assert client.get(reverse("assessments:upload_detail", args=[other.pk])).status_code == 404


@pytest.fixture
def vpr_both(municipality, school_a, school_b):
    test = VprTestFactory(municipality=municipality)
    VprResultFactory(test=test, school=school_a, participant_code="A-777")
    VprResultFactory(test=test, school=school_b, participant_code="B-888")


def test_a_school_head_sees_only_their_schools_vpr_results(client, head_a, vpr_both):
    client.force_login(head_a)
    page = client.get(reverse("assessments:vpr_results")).content.decode()
    assert "A-777" in page and "B-888" not in page
    export = client.get(reverse("assessments:vpr_results") + "?export=xlsx")
    values = [c.value for r in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in r]
    assert "A-777" in values and "B-888" not in values


def test_the_coordinator_sees_every_school_and_filters_by_school(client, coordinator, vpr_both, school_b):
    client.force_login(coordinator)
    page = client.get(reverse("assessments:vpr_results")).content.decode()
    assert "A-777" in page and "B-888" in page
    page = client.get(reverse("assessments:vpr_results") + f"?school={school_b.pk}").content.decode()
    assert "A-777" not in page and "B-888" in page


def test_a_methodist_sees_ege_results_of_curated_schools_only(client, methodist_b, school_a, school_b):
    EgeResultFactory(pupil=PupilFactory(school=school_a, last_name="Ашкина"))
    EgeResultFactory(pupil=PupilFactory(school=school_b, last_name="Бешкина"))
    client.force_login(methodist_b)
    page = client.get(reverse("assessments:ege_results")).content.decode()
    assert "Бешкина" in page and "Ашкина" not in page
