"""List pages and their Excel exports: a list declares its columns once, and one helper renders it.

A list is a ``Listing``: its Excel title and file name, its ``Column``s (header, value, width, and the
``?sort=`` key with the ORM fields it orders by) and its default sort. Columns many lists show (the school,
the subject) are made by one constructor each. The page (filters, sorting, one page
of rows, the query string kept) and the Excel file are two renderings of the same listing, so they cannot
drift apart — the way django-oscar treats a CSV download as another rendering of a list.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .prepared import compiled_count, compiled_objects
from .xlsx import table_to_xlsx, xlsx_response

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    """One column of a list: its Excel header, the value of a row, the Excel width, and how it sorts.

    ``sort`` is the key of ``?sort=`` on the page, ``order_by`` the ORM fields that key orders by.
    """

    header: str
    value: Callable[[Any], Any]
    width: int = 15
    sort: str = ""
    order_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    """A list declared once: the page sorts by its columns' keys, the export writes its columns."""

    title: str
    filename: str
    columns: tuple[Column, ...]
    default_sort: str = ""
    # Sorts of the page that no column of the file answers to (e.g. a count shown only on screen).
    extra_sorts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def sorts(self) -> dict[str, tuple[str, ...]]:
        declared = {c.sort: c.order_by for c in self.columns if c.sort}
        return {**declared, **self.extra_sorts}

    def ordering(self, request: HttpRequest) -> list[OrderBy]:
        """The ordering the page asks for, empty values last."""
        return nulls_last(sort_ordering(request, self.sorts, self.default_sort))

    def xlsx(self, rows: Iterable[Any], *, omit: Collection[str] = ()) -> bytes:
        return table_to_xlsx(
            title=self.title,
            headers=[c.header for c in self.columns],
            rows=([c.value(row) for c in self.columns] for row in rows),
            widths=[c.width for c in self.columns],
            omit=omit,
        )

    def export(self, rows: Iterable[Any], *, omit: Collection[str] = (), filename: str = "") -> HttpResponse:
        return xlsx_response(self.xlsx(rows, omit=omit), filename or self.filename)


def _own(attribute: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, attribute)


def school_column(
    width: int, school: Callable[[Any], Any] | None = None, sort: str = "", order_by: tuple[str, ...] = ()
) -> Column:
    """«Школа», the short name of the row's school: ``school`` finds it in a row (``row.school`` if None)."""
    of = school or _own("school")
    return Column("Школа", lambda row: of(row).short_name, width, sort, order_by)


def subject_column(
    width: int, subject: Callable[[Any], Any] | None = None, sort: str = "", order_by: tuple[str, ...] = ()
) -> Column:
    """«Предмет», the name of the row's subject: ``subject`` finds it in a row (``row.subject`` if None)."""
    of = subject or _own("subject")
    return Column("Предмет", lambda row: of(row).name, width, sort, order_by)


def rounded(value: float | None, digits: int = 2) -> float | None:
    """A number for a list cell and its Excel file: rounded, an empty cell left empty."""
    return None if value is None else round(value, digits)


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


# Set on the request a report worker builds a list's file with (reports.list_exports): build it here.
BUILDING_IN_BACKGROUND = "export_in_background"


def exports_in_background(rows: int, user: Any) -> bool:
    """A list of more than EXPORT_ROWS_IN_REQUEST rows is built by the report workers, not while the
    person waits (about a millisecond a row at region scale): for those whose «Отчёты» keeps the file
    (``User.orders_reports``). A school head's lists are one school's and stay in the request."""
    return rows > settings.EXPORT_ROWS_IN_REQUEST and bool(getattr(user, "orders_reports", False))


