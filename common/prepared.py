"""Queries PostgreSQL keeps prepared for the connection's life: the same statement at every request,
planned once.

Django's psycopg connections have prepared statements off, and its cursors bind parameters on the
client, so every query is planned again, however often it is the same. For the few queries every page
asks (the kept pages' fingerprint, the person signed in) planning took PostgreSQL as long as running
them, and building them took Django longer still. ``fetch_one`` runs such a query, written once, through
a server-binding cursor with preparing on, under Django's execute wrappers, and logs it as Django logs
its queries (``CaptureQueriesContext`` counts it). Elsewhere than on psycopg 3 it runs on Django's own
cursor, unprepared.

The ``compiled_*`` helpers do the same for querysets a page builds in the same shape at every request
(the filter forms' options, a list's count and page, the dashboard's window queries, a row by its id):
built and compiled the first time a process meets their key, then only run. A key must name everything
the queryset is built from; the compiled queries are kept per process, bounded, the oldest going first.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Querysets compiled once a process (``compiled_rows``), by a key that names everything they are built
# from. Bounded: the oldest goes first.
_COMPILED: dict[tuple, tuple[str, tuple] | None] = {}
_COMPILED_AT_MOST = 4096
# Compilers are larger than SQL: fewer of them.
_COMPILED_OBJECTS: dict[tuple, tuple | None] = {}
_COMPILED_OBJECTS_AT_MOST = 512
_COUNTS: dict[tuple, tuple[str, tuple] | int] = {}


def person_key(user) -> tuple:
    """What a person's compiled queries are built from: who they are, their role and where they work. A
    key of a query that reads whose rows a person sees starts with it."""
    return (user.pk, user.role, user.is_superuser, user.municipality_id, user.school_id)


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


# A primary key no row has, that a queryset is built with where each call puts its own value in its place
# (``compiled_objects(argument=...)``); within every integer field's range.
ARGUMENT = -2_147_483_001


def compiled_objects(
    key: tuple, build: Callable[[], QuerySet], *, argument: int | None = None
) -> list[Model]:
    """The model instances of ``build()``, compiled once a process for ``key`` (as ``compiled_rows``) and run
    prepared; built from the rows as Django's ``ModelIterable`` builds them (``select_related``, ``only``,
    annotations), by the compiler kept from the first time. For the window queries of the dashboard:
    Django took 9 ms to compile each, PostgreSQL 2 ms to answer.

    ``argument``: ``build`` filters by ``ARGUMENT`` (once), and each call reads the rows of this value in its
    place, so one compiled query serves every row of a kind (a plan row's page by its id)."""
    if key not in _COMPILED_OBJECTS:
        queryset = build()
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise ValueError("compiled_objects: a queryset of model instances, with nothing prefetched")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            _COMPILED_OBJECTS[key] = None
        else:
            if argument is not None and list(params).count(ARGUMENT) != 1:
                raise ValueError("compiled_objects: the queryset must name ARGUMENT once")
            _COMPILED_OBJECTS[key] = (sql, tuple(params), compiler, queryset.db)
        if len(_COMPILED_OBJECTS) > _COMPILED_OBJECTS_AT_MOST:
            del _COMPILED_OBJECTS[next(iter(_COMPILED_OBJECTS))]
    compiled = _COMPILED_OBJECTS[key]
    if compiled is None:
        return []
    sql, params, compiler, db = compiled
    if argument is not None:
        params = tuple(argument if value == ARGUMENT else value for value in params)
    return list(_instances(compiler, db, fetch_all(sql, params)))


def compiled_count(key: tuple, build: Callable[[], QuerySet]) -> int:
    """``build().count()``, the count query Django writes for it taken down the first time (as it runs) and
    run prepared afterwards, for ``key`` (as ``compiled_rows``)."""
    if key in _COUNTS:
        compiled = _COUNTS[key]
        return compiled if isinstance(compiled, int) else fetch_one(*compiled)[0]
    taken: list[tuple[str, tuple]] = []

    def take(execute, sql, params, many, context):
        taken.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(take):
        count = build().count()
    if len(taken) == 1:
        _COUNTS[key] = taken[0]
    elif not taken and count == 0:  # .none(): no query, nothing, whatever the rows
        _COUNTS[key] = 0
    if len(_COUNTS) > _COMPILED_AT_MOST:
        del _COUNTS[next(iter(_COUNTS))]
    return count


def _instances(compiler, db: str, rows: list[tuple]):
    """Django 5.2's ``ModelIterable.__iter__`` over rows already read (no known related objects)."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, db)
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(db, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attr_name, col_pos in (annotation_col_map or {}).items():
            setattr(obj, attr_name, row[col_pos])
        yield obj


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
