"""The log of exports that carry pupils' names (152-ФЗ): every such download is recorded once.

Views call ``pd_logged`` on the response they are about to return; the record says who, when, what and
how many pupils. The department head reads the log of their municipality (``pd_exports_visible``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from schools.models import User

from .models import PersonalDataExport

PdKind = PersonalDataExport.Kind
PD_DEFERRED = "pd_deferred"


def pd_export_record(*, user: User, kind: str, what: str, pupils: int, path: str = "") -> PersonalDataExport:
    return PersonalDataExport.objects.create(
        municipality_id=user.municipality_id,
        user=user,
        user_name=(user.full_name or user.username)[:255],
        kind=kind,
        what=what[:255],
        path=path[:1000],
        pupils=max(0, int(pupils)),
    )


def pd_logged(
    request: HttpRequest, response: HttpResponseBase, *, kind: str, what: str, pupils: int
) -> HttpResponseBase:
    """Record a successful export of pupils' data and hand the response back unchanged.

    A list's file built by a report worker (reports.list_exports) is recorded when it is downloaded, not
    when it is built: the worker's request carries ``PD_DEFERRED``, a list the export (its kind, what, and
    pupils) is added to."""
    deferred = getattr(request, PD_DEFERRED, None)
    if response.status_code == 200 and pupils and deferred is not None:
        deferred.append((kind, what, pupils))
    elif response.status_code == 200 and pupils:
        pd_export_record(user=request.user, kind=kind, what=what, pupils=pupils, path=request.get_full_path())
    return response


def may_read_pd_log(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or (user.is_department_head and bool(user.municipality_id))
    )


def pd_exports_visible(user: User) -> QuerySet[PersonalDataExport]:
    """The department head reads their own municipality's log; an operator (superuser) every one."""
    rows = PersonalDataExport.objects.select_related("user")
    if not may_read_pd_log(user):
        return rows.none()
    if user.municipality_id:
        return rows.filter(municipality_id=user.municipality_id)
    return rows
