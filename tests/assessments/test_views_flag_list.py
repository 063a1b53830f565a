"""The official list in the browser (check → preview → save once) and the years side by side on the
objectivity pages, for each role."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import OfficialFlag

from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db

LIST_CSV = (
    "Муниципалитет;Наименование ОО;Предмет;Класс\n"
    "Кумторкалинский район;МКОУ «Школа А»;Математика;5\n"
    "Буйнакский район;МКОУ «Чиркейская СОШ»;Математика;5\n"
)


def _upload(client, content: str, name: str = "перечень.csv", year: int = 2024):
    file = SimpleUploadedFile(name, content.encode("cp1251"))
    return client.post(reverse("assessments:official_list"), {"year": year, "file": file})


def test_the_coordinator_checks_sees_the_preview_and_saves_once(client, coordinator, school_a, school_b):
    client.force_login(coordinator)
    response = _upload(client, LIST_CSV)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Строк: 2; школ муниципалитета: 1; строк других муниципалитетов пропущено: 1." in page
    assert not OfficialFlag.objects.exists()  # a preview saves nothing
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    confirm = reverse("assessments:official_list_confirm")
    assert client.post(confirm, {"token": token}).status_code == 302
    assert list(OfficialFlag.objects.values_list("school__code", "year", "subjects")) == [
        ("A001", 2024, ["Математика, 5 класс"])
    ]
    client.post(confirm, {"token": token})  # a second click
    assert OfficialFlag.objects.count() == 1
    page = html.unescape(client.get(reverse("assessments:official_list")).content.decode())
    assert "Проверенного списка нет или он уже сохранён" in page and "в списке" in page


def test_a_bad_file_is_400_with_a_russian_message_and_saves_nothing(client, coordinator, school_a):
    client.force_login(coordinator)
    response = _upload(client, "Наименование ОО;Класс\nМКОУ «Школа А»;пятый\n")
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Список не сохранён" in page and "Строка 2, столбец «Класс» (B): «пятый» — не класс" in page
    assert 'name="token"' not in page
    response = client.post(
        reverse("assessments:official_list"),
        {"year": 2024, "file": SimpleUploadedFile("list.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400 and "list.xlsx" in html.unescape(response.content.decode())
    assert not OfficialFlag.objects.exists()


def test_a_school_head_reads_only_their_school_and_may_not_upload(client, head_a, school_a, school_b):
    OfficialFlag.objects.create(municipality=school_a.municipality, year=2024, school=school_a)
    OfficialFlag.objects.create(municipality=school_b.municipality, year=2024, school=school_b)
    client.force_login(head_a)
    page = client.get(reverse("assessments:official_list")).content.decode()
    assert "МКОУ «Школа А»" in html.unescape(page) and "Школа Б" not in html.unescape(page)
    assert 'type="file"' not in page
    assert _upload(client, LIST_CSV).status_code == 403
    assert client.post(reverse("assessments:official_list_confirm"), {"token": "x"}).status_code == 403
    assert OfficialFlag.objects.count() == 2


@pytest.fixture
def three_years(municipality, school_a, school_b):
    """A flagged by its own results in 2023 (6 of 6 above the journal) and listed in 2024; B plain in both."""
    for year, a_mark in ((2023, 5), (2024, 3)):
        test = VprTestFactory(municipality=municipality, year=year)
        for _ in range(6):
            VprResultFactory(test=test, school=school_a, mark=a_mark, journal_mark=3)
            VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_a)
    OfficialFlag.objects.create(municipality=municipality, year=2025, school=school_b)
    return test


def _years_table(page: str) -> list[list[str]]:
    section = page.split('data-testid="flag-years"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_the_objectivity_page_shows_the_years_side_by_side_with_the_share_chart(
    client, coordinator, three_years
):
    client.force_login(coordinator)
    page = html.unescape(client.get(reverse("assessments:objectivity")).content.decode())
    assert _years_table(page) == [
        ["Школа", "2023", "2024", "2025"],
        ["МКОУ «Школа А»", "признаки", "в списке", "—"],
        ["МКОУ «Школа Б»", "нет", "нет", "в списке"],
    ]
    # 2023: 1 of 2 schools; 2024: 1 of 2; 2025: 1 of 1 (only the list is loaded).
    assert "<polyline" in page and "1 из 2" in page and "1 из 1" in page
    assert "результаты ВПР не используются для оценки работы учителей" in page


def test_a_school_head_sees_only_their_school_in_the_years(client, head_b, three_years):
    client.force_login(head_b)
    page = html.unescape(client.get(reverse("assessments:objectivity")).content.decode())
    assert _years_table(page) == [
        ["2023", "2024", "2025"],  # no «Школа» column: a school head's table is always their school
        ["нет", "нет", "в списке"],
    ]


def test_the_school_page_shows_its_own_years(client, head_a, three_years, school_a):
    client.force_login(head_a)
    url = reverse("assessments:objectivity_detail", args=[three_years.pk, school_a.pk])
    page = html.unescape(client.get(url).content.decode())
    assert _years_table(page) == [
        ["2023", "2024", "2025"],  # no «Школа» column: a school head's table is always their school
        ["признаки", "в списке", "—"],
    ]
    assert "не используются для оценки работы учителей" in page


def test_the_excel_export_has_the_kind_the_official_list_and_the_flagged_years(
    client, coordinator, three_years
):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:objectivity") + "?year=2024&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0] if rows[0][0] == "Школа" else rows[1]
    at = {
        name: header.index(name) for name in ("Школа", "Тип ОО", "В официальном списке", "Годы с признаками")
    }
    found = {
        row[at["Школа"]]: (row[at["Тип ОО"]], row[at["В официальном списке"]], row[at["Годы с признаками"]])
        for row in rows[rows.index(header) + 1 :]
    }
    assert found == {"МКОУ «Школа А»": ("СОШ", "да", "2023, 2024"), "МКОУ «Школа Б»": ("СОШ", "нет", "2025")}
