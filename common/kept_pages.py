"""Pages kept as they were rendered, and served again while nothing they show has changed.

A page declares what it shows as querysets over the rows it reads (``depends``): a dashboard, its
municipality's plan rows, measures, plans and schools, its person and their curated schools. Before
the view runs, one query takes a fingerprint of those rows: for each queryset the number of rows and a
sum of a hash of each row's ``xmin`` (the transaction that wrote this version of it), ``ctid`` (where
this version lies, new with every update, even inside one transaction) and id. Every insert, update and
delete of such a row changes it, whatever code made it: a form, an import's COPY, the admin, a
migration. The page is kept, compressed, with its fingerprint, in one place per person, their
session's CSRF secret (the forms of a kept page carry its tokens), the address, the day in their time
zone and the code itself (templates and modules); a page found there with the fingerprint just taken
is served as it was rendered, the view is not run. A page rendered again replaces the one before: under
constant writes (every save of a status changes a municipality's plan rows) the cache holds one page per
person and address, never one per change.

The fingerprint is read before the view, so a page kept under it may show newer rows than it names,
never older ones: a change committed after it was read makes a new fingerprint for the next request.

Kept only on PostgreSQL (``xmin`` and ``ctid`` are PostgreSQL's), for GET, for a person signed in with
a CSRF cookie, and when no message waits to be shown; anything else runs the view as always. A
cache that cannot be reached (``common.cache``) makes every request run the view.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Iterable
from hashlib import sha1
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .cache import cache_get, cache_set
from .prepared import fetch_one, person_key

# A kept page goes after this long even if nothing changed (and with every change of the code).
KEPT_SECONDS = 10 * 60

Depends = Callable[..., Iterable[QuerySet] | None]
Served = Callable[..., HttpResponse]


def fingerprint_sql(querysets: Iterable[QuerySet]) -> tuple[str, tuple] | None:
    """The one query of ``fingerprint``: for each queryset, its row count and the sum of its rows' version
    hashes. None for no queryset."""
    parts, params = [], []
    for queryset in querysets:
        model = queryset.model
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        version = RawSQL(f"hashtextextended({table}.xmin::text || {table}.ctid::text, {table}.{pk})", ())
        rows = queryset.order_by().annotate(_version=version).values_list("_version")
        try:
            sql, part_params = rows.query.sql_with_params()
        except EmptyResultSet:  # finds nothing whatever the rows: .none(), an id past any (a hostile URL)
            parts.append("'0:0'")
            continue
        parts.append(f"(SELECT count(*)::text || ':' || coalesce(sum(v), 0)::text FROM ({sql}) AS rows(v))")
        params.extend(part_params)
    return ("SELECT " + ", ".join(parts), tuple(params)) if parts else None


def fingerprint(querysets: Iterable[QuerySet]) -> tuple[str, ...]:
    """One query: for each queryset, its row count and the sum of its rows' version hashes."""
    compiled = fingerprint_sql(querysets)
    return _versions(compiled) if compiled else ()


def _versions(compiled: tuple[str, tuple]) -> tuple[str, ...]:
    """The fingerprint's one row. A page's fingerprint is the same query at every request, and planning its
    dozen parts took PostgreSQL longer than running them (a school head's plan pages: 4.7 ms a request,
    2.1 ms prepared): it runs prepared (``common.prepared``)."""
    return tuple(fetch_one(*compiled))


# A page's fingerprint query, put together once a process for each person, view and arguments: Django
# took longer to compile a medal page's sixteen querysets than PostgreSQL to answer them. Bounded.
_COMPILED: dict[tuple, tuple[str, tuple] | None] = {}
_COMPILED_AT_MOST = 4096


def _compiled_fingerprint(name: str, depends: Depends, request: HttpRequest, args, kwargs):
    """``fingerprint_sql`` of the person's row and what ``depends`` names, or None: not kept. Keyed by what
    a ``depends`` may read: the person (``prepared.person_key``) and the view's arguments; it builds
    querysets from those and asks the database nothing."""
    user = request.user
    key = (name, *person_key(user), args, tuple(sorted(kwargs.items())))
    if key not in _COMPILED:
        querysets = depends(request, *args, **kwargs)
        person = get_user_model()._default_manager.filter(pk=user.pk)
        _COMPILED[key] = None if querysets is None else fingerprint_sql([person, *querysets])
        if len(_COMPILED) > _COMPILED_AT_MOST:
            del _COMPILED[next(iter(_COMPILED))]
    return _COMPILED[key]


@functools.cache
def code_version() -> str:
    """A digest of the project's templates and Python modules, read once a process: a deployment that
    changes how a page is rendered or computed keeps nothing rendered by the old code."""
    digest = sha1()
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += sorted(d for d in base.iterdir() if (d / "__init__.py").exists() and d.name != "tests")
    for root in roots:
        for path in sorted(p for pattern in ("*.html", "*.py") for p in root.rglob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def may_keep(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        settings.KEPT_PAGES
        and connection.vendor == "postgresql"
        and request.method == "GET"
        and user is not None
        and user.is_authenticated
        and bool(request.META.get("CSRF_COOKIE"))
        and not len(get_messages(request))
    )


def page_key(request: HttpRequest, name: str) -> str:
    """Where a person's page is kept: one place per person, session, address and day, whatever the rows,
    so that a page rendered again replaces the one before instead of piling up beside it."""
    user = request.user
    parts = (
        name,
        user.pk,
        getattr(user, "municipality_id", None),  # the analyst's chosen municipality is in memory only
        request.META["CSRF_COOKIE"],
        request.get_full_path(),
        bool(getattr(request, "htmx", False)),
        translation.get_language(),
        timezone.localdate().isoformat(),
        code_version(),
    )
    return "kept-page:" + sha1(repr(parts).encode()).hexdigest()


def not_kept(response: HttpResponse) -> HttpResponse:
    """Mark a page that is not to be kept: it shows something besides rows (e.g. «готовится», while a
    background task computes what it will show)."""
    response.kept = False
    return response


def kept_page(depends: Depends, *, served: Served | None = None) -> Callable:
    """Keep the view's page while the rows ``depends(request, *args, **kwargs)`` names are unchanged.
    ``depends`` returns None for a request whose page is not to be kept (e.g. a person whose rows it
    cannot name cheaply). The person's own row is always part of it. ``served(request, response, *args,
    **kwargs)`` is what the view does besides rendering, done for a kept page too (e.g. logging who opened
    a pupil's card); it returns the response. What the view put in ``response.kept_note`` (plain data) is
    kept with the page and given back in the kept response's ``kept_note``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not may_keep(request):
                return view(request, *args, **kwargs)
            compiled = _compiled_fingerprint(name, depends, request, args, kwargs)
            if compiled is None:
                return view(request, *args, **kwargs)
            versions = _versions(compiled)
            key = page_key(request, name)
            kept = cache_get(key)
            if kept is not None and kept[0] == versions:
                _, content_type, packed, note = kept
                response = HttpResponse(zlib.decompress(packed), content_type=content_type)
                response.kept_note = note
                return served(request, response, *args, **kwargs) if served else response
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not getattr(response, "streaming", False)
                and response.get("Content-Type", "").startswith("text/html")
                and not response.cookies
                and getattr(response, "kept", True)
            ):
                packed = zlib.compress(response.content, 1)
                note = getattr(response, "kept_note", None)
                cache_set(key, (versions, response["Content-Type"], packed, note), KEPT_SECONDS)
            return response

        return wrapped

    return decorator
