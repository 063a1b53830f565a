"""A methodist logs in, filters overdue measures, changes a status inline and attaches evidence."""

from __future__ import annotations

from datetime import date

import pytest

from roadmaps.models import Evidence, ProgressChange, ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from tests.factories import DEFAULT_PASSWORD, MeasureFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_methodist_filters_overdue_changes_a_status_inline_and_attaches_evidence(
    page, live_server, methodist_a, school_a, school_b, roadmap, tmp_path
):
    overdue = MeasureFactory(
        roadmap=roadmap,
        number="7.1",
        title="Проверка соответствия оценок в журналах",
        deadline_end=date(2024, 2, 20),
    )
    later = MeasureFactory(
        roadmap=roadmap, number="11", title="Обеспечение объективности ГИА", deadline_end=date(2099, 6, 30)
    )
    for measure in (overdue, later):
        progress_sync_for_measure(measure=measure)

    log_in(page, live_server, methodist_a.username, DEFAULT_PASSWORD)
    assert page.locator("[data-testid=overdue-count]").inner_text() == "1"

    page.goto(f"{live_server.url}/roadmaps/measures/")
    page.check("#id_overdue")
    page.wait_for_selector("text=Показано: 1 из 1")
    assert "overdue=on" in page.url  # the filter is in the address, so the page can be shared
    assert page.locator("#progress-table").get_by_text("Обеспечение объективности ГИА").count() == 0
    screenshot(page, "methodist-overdue-filter")

    page.locator("#progress-table").get_by_text("Проверка соответствия оценок").click()
    row = page.locator(f"#progress-{overdue.progress.get(school=school_a).pk}")
    row.locator("[data-testid=status-select]").select_option("done")
    row.locator("textarea").fill("Журналы сверены, расхождений нет.")
    page.evaluate("window.__marker = 'no reload'")
    row.get_by_role("button", name="Сохранить").click()
    # The row's own «Сохранено» (the page's hint also names the word, so a page-wide match races).
    row.locator("[data-testid=row-saved]").wait_for()
    assert page.evaluate("window.__marker") == "no reload"
    # Done after its deadline of 20.02.2024: «выполнено с опозданием (на N дн.)».
    assert row.locator(".status-badge").inner_text().startswith("выполнено с опозданием (на ")
    progress = overdue.progress.get(school=school_a)
    assert progress.status == ProgressStatus.DONE
    assert ProgressChange.objects.get(progress=progress).changed_by == methodist_a
    # School B is not curated by this methodist: its row is not on the page at all.
    assert page.locator(f"#progress-{overdue.progress.get(school=school_b).pk}").count() == 0
    screenshot(page, "methodist-status-inline")

    evidence = tmp_path / "akt-proverki.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    row.get_by_role("link", name="Подробнее").click()
    page.set_input_files("#id_file", str(evidence))
    page.get_by_role("button", name="Прикрепить").click()
    page.wait_for_selector("text=Файл прикреплён.")
    assert page.get_by_role("link", name="akt-proverki.pdf").is_visible()
    assert Evidence.objects.get(progress=progress).original_name == "akt-proverki.pdf"
    screenshot(page, "methodist-evidence")
