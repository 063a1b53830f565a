"""Every sortable column header of a list page names a sort its listing declares (common.lists), and every
declared sort has its header: a typo would otherwise sort by the default without a word."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from assessments.lists import APPENDICES, MY_WORKS, OBSERVER_GAPS, OBSERVERS, PROCEDURES, SCALES, SCHEDULES
from medals.lists import CANDIDATES
from roadmaps.lists import measures_listing

SORTED_PAGES = {
    "roadmaps/partials/progress_table.html": measures_listing(datetime.date(2024, 3, 15)),
    "assessments/scale_list.html": SCALES,
    "assessments/my_works.html": MY_WORKS,
    "assessments/observer_list.html": OBSERVERS,
    "assessments/appendix_list.html": APPENDICES,
    "assessments/observer_gaps.html": OBSERVER_GAPS,
    "assessments/procedure_list.html": PROCEDURES,
    "assessments/schedule_list.html": SCHEDULES,
    "medals/partials/candidate_table.html": CANDIDATES,
}
SORT_HEADER = re.compile(r'{% sort_header "([a-z_]+)"')
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("template", SORTED_PAGES)
def test_the_pages_sort_headers_are_the_sorts_its_listing_declares(template):
    listing = SORTED_PAGES[template]
    keys = SORT_HEADER.findall((TEMPLATES / template).read_text(encoding="utf-8"))
    assert sorted(keys) == sorted(listing.sorts)
    assert listing.default_sort.lstrip("-") in listing.sorts


def test_every_page_with_sort_headers_is_checked_here():
    with_headers = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if SORT_HEADER.search(path.read_text(encoding="utf-8"))
    }
    assert with_headers == set(SORTED_PAGES)
