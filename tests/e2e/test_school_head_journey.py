"""A school head uploads a journal extract with an error, reads the message, fixes the file and uploads it."""

from __future__ import annotations

import pytest

from medals.models import Upload
from tests.factories import DEFAULT_PASSWORD
from tests.medals.factories import CandidateFactory, PupilFactory, write_csv

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["ФИО", "Класс", "Учебный год", "Предмет", "Период", "Вид работы", "Дата", "Отметка", "Учитель"]


def extract(mark: str) -> list[list[str]]:
    pupil = ["Арсланова Динара Маратовна", "11А", "2023-2024"]
    return [
        HEADER,
        [*pupil, "Русский язык", "", "контрольная работа", "12.10.2023", "5", "Гасанова Л.М."],
        [*pupil, "Математика", "", "контрольная работа", "19.10.2023", mark, "Омаров Р.К."],
        [*pupil, "Русский язык", "1 полугодие", "четвертная", "", "5", "Гасанова Л.М."],
    ]


def test_school_head_fixes_a_rejected_extract_and_saves_it(
    phone_page, live_server, head_a, school_a, tmp_path
):
    page = phone_page  # school heads often work from a phone
    pupil = PupilFactory(school=school_a, last_name="Арсланова", first_name="Динара", middle_name="Маратовна")
    CandidateFactory(pupil=pupil, graduation_year=2024)
    bad = write_csv(tmp_path / "vypiska.csv", extract("6"))
    good = write_csv(tmp_path / "vypiska-ispravlennaya.csv", extract("4"))

    log_in(page, live_server, head_a.username, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/medals/upload/journal/")
    assert page.get_by_test_id("template-link").is_visible()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/medals/uploads/*/")
    body = page.inner_text("main")
    # Where the error is (row 3, column «Отметка») and what is wrong, in Russian.
    assert "3\tОтметка\t«6»: допускаются отметки 2, 3, 4, 5" in body
    assert page.get_by_test_id("confirm").count() == 0  # a file with an error cannot be saved
    screenshot(page, "school-head-extract-error")
    assert not Upload.objects.filter(status=Upload.Status.SAVED).exists()

    page.goto(f"{live_server.url}/medals/upload/journal/")
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/medals/uploads/*/")
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    saved = Upload.objects.get(status=Upload.Status.SAVED)
    assert saved.school == school_a and saved.original_name == "vypiska-ispravlennaya.csv"
    screenshot(page, "school-head-extract-saved")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 376, wide  # nothing wider than the phone
