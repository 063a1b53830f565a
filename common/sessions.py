"""Sessions kept in the database and read from the cache.

Every request reads its session before anything else: with Django's database sessions that is a query on
every page, a sixth of a school head's list. Here the session is read from the cache, and from the
database only when the cache does not have it; every write goes to the database first, then to the
cache. Django's own ``cached_db`` store does the same but lets a dead Redis raise (a logout or a login
would answer 500); this one goes through ``common.cache``, so with Redis down every session is read from
the database, as before, and nobody is logged out.

A copy in the cache lives at most ``CACHED_SECONDS``: a session deleted while Redis could not be reached
(a logout during an outage) keeps its copy there, and that copy must not outlive the outage by long.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from .cache import cache_delete, cache_get, cache_set

KEY_PREFIX = "session:"
CACHED_SECONDS = 5 * 60


class SessionStore(DatabaseStore):
    cache_key_prefix = KEY_PREFIX

    @property
    def cache_key(self) -> str:
        return self.cache_key_prefix + self._get_or_create_session_key()

    def _cached_for(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, CACHED_SECONDS))

    def load(self) -> dict:
        data = cache_get(self.cache_key)
        if isinstance(data, dict):
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        age = self._cached_for(self.get_expiry_age(expiry=stored.expire_date))
        if age:
            cache_set(self.cache_key, data, age)
        return data

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)
        cache_set(self.cache_key, self._session, self._cached_for(self.get_expiry_age()))

    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        cache_delete(self.cache_key_prefix + session_key)

    def flush(self) -> None:
        self.clear()
        self.delete(self.session_key)
        self._session_key = None
