"""Issue 13, trap 4 in a real browser: choosing a status saves it at once and the row says «Сохранено»."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from roadmaps.models import ProgressStatus
from tests.factories import DEFAULT_PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_status_saves_it_without_pressing_save(page, live_server, head_a, progress_a):
    log_in(page, live_server, head_a.username, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/roadmaps/measures/{progress_a.measure_id}/")
    row = page.locator(f"#progress-{progress_a.pk}")
    row.get_by_test_id("status-select").select_option("in_progress")
    page.locator(f"#progress-{progress_a.pk} [data-testid=row-saved]").wait_for()
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.version) == (ProgressStatus.IN_PROGRESS, 1)
    # The row came back with the new version: a second choice saves again, no conflict. The choice is
    # made once htmx has settled the row it swapped in (its new select is then listened to).
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)
    page.locator(f"#progress-{progress_a.pk}").get_by_test_id("status-select").select_option("not_required")
    page.locator(f"#progress-{progress_a.pk} [data-status=not_required]").wait_for()
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.version) == (ProgressStatus.NOT_REQUIRED, 2)


def test_done_waits_for_its_proof_and_the_save_button(page, live_server, head_a, progress_a):
    log_in(page, live_server, head_a.username, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/roadmaps/measures/{progress_a.measure_id}/")
    row = page.locator(f"#progress-{progress_a.pk}")
    row.get_by_test_id("status-select").select_option("done")
    page.wait_for_timeout(500)
    progress_a.refresh_from_db()
    assert progress_a.version == 0  # nothing sent yet: «выполнено» needs the comment first
    row.locator("textarea").fill("Акт проверки № 4 в папке «Мониторинг»")
    row.get_by_role("button", name="Сохранить").click()
    page.locator(f"#progress-{progress_a.pk} [data-testid=row-saved]").wait_for()
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.comment) == (
        ProgressStatus.DONE,
        "Акт проверки № 4 в папке «Мониторинг»",
    )
