"""A long list's Excel file, built by the report workers instead of in the request.

A list of more rows than ``EXPORT_ROWS_IN_REQUEST`` answers «Выгрузить в Excel» with a page that orders
its file (common.lists.export_response). The job keeps the list's address and filters; the worker opens
that same list as the person who ordered it — their access, their municipality (the analyst's chosen one),
their time zone — and keeps the file the list's own export gives. Nothing is declared twice: the list
decides its columns and rows, and a person can only ever get the file of a list they may open themselves.
The pupils the file names are recorded in the personal-data log when it is downloaded (audit.exports).
"""

from __future__ import annotations

import zoneinfo
from contextlib import nullcontext
from urllib.parse import unquote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from audit.exports import PD_DEFERRED
from common.lists import BUILDING_IN_BACKGROUND
from common.xlsx import XLSX_CONTENT_TYPE
from schools.access import is_read_only
from schools.middleware import ANALYST_MUNICIPALITY_KEY, analyst_municipality
from schools.models import User

from .documents import BuiltFile, ProgressCallback, ReportError

MAX_PATH = 500
MAX_QUERY = 4000
NOT_A_LIST = "По адресу «{path}» нет списка, который выгружается в Excel."
GONE = "Список «{path}» вам больше недоступен (нет прав или данные удалены), файл не построен."


def _list_view(path: str):
    if not path.startswith("/") or path.startswith("//") or len(path) > MAX_PATH:
        raise ReportError(NOT_A_LIST.format(path=path[:MAX_PATH]))
    try:
        return resolve(path)
    except Resolver404 as exc:
        raise ReportError(NOT_A_LIST.format(path=path)) from exc


def list_export_params(request: HttpRequest) -> dict:
    """What the job needs to build the list at ``path`` with the filters of ``query`` (both from the form
    of include/export_background.html) for the person asking."""
    path = request.POST.get("path", "")
    query = request.POST.get("query", "")
    _list_view(path)
    if len(query) > MAX_QUERY:
        raise ReportError(f"Фильтры списка длиннее {MAX_QUERY} знаков: сократите их и выгрузите снова.")
    params = {"path": path, "query": query}
    user = request.user
    if is_read_only(user):
        # The analyst's POST does not carry the chosen municipality (schools.middleware): keep it.
        params["municipality"] = getattr(analyst_municipality(request), "pk", None)
    return params


def _request_as(owner: User, params: dict, match) -> HttpRequest:
    """The GET of the list's export, as the owner's browser would have sent it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = params["path"]
    query = QueryDict(str(params.get("query", "")), mutable=True)
    query["export"] = "xlsx"
    request.GET = query
    request.META = {"REQUEST_METHOD": "GET", "QUERY_STRING": query.urlencode(), "SERVER_NAME": "worker"}
    request.user = owner
    # Only what a list's page reads of a session: the analyst's chosen municipality.
    request.session = {ANALYST_MUNICIPALITY_KEY: params.get("municipality")}
    request.htmx = HtmxDetails(request)
    request.resolver_match = match
    setattr(request, BUILDING_IN_BACKGROUND, True)
    setattr(request, PD_DEFERRED, [])
    if is_read_only(owner):
        owner.municipality = analyst_municipality(request)  # in memory, as the middleware does
    return request


def _filename(response: HttpResponse) -> str:
    disposition = response.get("Content-Disposition", "")
    if "filename*=UTF-8''" in disposition:
        return unquote(disposition.split("filename*=UTF-8''", 1)[1].split(";", 1)[0])
    if 'filename="' in disposition:
        return disposition.split('filename="', 1)[1].split('"', 1)[0]
    return "Список.xlsx"


def build_list_export(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    """The list's own export, run as its owner; a list no longer theirs, or no list at all, says so."""
    if owner is None:
        raise ReportError("Выгрузку списка строят для того, кто её заказал.")
    path = str(params.get("path", ""))
    match = _list_view(path)
    request = _request_as(owner, params, match)
    municipality = getattr(owner, "municipality", None)
    zone = timezone.override(zoneinfo.ZoneInfo(municipality.timezone)) if municipality else nullcontext()
    on_progress(5)
    try:
        with zone:
            response = match.func(request, *match.args, **match.kwargs)
    except (PermissionDenied, Http404) as exc:
        raise ReportError(GONE.format(path=path)) from exc
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.get("Content-Type") != XLSX_CONTENT_TYPE
    ):
        raise ReportError(NOT_A_LIST.format(path=path))
    deferred = getattr(request, PD_DEFERRED)
    return BuiltFile(
        filename=_filename(response),
        content_type=XLSX_CONTENT_TYPE,
        content=response.content,
        pupils=sum(pupils for _, _, pupils in deferred),
        what=deferred[0][1] if deferred else "",
    )
