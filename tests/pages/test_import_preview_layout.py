"""The roadmap import preview names the sections it found and gives the measure's text its width."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"


@pytest.mark.parametrize("seed", ["000_58e98b430dd7557c.docx", "001_15714ccce30c90f6.docx"])
def test_the_preview_lists_the_sections_found(client, department_head, school_a, seed):
    client.force_login(department_head)
    client.post(reverse("roadmaps:roadmap_import"),
                {"file": SimpleUploadedFile(seed, (SEEDS / seed).read_bytes())})
    response = client.get(reverse("roadmaps:roadmap_import_preview"))
    page = response.content.decode()
    sections = response.context["parsed"].sections
    assert f"Найденные разделы ({len(sections)})" in page
    for section in sections:
        assert f"мероприятий: {len(section.measures)}" in page
    assert '<th class="import-title">Мероприятие</th>' in page
