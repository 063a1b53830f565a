"""Issue 13, trap 3: importing a plan that is already here (title, period, order) warns and offers to
open the existing one, before anything is saved."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmaps.duplicates import duplicate_warning, matching_roadmaps, normalised_title
from roadmaps.importer import parse_roadmap
from roadmaps.models import Roadmap
from tests.factories import RoadmapFactory

SEED_000 = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds" / "000_58e98b430dd7557c.docx"
START, END = datetime.date(2023, 9, 1), datetime.date(2024, 8, 31)


def test_titles_match_as_people_retype_them():
    assert normalised_title(" План  «мероприятий» на 2023-2024 год. ") == normalised_title(
        'план "мероприятий" на 2023-2024 год'
    )


def test_a_plan_matches_on_title_period_and_order(municipality):
    existing = RoadmapFactory(
        municipality=municipality, title="План на 2023-2024 год", order_number="415", period_start=START
    )
    found = matching_roadmaps(
        municipality=municipality,
        school=None,
        title="ПЛАН на 2023-2024  год.",
        period_start=START,
        period_end=END,
        order_number="№ 415",
    )
    assert found == [existing]
    assert "уже загружена" in duplicate_warning(found)
    for other in (
        {"order_number": "416"},
        {"period_start": datetime.date(2022, 9, 1)},
        {"title": "План на 2024-2025 год"},
    ):
        details = {"title": "План на 2023-2024 год", "period_start": START, "order_number": "415"} | other
        assert matching_roadmaps(municipality=municipality, school=None, period_end=END, **details) == []


def test_another_municipalitys_plan_is_not_a_match(municipality):
    RoadmapFactory(title="План", order_number="1")  # its own municipality
    assert (
        matching_roadmaps(
            municipality=municipality,
            school=None,
            title="План",
            period_start=START,
            period_end=END,
            order_number="1",
        )
        == []
    )


def test_the_preview_warns_and_links_the_existing_plan(client, department_head, municipality):
    parsed = parse_roadmap(SEED_000.read_bytes(), SEED_000.name)
    existing = RoadmapFactory(
        municipality=municipality,
        title=parsed.title,
        period_start=parsed.period.start,
        period_end=parsed.period.end,
        order_number=parsed.approval.order_number or "",
        status=Roadmap.Status.DRAFT,
    )
    client.force_login(department_head)
    client.post(
        reverse("roadmaps:roadmap_import"), {"file": SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())}
    )
    page = client.get(reverse("roadmaps:roadmap_import_preview")).content.decode()
    warning = page.split('data-testid="import-duplicate"')[1].split("</div>")[0]
    assert "уже загружена" in warning
    assert reverse("roadmaps:roadmap_detail", args=[existing.pk]) in warning
    assert Roadmap.objects.count() == 1  # nothing saved by the preview


def test_a_new_plan_gets_no_warning(client, department_head):
    client.force_login(department_head)
    client.post(
        reverse("roadmaps:roadmap_import"), {"file": SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())}
    )
    assert (
        'data-testid="import-duplicate"'
        not in client.get(reverse("roadmaps:roadmap_import_preview")).content.decode()
    )


pytestmark = pytest.mark.django_db
