"""Import previews show names, never an internal code where a name exists."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_official_list_preview_names_the_schools_without_their_codes(client, coordinator, school_a):
    client.force_login(coordinator)
    content = (
        "Муниципалитет;Наименование ОО;Предмет;Класс\n"
        "Кумторкалинский район;МКОУ «Школа А»;Математика;5\n"
    )
    response = client.post(
        reverse("assessments:official_list"),
        {"year": 2024, "file": SimpleUploadedFile("перечень.csv", content.encode("cp1251"))},
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "<li>МКОУ «Школа А»</li>" in page
    assert school_a.code not in page  # «A001» is the department's internal code, the name says it all


def test_the_unmatched_hint_says_what_the_coordinator_can_do(client, coordinator, school_a):
    """The hint said «впишите школе логин ФИС ОКО в списке школ», but the school list page has no such field
    and its upload is the department head's: the hint says how a row is matched and who writes logins."""
    client.force_login(coordinator)
    content = (
        "Муниципалитет;Наименование ОО;Предмет;Класс\n"
        "Кумторкалинский район;МКОУ «Нет такой»;Математика;5\n"
    )
    page = html.unescape(client.post(
        reverse("assessments:official_list"),
        {"year": 2024, "file": SimpleUploadedFile("перечень.csv", content.encode("cp1251"))},
    ).content.decode())
    assert "МКОУ «Нет такой»" in page  # the unmatched row is listed
    assert "впишите школе логин ФИС ОКО в списке школ" not in page
    assert "Логин школе записывает начальник УО, загружая список школ" in page
