"""Sessions kept in the database and read from the cache (common.sessions): a page asks the database for
its session only when the cache does not have it, and a dead Redis logs nobody out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import cache as safe_cache
from common.sessions import CACHED_SECONDS, KEY_PREFIX, SessionStore

from ..factories import DEFAULT_PASSWORD

LIST = "roadmaps:measure_list"


def session_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"django_session"' in q["sql"]]


@pytest.fixture
def cache_up():
    safe_cache.cache_reset()
    yield
    safe_cache.cache_reset()


def test_the_project_uses_this_store():
    assert settings.SESSION_ENGINE == "common.sessions"


def test_a_page_reads_its_session_from_the_cache_not_the_database(client, head_a, cache_up):
    assert client.login(username=head_a.username, password=DEFAULT_PASSWORD)
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(LIST))
    assert page.status_code == 200
    assert session_queries(queries) == []
    key = client.session.session_key
    assert safe_cache.cache_get(KEY_PREFIX + key)["_auth_user_id"] == str(head_a.pk)


def test_a_session_missing_from_the_cache_is_read_from_the_database_and_cached_again(
    client, head_a, cache_up
):
    assert client.login(username=head_a.username, password=DEFAULT_PASSWORD)
    key = client.session.session_key
    assert safe_cache.cache_delete(KEY_PREFIX + key)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(LIST))
    assert page.status_code == 200 and len(session_queries(queries)) == 1
    assert safe_cache.cache_get(KEY_PREFIX + key)["_auth_user_id"] == str(head_a.pk)


def test_a_change_to_the_session_is_written_to_both(head_a, cache_up):
    store = SessionStore()
    store["choice"] = 1
    store.save(must_create=True)
    store["choice"] = 2
    store.save()
    assert safe_cache.cache_get(KEY_PREFIX + store.session_key)["choice"] == 2
    assert SessionStore().decode(Session.objects.get(pk=store.session_key).session_data)["choice"] == 2
    assert SessionStore(store.session_key).load()["choice"] == 2


def test_logging_out_forgets_the_session_in_both(client, head_a, cache_up):
    assert client.login(username=head_a.username, password=DEFAULT_PASSWORD)
    key = client.session.session_key
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    assert safe_cache.cache_get(KEY_PREFIX + key) is None
    assert not Session.objects.filter(pk=key).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, sent again
    page = client.get(reverse(LIST))
    assert page.status_code == 302 and reverse("login") in page["Location"]


def test_a_copy_in_the_cache_lives_at_most_five_minutes(head_a, redis_url, settings, cache_up):
    """A logout while Redis is unreachable cannot delete the copy there: it must not outlive the outage."""
    import redis
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    store = SessionStore()
    store["x"] = 1
    store.save(must_create=True)
    raw_key = caches["default"].make_key(KEY_PREFIX + store.session_key)
    try:
        ttl = redis.Redis.from_url(redis_url).ttl(raw_key)
        assert 0 < ttl <= CACHED_SECONDS
        assert store.get_expiry_age() > CACHED_SECONDS  # the session itself lasts longer
        assert SessionStore(store.session_key).load() == {"x": 1}
    finally:
        store.delete()
    assert redis.Redis.from_url(redis_url).exists(raw_key) == 0


def test_with_redis_down_people_log_in_read_pages_and_log_out(client, head_a, redis_down):
    assert client.login(username=head_a.username, password=DEFAULT_PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(LIST))
    assert page.status_code == 200 and len(session_queries(queries)) == 1
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.exists()
    assert client.get(reverse(LIST)).status_code == 302


def test_a_forged_or_stale_cookie_is_a_visitor_not_an_error(client, head_a, cache_up):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    page = client.get(reverse(LIST))
    assert page.status_code == 302 and reverse("login") in page["Location"]
    client.cookies[settings.SESSION_COOKIE_NAME] = "<script>"
    assert client.get(reverse(LIST)).status_code == 302
