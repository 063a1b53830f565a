"""The «one status for several schools» form in a real browser: app.js sends the ticked schools packed in one
field («chosen»), never one field per school, so 1,500 schools stay under DATA_UPLOAD_MAX_NUMBER_FIELDS."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from roadmaps.models import Progress, ProgressStatus
from tests.factories import DEFAULT_PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticked_schools_go_in_one_field(page, live_server, department_head, measure, progress_a, progress_b):
    log_in(page, live_server, department_head.username, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/roadmaps/measures/{measure.pk}/")
    form = page.get_by_test_id("bulk-status")
    form.locator("summary").click()
    form.locator(f"#bulk-row-{progress_a.pk}").check()
    form.locator(f"#bulk-row-{progress_b.pk}").check()
    form.locator("#bulk-status-select").select_option("in_progress")
    with page.expect_request(lambda r: r.method == "POST" and "bulk-status" in r.url) as sent:
        form.get_by_role("button", name="Применить к отмеченным").click()
    posted = parse_qs(sent.value.post_data)
    assert "rows" not in posted and sorted(posted["chosen"][0].split()) == sorted(
        [str(progress_a.pk), str(progress_b.pk)]
    )
    page.get_by_text("Статус «в работе» выставлен").wait_for()
    rows = Progress.objects.filter(measure=measure, school__isnull=False)
    assert set(rows.values_list("status", flat=True)) == {ProgressStatus.IN_PROGRESS}
