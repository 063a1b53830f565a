"""The cache is an optimisation: with Redis down, pages that use it answer, slower.

"Down" is a Redis address nobody listens on (the ``redis_down`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common import cache as safe_cache
from schools.models import User

from ..factories import UserFactory
from .factories import VprResultFactory, VprTestFactory

CACHE_IMPORT = re.compile(r"^\s*(from django\.core\.cache import|import django\.core\.cache)", re.MULTILINE)


@pytest.fixture
def vpr(municipality, school_a, school_b):
    test = VprTestFactory(municipality=municipality)
    for _ in range(6):
        VprResultFactory(test=test, school=school_a, mark=5, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    return test


def test_the_objectivity_page_and_its_excel_answer_with_redis_down(
    client, coordinator, vpr, redis_down, caplog
):
    client.force_login(coordinator)
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        page = client.get(reverse("assessments:objectivity"))
        xlsx = client.get(reverse("assessments:objectivity") + "?year=2024&export=xlsx")
    assert page.status_code == 200 and "Группа риска — школ: 1" in page.content.decode()
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [(r[1], r[7]) for r in rows[1:]] == [("A001", 1.0), ("B001", 0.0)]
    assert "cache unavailable" in caplog.text


def test_after_a_failure_the_cache_is_not_asked_again_for_a_while(redis_down, monkeypatch):
    assert safe_cache.cache_get("k", "fallback") == "fallback"
    calls = []

    class Counting:
        def get(self, *args, **kwargs):
            calls.append(args)

        set = get

    monkeypatch.setattr(safe_cache, "cache", Counting())
    assert safe_cache.cache_get("k", "fallback") == "fallback"
    assert safe_cache.cache_set("k", 1, 10) is False
    assert calls == []


def test_a_working_cache_is_used(settings):
    safe_cache.cache_reset()
    assert safe_cache.cache_set("objectivity:test", [1, 2], 60) is True
    assert safe_cache.cache_get("objectivity:test") == [1, 2]


def test_no_module_of_the_project_calls_the_cache_but_through_the_guarded_helper():
    from django.conf import settings as django_settings

    root = django_settings.BASE_DIR
    apps = [p for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name != "tests"]
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in app.rglob("*.py")
        if CACHE_IMPORT.search(path.read_text(encoding="utf-8")) and path != root / "common" / "cache.py"
    ]
    assert offenders == []


def test_the_beat_run_that_keeps_analyses_cached_finishes_with_redis_down(vpr, redis_down):
    from assessments.tasks import keep_objectivity_cached

    assert keep_objectivity_cached() == {"analyses": 1}
    assert safe_cache.cache_touch("objectivity:anything", 60) is False
    assert safe_cache.cache_delete("objectivity:anything") is False


def test_a_value_deleted_is_gone_and_a_missing_one_deletes_quietly():
    safe_cache.cache_reset()
    assert safe_cache.cache_set("objectivity:lock", 1, 60) is True
    assert safe_cache.cache_delete("objectivity:lock") is True
    assert safe_cache.cache_get("objectivity:lock") is None
    assert safe_cache.cache_delete("objectivity:lock") is True
    assert safe_cache.cache_add("objectivity:lock", 2, 60) is True  # free again


def test_the_region_page_answers_with_redis_down(client, vpr, redis_down, caplog, settings):
    """The region reads every municipality's analysis in one call (``cache_get_many``): down, it computes.
    Sessions in the database here, so that the page's own read is the first to find Redis down."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None))
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        page = client.get(reverse("assessments:region") + "?year=2024")
    assert page.status_code == 200
    assert "cache unavailable (get_many" in caplog.text
    assert safe_cache.cache_get_many(["objectivity:any"]) == {}  # not asked again for a while
