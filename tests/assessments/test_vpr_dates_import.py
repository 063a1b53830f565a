"""ВПР dates imported from a schools' list: files as people write them, every date checked by the per-school
form's rule (the federal window), bad rows named by row and column with nothing saved, and who may do it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import SchoolProcedureDay, Subject, VprDatesUpload
from assessments.vpr_dates import school_day_add, school_day_problem
from tests.factories import MunicipalityFactory, UserFactory
from tests.medals.factories import write_csv, write_xlsx

from .factories import ProcedureFactory

D = datetime.date


def subject(name):
    return Subject.objects.get(name=name)


@pytest.fixture
def russian4(municipality, school_a, school_b):
    return ProcedureFactory(
        municipality=municipality,
        subject=subject("Русский язык"),
        grade=4,
        held_on=D(2025, 4, 1),
        window_start=D(2025, 4, 1),
        window_end=D(2025, 5, 16),
        schools=[school_a, school_b],
    )


@pytest.fixture
def math5(municipality, school_a):
    return ProcedureFactory(
        municipality=municipality,
        subject=subject("Математика"),
        grade=5,
        held_on=D(2025, 4, 1),
        window_start=D(2025, 4, 1),
        window_end=D(2025, 5, 16),
        schools=[school_a],
    )


def send(client, user, path):
    client.force_login(user)
    with path.open("rb") as handle:
        return client.post(reverse("assessments:vpr_dates_upload"), {"file": handle}, follow=True)


def days():
    return sorted(
        (d.school.code, d.procedure.subject.name, d.held_on)
        for d in SchoolProcedureDay.objects.select_related("school", "procedure__subject")
    )


def test_a_list_as_schools_write_it_is_previewed_then_saved(
    client, coordinator, school_a, school_b, russian4, math5, tmp_path
):
    school_a.fis_oko_login = "sch050001"
    school_a.save()
    rows = [
        ["Графики проведения ВПР в ОО района, весна 2025"],
        ["№", "Наименование ОО", "Логин ОО", "Дата проведения", "Класс", "Предмет", "Ответственный"],
        [1, "", "edu050001", datetime.datetime(2025, 4, 15), "4", "Русский язык", "Иванова И.И."],
        [2, 'МКОУ "Школа Б"', "", "16.04.2025", "4 класс", " Русский яз. ", ""],
        [3, "«Школа А»", "", "22.04.2025 г.", "5 кл.", "математика", ""],
        [4, "«Школа А»", "", "22.04.2025", "5", "Математика", "повтор строки"],
    ]
    response = send(client, coordinator, write_xlsx(tmp_path / "даты.xlsx", rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="vpr-dates-preview"' in page
    upload = VprDatesUpload.objects.get()
    assert (upload.status, upload.rows, upload.added) == ("preview", 4, 3)
    assert days() == []  # the preview writes nothing
    client.post(reverse("assessments:vpr_dates_upload_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == VprDatesUpload.Status.SAVED
    assert days() == [
        ("A001", "Математика", D(2025, 4, 22)),
        ("A001", "Русский язык", D(2025, 4, 15)),
        ("B001", "Русский язык", D(2025, 4, 16)),
    ]
    # A second click saves nothing twice; the same list again adds nothing and says so.
    assert (
        "уже обработан"
        in client.post(
            reverse("assessments:vpr_dates_upload_confirm", args=[upload.pk]), follow=True
        ).content.decode()
    )
    send(client, coordinator, write_xlsx(tmp_path / "даты.xlsx", rows))
    again = VprDatesUpload.objects.latest("pk")
    assert (again.added, again.report["already"]) == (0, 3)


def test_a_csv_by_school_code_in_windows_1251(client, department_head, school_b, russian4, tmp_path):
    rows = [
        ["Код ОО", "Учебный предмет", "Класс", "Дата ВПР", "Лишний"],
        [" B001 ", "Русский язык", 4, "2025-04-30", "x"],
    ]
    send(client, department_head, write_csv(tmp_path / "d.csv", rows, encoding="cp1251"))
    client.post(reverse("assessments:vpr_dates_upload_confirm", args=[VprDatesUpload.objects.get().pk]))
    assert days() == [("B001", "Русский язык", D(2025, 4, 30))]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["«Школа А»", "Русский язык", "4", "17.05.2025"],
            "Дата",
            "Дата 17.05.2025 вне федерального периода проведения «ВПР Русский язык 4 класс»: "
            "с 01.04.2025 по 16.05.2025.",
        ),
        (
            ["«Школа Я»", "Русский язык", "4", "15.04.2025"],
            "Наименование ОО",
            "школа ««Школа Я»» не найдена среди школ муниципалитета",
        ),
        (
            ["«Школа А»", "Астрология", "4", "15.04.2025"],
            "Предмет",
            "«Астрология» — такого предмета нет в справочнике предметов",
        ),
        (
            ["«Школа Б»", "Математика", "5", "15.04.2025"],
            "Наименование ОО",
            "МКОУ «Школа Б» не участвует в процедуре «ВПР Математика 5 класс».",
        ),
        (
            ["«Школа А»", "Русский язык", "четвёртый", "15.04.2025"],
            "Класс",
            "«четвёртый» — не класс (ВПР пишут 4–11 классы)",
        ),
        (
            ["«Школа А»", "Русский язык", "4", "31.04.2025"],
            "Дата",
            "«31.04.2025» — ожидается дата вида 15.04.2025",
        ),
        (
            ["«Школа А»", "Русский язык", "4", "15.04.2024"],
            "Дата",
            "ВПР «Русский язык, 4 класс» с федеральным периодом 2024 года нет среди процедур "
            "(есть за 2025 г.)",
        ),
        (
            ["«Школа А»", "Русский язык", "7", "15.04.2025"],
            "Предмет",
            "ВПР «Русский язык, 7 класс» с федеральным периодом 2025 года нет среди процедур: координатор "
            "добавляет её на странице процедур",
        ),
    ],
)
def test_a_bad_row_names_row_and_column_and_nothing_is_saved(
    client, coordinator, russian4, math5, tmp_path, row, column, message
):
    rows = [
        ["Наименование ОО", "Предмет", "Класс", "Дата"],
        ["«Школа А»", "Русский язык", "4", "15.04.2025"],
        row,
    ]
    response = send(client, coordinator, write_xlsx(tmp_path / "d.xlsx", rows))
    upload = VprDatesUpload.objects.get()
    assert upload.status == VprDatesUpload.Status.REJECTED
    assert [(e["row"], e["column"], e["message"]) for e in upload.errors] == [(3, column, message)]
    assert "ничего из файла не записано" in response.content.decode()
    client.post(reverse("assessments:vpr_dates_upload_confirm", args=[upload.pk]))
    assert days() == []


def test_the_window_message_is_the_per_school_forms(school_a, russian4):
    problem = school_day_problem(procedure=russian4, school=school_a, day=D(2025, 5, 17))
    with pytest.raises(Exception, match="вне федерального периода") as raised:
        school_day_add(procedure=russian4, school=school_a, day=D(2025, 5, 17), user=None)
    assert str(raised.value) == problem


def test_a_file_without_the_needed_columns(client, coordinator, russian4, tmp_path):
    send(
        client,
        coordinator,
        write_xlsx(tmp_path / "d.xlsx", [["Школа", "Когда"], ["«Школа А»", "15.04.2025"]]),
    )
    [error] = VprDatesUpload.objects.get().errors
    assert error["row"] is None and "Предмет" in error["message"] and "Класс" in error["message"]
    send(
        client,
        coordinator,
        write_xlsx(tmp_path / "e.xlsx", [["Предмет", "Класс", "Дата"], ["Русский язык", 4, "15.04.2025"]]),
    )
    assert "школу не найти" in VprDatesUpload.objects.latest("pk").errors[0]["message"]


@pytest.mark.parametrize(
    ("user", "status"),
    [("coordinator", 200), ("department_head", 200), ("head_a", 403), ("methodist_a", 403), ("member", 403)],
)
def test_who_uploads_the_list(client, request, russian4, tmp_path, user, status):
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [["Код ОО", "Предмет", "Класс", "Дата"], ["A001", "Русский язык", 4, "15.04.2025"]],
    )
    response = send(client, request.getfixturevalue(user), path)
    assert response.status_code == status
    assert VprDatesUpload.objects.exists() is (status == 200)
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("assessments:vpr_dates_template")).status_code == status
    page = client.get(reverse("assessments:vpr_dates")).content.decode()
    assert ('data-testid="vpr-dates-upload"' in page) is (status == 200)


def test_another_municipalitys_list_is_not_found(client, coordinator, russian4, tmp_path):
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [["Код ОО", "Предмет", "Класс", "Дата"], ["A001", "Русский язык", 4, "15.04.2025"]],
    )
    send(client, coordinator, path)
    upload = VprDatesUpload.objects.get()
    other = MunicipalityFactory(name="Другой район")
    stranger = UserFactory(username="coord2", role=coordinator.Role.COORDINATOR, municipality=other)
    client.force_login(stranger)
    assert client.get(reverse("assessments:vpr_dates_upload_detail", args=[upload.pk])).status_code == 404
    assert client.post(reverse("assessments:vpr_dates_upload_confirm", args=[upload.pk])).status_code == 404
    assert days() == []


def test_the_template(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:vpr_dates_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [
        "Логин ОО",
        "Код ОО",
        "Наименование ОО",
        "Предмет",
        "Класс",
        "Дата",
    ]
