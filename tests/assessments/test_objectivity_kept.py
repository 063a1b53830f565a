"""Beat keeps every municipality's objectivity analysis in the cache (assessments/objectivity_kept.py):
after its run, the region's page and each municipality's objectivity page compute nothing when someone
looks; a value it finds gets a new lifetime."""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.objectivity import CACHE_SECONDS
from assessments.tasks import keep_objectivity_cached
from common import cache as safe_cache
from schools.models import Municipality, User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def _district(name: str, years: tuple[int, ...]) -> None:
    place = MunicipalityFactory(name=name)
    schools = [SchoolFactory(municipality=place, short_name=f"{name}: школа {n}") for n in range(2)]
    for year in years:
        test = VprTestFactory(municipality=place, year=year)
        for n in range(6):
            VprResultFactory(test=test, school=schools[0], mark=5, journal_mark=3 + n % 2)
            VprResultFactory(test=test, school=schools[1], mark=3, journal_mark=3)


def _queries(client, url: str) -> int:
    """The page's queries. Not the session's: clearing the cache drops its copy there too
    (common.sessions), and reading it from the database again is no part of the page."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len([q for q in context.captured_queries if '"django_session"' not in q["sql"]])


@pytest.fixture
def region(client):
    _district("Первый район", (2023, 2024))
    _district("Второй район", (2024,))
    client.force_login(UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None))
    return reverse("assessments:region") + "?year=2024"


def test_after_the_beat_run_the_region_page_computes_no_analysis(client, region):
    client.get(region)
    ready = _queries(client, region)  # every analysis in the cache
    cache.clear()
    computing = _queries(client, region)
    assert computing > ready  # the analyses were computed in the request
    cache.clear()
    assert keep_objectivity_cached() == {"analyses": 3}  # (first, 2023), (first, 2024), (second, 2024)
    assert _queries(client, region) == ready


def test_the_beat_run_renews_what_it_finds_and_computes_nothing_again(client, region, monkeypatch):
    from assessments import objectivity

    keep_objectivity_cached()
    computed = []
    monkeypatch.setattr(objectivity, "objectivity_analysis", lambda **kw: computed.append(kw))
    touched = []
    monkeypatch.setattr(objectivity, "cache_touch", lambda key, timeout: touched.append(timeout) or True)
    assert keep_objectivity_cached() == {"analyses": 3}
    # Each analysis and the set of its flagged schools kept beside it (objectivity.flagged_key).
    assert computed == [] and touched == [CACHE_SECONDS] * 6


def test_the_region_page_reads_every_analysis_from_the_cache_in_one_round_trip(client, region, monkeypatch):
    """With Redis, forty reads one by one were most of the page's time: one ``get_many`` for them all."""
    keep_objectivity_cached()
    watched = mock.Mock(wraps=cache)
    monkeypatch.setattr(safe_cache, "cache", watched)
    assert client.get(region).status_code == 200
    many = [list(call.args[0]) for call in watched.get_many.call_args_list]
    assert len(many) == 1 and sorted(key.split(":")[2] for key in many[0]) == sorted(
        str(pk) for pk in Municipality.objects.values_list("pk", flat=True)
    )
    assert not [call for call in watched.get.call_args_list if call.args[0].startswith("objectivity:")]


def test_the_region_page_reads_the_flagged_schools_not_the_whole_analyses(
    client, region, monkeypatch, settings
):
    """Forty whole analyses unpickled were 25 ms of the page with Redis: it reads the small set kept beside
    each. An analysis kept without its set (before there were sets) is read whole once and its set kept."""
    from assessments.objectivity import flagged_key

    settings.KEPT_PAGES = False  # what the view reads when it renders the page (common.kept_pages aside)

    keep_objectivity_cached()
    first = client.get(region).context["rows"]
    watched = mock.Mock(wraps=cache)
    monkeypatch.setattr(safe_cache, "cache", watched)
    assert client.get(region).context["rows"] == first
    asked = [key for call in watched.get_many.call_args_list for key in call.args[0]]
    assert asked and all(key.endswith(":flagged") for key in asked)

    lost = asked[0]
    cache.delete(lost)  # kept before the sets: the analysis alone
    watched.reset_mock()
    assert client.get(region).context["rows"] == first
    asked = [key for call in watched.get_many.call_args_list for key in call.args[0]]
    whole = [key for key in asked if not key.endswith(":flagged")]
    assert whole == [lost.removesuffix(":flagged")] and flagged_key(whole[0]) == lost
    assert cache.get(lost) is not None  # kept again: the next visit reads sets only


def test_beat_runs_it_well_within_the_lifetime_of_an_analysis():
    entry = settings.CELERY_BEAT_SCHEDULE["assessments-keep-objectivity-cached"]
    assert entry["task"] == keep_objectivity_cached.name == "assessments.keep_objectivity_cached"
    assert entry["schedule"] * 2 <= CACHE_SECONDS


def test_touching_a_value_tells_whether_it_was_there():
    safe_cache.cache_reset()
    cache.set("kept:present", 1, 10)
    assert safe_cache.cache_touch("kept:present", 60) is True
    assert safe_cache.cache_touch("kept:missing", 60) is False
