"""Queries PostgreSQL keeps prepared for the connection's life: the same statement at every request,
planned once.

Django's psycopg connections have prepared statements off, and its cursors bind parameters on the
client, so every query is planned again, however often it is the same. For the few queries every page
asks (the kept pages' fingerprint, the person signed in) planning took PostgreSQL as long as running
them, and building them took Django longer still. ``fetch_one`` runs such a query, written once, through
a server-binding cursor with preparing on, under Django's execute wrappers, and logs it as Django logs
its queries (``CaptureQueriesContext`` counts it). Elsewhere than on psycopg 3 it runs on Django's own
cursor, unprepared.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet

# Querysets compiled once a process (``compiled_rows``), by a key that names everything they are built
# from. Bounded: the oldest goes first.
_COMPILED: dict[tuple, tuple[str, tuple] | None] = {}
_COMPILED_AT_MOST = 4096


def fetch_one(sql: str, params: tuple) -> tuple | None:
    """The first row of a query with ``%s`` parameters, prepared where the database allows."""
    return _run(sql, params, lambda cursor: cursor.fetchone())


def fetch_all(sql: str, params: tuple) -> list[tuple]:
    """Every row of a query with ``%s`` parameters, prepared where the database allows."""
    return _run(sql, params, lambda cursor: cursor.fetchall())


def compiled_rows(key: tuple, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of ``build()``, a ``values_list`` queryset, compiled once a process for ``key`` and run
    prepared. ``key`` must name everything ``build`` reads (the person, their role, municipality and
    school): the SQL and its parameters are kept by it. For the small lists every page of a kind asks in
    the same shape, the selects of a filter form: Django took longer to compile them than PostgreSQL to
    answer."""
    if key not in _COMPILED:
        try:
            _COMPILED[key] = build().query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing, whatever the rows
            _COMPILED[key] = None
        if len(_COMPILED) > _COMPILED_AT_MOST:
            del _COMPILED[next(iter(_COMPILED))]
    compiled = _COMPILED[key]
    return fetch_all(*compiled) if compiled else []


def _run(sql: str, params: tuple, fetch: Callable):
    cursor = _prepared_cursor()
    if cursor is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return fetch(cursor)
    started = time.monotonic()
    with cursor:
        cursor.execute(sql, params)
        rows = fetch(cursor)
    if connection.queries_logged:  # as Django's debug cursor logs its queries
        composed = connection.ops.compose_sql(sql, params)
        connection.queries_log.append({"sql": composed, "time": f"{time.monotonic() - started:.3f}"})
    return rows


def _prepared_cursor() -> CursorWrapper | None:
    """A cursor whose queries PostgreSQL keeps prepared, or None elsewhere than on psycopg 3."""
    if connection.vendor != "postgresql":
        return None
    from django.db.backends.postgresql.base import ServerBindingCursor, is_psycopg3

    if not is_psycopg3:
        return None
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django opens connections with prepared statements off; its client-side cursors never prepare, so
        # this turns them on for server-binding cursors, these, alone.
        raw.prepare_threshold = 0
    return CursorWrapper(ServerBindingCursor(raw), connection)