def export_response(
    request: HttpRequest, *, rows: int | Callable[[], int], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The list's Excel file (``build()``), or, when it is too long to build in a request, the page that
    has the report workers build it (the same list, the same filters, a file in «Отчёты»). ``rows``: how
    many rows, or how to count them (a worker building the file does not need to)."""
    if getattr(request, BUILDING_IN_BACKGROUND, False):
        return build()
    rows = rows() if callable(rows) else rows
    if not exports_in_background(rows, getattr(request, "user", None)):
        return build()
    return render(
        request,
        "include/export_background.html",
        {"rows": rows, "path": request.path, "query": list_query(request)},
    )


def shared_rows(rows: QuerySet, *related: str | Prefetch, chunk_size: int = 2000) -> Iterator[Any]:
    """A file's rows, streamed in chunks, each related row (``related``, as prefetch_related takes them)
    read once per chunk and shared by the rows that point to it. Joined, every row of a file brought its
    own copy of its school, subject or measure: a municipality's 2,220 plan rows made 12,800 model
    instances, each measure with every text of the plan."""
    return rows.select_related(None).prefetch_related(*related).iterator(chunk_size=chunk_size)


def row_count(rows: Any) -> int:
    """How many rows a list has: a list's length, a queryset's COUNT."""
    return len(rows) if isinstance(rows, list | tuple) else rows.count()


def sort_ordering(request: HttpRequest, allowed: Mapping[str, tuple[str, ...]], default: str) -> list[str]:
    """The ORM ordering meant by ``?sort=key`` (``-key`` for descending); an unknown key sorts by default."""
    key = request.GET.get("sort", default)
    fields = allowed.get(key.lstrip("-"))
    if fields is None:
        key, fields = default, allowed[default.lstrip("-")]
    return [f"-{f}" if key.startswith("-") else f for f in fields]


def nulls_last(ordering: Sequence[str]) -> list[OrderBy]:
    """Empty values sort last both ways and on every database (PostgreSQL puts them first in DESC)."""
    return [
        F(field.lstrip("-")).desc(nulls_last=True) if field.startswith("-") else F(field).asc(nulls_last=True)
        for field in ordering
    ]


def list_query(request: HttpRequest) -> str:
    """The page's query string without the page number and the export switch: links keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


class CompiledRows:
    """A list's rows read by queries compiled once for ``key`` (``common.prepared``): their count, and each
    page of them. ``key`` must name everything ``build`` reads (the person, the day, the page's filters and
    sort: ``filters_key``); ``build`` runs only the first time a key is met. For the lists people open
    most: building and compiling a filtered, sorted queryset twice a request (the count and the page) took
    Django longer than PostgreSQL took to answer them. A ``Paginator`` takes it as it takes a queryset."""

    def __init__(self, key: tuple, build: Callable[[], QuerySet], size: int = PAGE_SIZE) -> None:
        self.key = key
        self._build = build
        self._rows: QuerySet | None = None
        self.size = size

    def _queryset(self) -> QuerySet:
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def count(self) -> int:
        return compiled_count((*self.key, "count"), self._queryset)

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("CompiledRows: a page is a slice of rows")
        start, stop = index.start or 0, index.stop
        if stop is None or not start <= stop <= start + self.size:
            return compiled_objects((*self.key, start, stop), lambda: self._queryset()[start:stop])
        # The last page ends at the count (the paginator's slice), which moves with every row added or
        # gone: the query reads a whole page from its start, the same whatever the count, and is cut here.
        end = start + self.size
        return compiled_objects((*self.key, start, end), lambda: self._queryset()[start:end])[: stop - start]


def filters_key(request: HttpRequest) -> tuple:
    """The page's filters and sort, for a key: every parameter of the address but the page and the export."""
    return tuple(sorted((name, tuple(values)) for name, values in request.GET.lists() if name not in KEYLESS))


KEYLESS = {"page", "export"}


def list_page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(rows, size).get_page(request.GET.get("page"))


def list_context(
    request: HttpRequest, rows: Any, *, filterset: Any = None, default_sort: str = "", **extra: Any
) -> dict[str, Any]:
    """What every list template needs: the filter form, one page of rows, the query to keep, the sort."""
    return {
        "filter": filterset,
        "page": list_page(request, rows),
        "query": list_query(request),
        "default_sort": default_sort,
        **extra,
    }


def list_response(
    request: HttpRequest,
    listing: Listing,
    rows: Any,
    *,
    template: str,
    filterset: Any = None,
    omit: Collection[str] = (),
    context: Mapping[str, Any] | None = None,
    export_rows: Callable[[Any], Iterable[Any]] | None = None,
    on_page: Callable[[dict[str, Any]], None] | None = None,
) -> HttpResponse:
    """The list as a page, or as its Excel file when ``?export=xlsx`` asks for it.

    ``rows`` are already filtered and ordered (``listing.ordering(request)``). ``export_rows`` turns them
    into what the columns read when that is not the rows themselves (e.g. figures computed per school);
    ``on_page`` adds what only the shown page needs to the context before rendering.
    """
    if wants_export(request):
        return export_response(
            request,
            rows=row_count(rows),
            build=lambda: listing.export(export_rows(rows) if export_rows else rows, omit=omit),
        )
    page_context = list_context(
        request, rows, filterset=filterset, default_sort=listing.default_sort, **(context or {})
    )
    if on_page is not None:
        on_page(page_context)
    return render(request, template, page_context)
