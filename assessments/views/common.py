"""What the list pages of assessments share: one page of rows, the query to keep."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest

from ..access import (
    assessments_required,
    is_department_staff,
)

PAGE_SIZE = 50
staff_required = assessments_required(
    is_department_staff, "Эта страница — для сотрудников управления образования."
)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def _list_context(request: HttpRequest, filterset, rows, default_sort: str, **extra) -> dict:
    """What every list page template needs: the filter form, one page of rows, the query to keep."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "query": _query(request),
        "default_sort": default_sort,
        **extra,
    }
