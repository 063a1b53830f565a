"""The cache is an optimisation: every read and write goes through here, and a cache that cannot be
reached (Redis down, a network that drops packets) is logged and treated as empty, so the page is
computed again — slower, never a 500.

After a failure the cache is left alone for ``RETRY_AFTER`` seconds, so a page that would ask it many
times does not wait on a dead server each time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0
_down_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(action: str, key: str, exc: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER
    logger.warning(
        "cache unavailable (%s %s), computing without it for %.0f s: %s: %s",
        action,
        key,
        RETRY_AFTER,
        exc.__class__.__name__,
        exc,
    )


def cache_get(key: str, default: Any = None) -> Any:
    """The cached value, or ``default`` when it is missing or the cache cannot be reached."""
    if not _available():
        return default
    try:
        return cache.get(key, default)
    except Exception as exc:  # any backend error: redis.ConnectionError, TimeoutError, OSError…
        _failed("get", key, exc)
        return default


def cache_set(key: str, value: Any, timeout: float | None) -> bool:
    """Store a value; False (and a log line) when the cache cannot be reached."""
    if not _available():
        return False
    try:
        cache.set(key, value, timeout)
    except Exception as exc:
        _failed("set", key, exc)
        return False
    return True


def cache_touch(key: str, timeout: float | None) -> bool:
    """Give a stored value a new lifetime; False when it is missing or the cache cannot be reached."""
    if not _available():
        return False
    try:
        return bool(cache.touch(key, timeout))
    except Exception as exc:
        _failed("touch", key, exc)
        return False


def cache_up() -> bool:
    """False for ``RETRY_AFTER`` seconds after the cache failed: what is not in it now will not be soon."""
    return _available()


def cache_add(key: str, value: Any, timeout: float | None) -> bool:
    """Store a value only if the key is free (a lock that expires); False if taken or unreachable."""
    if not _available():
        return False
    try:
        return bool(cache.add(key, value, timeout))
    except Exception as exc:
        _failed("add", key, exc)
        return False


def cache_delete(key: str) -> bool:
    """Forget a stored value (a lock given up early); False when the cache cannot be reached."""
    if not _available():
        return False
    try:
        cache.delete(key)
    except Exception as exc:
        _failed("delete", key, exc)
        return False
    return True


def cache_reset() -> None:
    """Forget a past failure (tests, or an operator who has just brought Redis back)."""
    global _down_until
    _down_until = 0.0


def cache_get_many(keys: Iterable[str]) -> dict[str, Any]:
    """The values found among ``keys``, asked in one round trip: a page that reads forty entries waits on
    the cache once, not forty times. {} when the cache cannot be reached (everything is computed again)."""
    keys = list(keys)
    if not keys or not _available():
        return {}
    try:
        return cache.get_many(keys)
    except Exception as exc:
        _failed("get_many", keys[0], exc)
        return {}
