"""The inline row of a measure's page is written out without a widget template per row (issue 16): what it
sends must stay what Django's form would have sent — the prefixed names, the version, the chosen status."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from roadmaps.forms import ProgressForm
from roadmaps.models import ProgressStatus
from roadmaps.templatetags.roadmap_tags import status_options

pytestmark = pytest.mark.django_db


def _row(html: str, pk: int) -> str:
    start = html.index(f'id="progress-{pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_row_sends_the_same_fields_as_the_form_with_the_current_values(client, progress_a, head_a):
    progress_a.status, progress_a.version, progress_a.comment = ProgressStatus.IN_PROGRESS, 1234, "Начато"
    progress_a.save()
    client.force_login(head_a)
    row = _row(client.get(reverse("roadmaps:measure_detail", args=[progress_a.measure_id])).content.decode(),
               progress_a.pk)  # fmt: skip
    form = ProgressForm(instance=progress_a, prefix=f"p{progress_a.pk}")
    assert str(form["version"]) in row  # the hidden version, exactly as the widget writes it (no «1 234»)
    assert f'name="p{progress_a.pk}-status"' in row and f'name="p{progress_a.pk}-comment"' in row
    assert re.findall(r'<option value="(\w+)" selected>', row) == [ProgressStatus.IN_PROGRESS]
    assert [v for v, _ in form.fields["status"].choices] == re.findall(r'<option value="(\w+)"', row)
    assert ">Начато</textarea>" in row


def test_a_typed_value_that_is_no_status_selects_nothing_and_is_escaped():
    html = status_options('"><script>')
    assert "selected" not in html and "<script>" not in html
    assert status_options(None).count("<option") == len(ProgressStatus.choices)
