"""Issue 13, trap 4: the measure page said «Статус меняется сразу, без перезагрузки страницы» but nothing
was sent until «Сохранить». Now the status select itself posts on change (htmx, with the row's version
for the optimistic lock) and the row comes back with «Сохранено»; the hint says exactly that."""

from __future__ import annotations

import lxml.html
from django.urls import reverse

from roadmaps.models import ProgressStatus


def test_the_status_select_posts_on_change_with_the_rows_version(client, progress_a, head_a):
    client.force_login(head_a)
    page = client.get(reverse("roadmaps:measure_detail", args=[progress_a.measure_id])).content.decode()
    tree = lxml.html.fromstring(page)
    (select,) = tree.xpath(f'//tr[@id="progress-{progress_a.pk}"]//select[@data-testid="status-select"]')
    assert select.get("hx-post") == reverse("roadmaps:progress_status", args=[progress_a.pk])
    # «Выполнено» waits for «Сохранить»: it needs its proof (a comment or a file) typed first.
    assert select.get("hx-trigger") == "change" and select.get("data-autosave-except") == "done"
    assert select.get("hx-target") == f"#progress-{progress_a.pk}"
    # htmx sends the enclosing form with it: the version field is there for the optimistic lock.
    (form,) = select.xpath("ancestor::form")
    assert form.xpath(f'.//input[@name="p{progress_a.pk}-version"]')
    hint = tree.xpath('string(//p[contains(., "сохраняется сразу")])')
    assert "Выбранный статус сохраняется сразу" in hint and "«Сохранено»" in hint
    assert "«Выполнено» и комментарий сохраняются кнопкой «Сохранить»" in hint
    assert "Статус меняется сразу" not in page


def test_a_changed_status_is_saved_and_the_row_says_saved(client, progress_a, head_a):
    client.force_login(head_a)
    prefix = f"p{progress_a.pk}"
    response = client.post(
        reverse("roadmaps:progress_status", args=[progress_a.pk]),
        {f"{prefix}-status": "in_progress", f"{prefix}-comment": "", f"{prefix}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-testid="row-saved"' in response.content.decode()
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.version) == (ProgressStatus.IN_PROGRESS, 1)


def test_a_stale_change_is_refused_in_the_row(client, progress_a, head_a):
    client.force_login(head_a)
    prefix = f"p{progress_a.pk}"
    data = {f"{prefix}-status": "in_progress", f"{prefix}-comment": "", f"{prefix}-version": "0"}
    url = reverse("roadmaps:progress_status", args=[progress_a.pk])
    client.post(url, data, HTTP_HX_REQUEST="true")
    response = client.post(url, data | {f"{prefix}-status": "not_required"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert 'data-testid="row-error"' in response.content.decode()
