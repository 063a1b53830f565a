"""The department head prepares the March meeting (seed 000, item 10) and downloads its protocol."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from config.celery import app as celery_app
from reports.models import Meeting
from roadmaps.importer import parse_roadmap
from roadmaps.importer.save import roadmap_import_save
from tests.factories import DEFAULT_PASSWORD

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds" / "000_58e98b430dd7557c.docx"


@pytest.fixture
def celery_inline():
    # The live server runs in this process: the protocol is built inline whatever REDIS_URL says.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_department_head_prepares_the_march_meeting_and_downloads_the_protocol(
    page, live_server, department_head, municipality, school_a, school_b, head_a, head_b, celery_inline
):
    roadmap = roadmap_import_save(
        parsed=parse_roadmap(SEED.read_bytes(), SEED.name),
        municipality=municipality,
        created_by=department_head,
    )
    log_in(page, live_server, department_head.username, DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}/reports/meetings/")
    page.select_option("#new-roadmap", str(roadmap.pk))
    page.get_by_role("button", name="Подготовить").click()
    page.fill("#id_place", "Управление образования, актовый зал")
    page.get_by_role("button", name="Подготовить совещание").click()
    page.wait_for_url("**/reports/meetings/*/")
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2024-03-15"  # the date of item 10 of the plan
    assert meeting.items.count() >= 11
    screenshot(page, "department-head-meeting")

    row = meeting.school_rows.get(school=school_a)
    page.locator(f"#row-{row.pk}").get_by_role("link", name="Изменить").click()
    page.locator(f"#row-{row.pk} input[name=corrected_share]").fill("12,5")
    page.locator(f"#row-{row.pk}").get_by_role("button").first.click()
    # A locator, not wait_for_function: the Content Security Policy allows no eval in the page.
    page.locator(f"#row-{row.pk}", has_text="12,5").wait_for()
    row.refresh_from_db()
    assert str(row.corrected_share) == "12.50" or float(row.corrected_share) == 12.5

    page.get_by_test_id("print-protocol").click()
    page.wait_for_selector("[data-testid=download]")
    screenshot(page, "department-head-protocol-ready")
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for words in (
        "ПРОТОКОЛ",
        "Председатель",
        "Секретарь",
        "Присутствовали",
        "ПОВЕСТКА ДНЯ",
        "СЛУШАЛИ",
        "РЕШИЛИ",
    ):
        assert words in text, words
    assert "МКОУ «Школа А»" in text and "12,5" in text
