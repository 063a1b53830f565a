"""«Регион» with many objectivity analyses missing (a cache emptied by a restart, a region's results loaded
at once): the page computes at most a few itself and leaves the rest to the keep task in the background,
saying which municipalities are being prepared, instead of computing forty analyses in the request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments import objectivity_kept
from assessments.objectivity_kept import keep_analyses_cached, keep_queued
from assessments.views import region as region_view
from common import cache as safe_cache
from schools.models import User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def _district(name: str) -> None:
    """One school «повысила» 5 of 10 (a sign of the municipality's own analysis), one honest."""
    place = MunicipalityFactory(name=name)
    test = VprTestFactory(municipality=place, year=2024)
    raised, honest = (SchoolFactory(municipality=place, short_name=f"{name}: {n}") for n in (1, 2))
    for n in range(10):
        VprResultFactory(test=test, school=raised, mark=4 if n < 5 else 3, journal_mark=3)
        VprResultFactory(test=test, school=honest, mark=3, journal_mark=3)


@pytest.fixture
def region(client, monkeypatch):
    for name in ("Альфа", "Бета", "Гамма"):
        _district(name)
    client.force_login(UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None))
    monkeypatch.setattr(region_view, "COMPUTE_IN_REQUEST", 1)
    queued = []
    monkeypatch.setattr(objectivity_kept, "keep_queued", lambda: queued.append(1) or True)
    safe_cache.cache_reset()
    cache.clear()
    return reverse("assessments:region") + "?year=2024", queued


def _row(content: str, name: str) -> str:
    start = content.index(f">{name}</a>", content.index('data-testid="region-table"'))
    return content[start : content.index("</tr>", start)]


def test_the_page_computes_one_and_leaves_the_rest_to_the_background(client, region):
    url, queued = region
    content = client.get(url).content.decode()
    assert "Анализ объективности ещё готовится в фоне, муниципалитеты: Бета, Гамма." in content
    assert 'data-testid="region-preparing" data-municipalities="2"' in content  # the bench counts them
    assert queued == [1]
    assert "<td class=\"text-end text-nowrap\">1</td>" in _row(content, "Альфа")  # its school with a sign
    assert "—" in _row(content, "Бета") and "—" in _row(content, "Гамма")
    keep_analyses_cached()  # what the worker does
    content = client.get(url).content.decode()
    assert "готовится в фоне" not in content
    assert _row(content, "Бета").count("<td class=\"text-end text-nowrap\">1</td>") >= 1


def test_with_the_cache_down_everything_is_computed_as_before(client, region, settings):
    url, queued = region
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nobody listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    safe_cache.cache_reset()
    try:
        content = client.get(url).content.decode()
    finally:
        safe_cache.cache_reset()
    assert "готовится в фоне" not in content and queued == []


def test_the_task_is_queued_once_however_many_pages_ask(monkeypatch):
    cache.clear()
    sent = []
    task = objectivity_kept.current_app.tasks[objectivity_kept.KEEP_TASK]
    monkeypatch.setattr(task, "apply_async", lambda **kw: sent.append(kw))
    assert keep_queued() is True
    assert keep_queued() is False
    assert len(sent) == 1
