"""SQLite's LIKE folds case for Latin letters only, so in the embedded mode a search for «школа»
would miss «Школа». Replacing LIKE on each new SQLite connection makes searches behave as they do on
PostgreSQL (where Django's icontains uses UPPER)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern, escape).fullmatch(str(value)) is not None


def install_unicode_like(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


def connect() -> None:
    connection_created.connect(install_unicode_like, dispatch_uid="schools.sqlite.unicode_like")
