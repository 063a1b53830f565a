"""ЕГЭ files written the way exports write them: other headers, ФИО in one column, and a
column nobody recognises — asked once in the preview and remembered for the department."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.ege_import import ege_import
from assessments.models import EgeResult, ResultUpload
from common.imports import remembered_columns

from .factories import PupilFactory
from .test_ege_import import ege_xlsx

WHEN = datetime.date(2024, 5, 30)


def test_other_headers_and_one_name_column(municipality, school_a):
    PupilFactory(school=school_a, last_name="Образцова", first_name="Анна", middle_name="Петровна")
    header = ("№", "Код школы", "Ф.И.О.", "Учебный предмет", "Дата проведения экзамена", "Стобалльный балл")
    content = ege_xlsx([[1, "A001", "Образцова Анна Петровна", "Русский язык", WHEN, 72]], header=header)
    report = ege_import(content=content, filename="ege.xlsx", municipality=municipality)
    assert report.ok, [str(e) for e in report.errors]
    assert EgeResult.objects.get().score_100 == 72


UNKNOWN = ("Код ОО", "Фамилия", "Имя", "Предмет", "Дата экзамена", "Результат")


def test_the_column_question_of_an_ege_upload_is_remembered(client, coordinator, school_a, municipality):
    PupilFactory(school=school_a, last_name="Образцова", first_name="Анна")
    client.force_login(coordinator)
    content = ege_xlsx([["A001", "Образцова", "Анна", "Русский язык", WHEN, 72]], header=UNKNOWN)
    client.post(reverse("assessments:ege_upload"), {"file": SimpleUploadedFile("ege.xlsx", content)})
    upload = ResultUpload.objects.get()
    assert upload.status == ResultUpload.Status.FAILED
    page = client.get(reverse("assessments:upload_detail", args=[upload.pk])).content.decode()
    assert "Это столбец «Тестовый балл»?" in page and "Образцова" in page
    response = client.post(
        reverse("assessments:upload_columns", args=[upload.pk]), {"column-test_score": "Результат"}
    )
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.PREVIEW
    assert remembered_columns(scope=f"municipality:{municipality.pk}", kind="ege") == {
        "test_score": "Результат"
    }
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    assert EgeResult.objects.get().score_100 == 72
    # the next export of the same kind goes straight to the preview
    client.post(reverse("assessments:ege_upload"), {"file": SimpleUploadedFile("ege2.xlsx", content)})
    assert ResultUpload.objects.order_by("-pk").first().status == ResultUpload.Status.PREVIEW


def test_an_upload_without_a_question_is_not_rechecked(client, coordinator, municipality):
    upload = ResultUpload.objects.create(
        municipality=municipality, kind=ResultUpload.Kind.EGE, original_name="x.xlsx", status="preview"
    )
    client.force_login(coordinator)
    client.post(reverse("assessments:upload_columns", args=[upload.pk]), {"column-test_score": "Результат"})
    assert remembered_columns(scope=f"municipality:{municipality.pk}", kind="ege") == {}


def test_a_second_confirmation_loads_nothing_more(client, coordinator, school_a):
    PupilFactory(school=school_a, last_name="Образцова", first_name="Анна")
    client.force_login(coordinator)
    content = ege_xlsx([["A001", "Образцова", "Анна", "", None, "", "Русский язык", WHEN, 38, 72]])
    client.post(reverse("assessments:ege_upload"), {"file": SimpleUploadedFile("ege.xlsx", content)})
    upload = ResultUpload.objects.get()
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    imported_at = upload.imported_at
    response = client.post(reverse("assessments:upload_confirm", args=[upload.pk]), follow=True)
    assert "Загрузить можно только проверенный файл без ошибок." in response.content.decode()
    upload.refresh_from_db()
    assert (upload.status, upload.imported_at, EgeResult.objects.count()) == ("imported", imported_at, 1)
