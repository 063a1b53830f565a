"""The floor of a page: the base layout with a table of as many rows and cells as the page showed, from a
list in memory. It goes through the same middleware, session and navigation as the real page, and its own
content asks the database nothing; a page's figure is its median over this one's.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template import Engine, RequestContext, Template
from django.urls import path

LAYOUT = Template(
    """{% extends "base.html" %}{% block title %}Базовая страница{% endblock %}
{% block heading %}Базовая страница{% endblock %}
{% block content %}<div class="table-responsive"><table class="table table-sm align-middle">
<thead><tr>{% for title in titles %}<th scope="col">{{ title }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>{% endblock %}""",
    engine=Engine.get_default(),
)


def _number(request: HttpRequest, name: str, limit: int) -> int:
    try:
        return max(0, min(int(request.GET.get(name, "0")), limit))
    except ValueError:
        return 0


def baseline_rows(*, rows: int, cells: int) -> list[list[str]]:
    return [[f"Строка {r + 1}, ячейка {c + 1}" for c in range(cells)] for r in range(rows)]


def baseline_view(request: HttpRequest) -> HttpResponse:
    rows = _number(request, "rows", 100_000)
    cells = max(1, _number(request, "cells", 100))
    context = RequestContext(
        request,
        {"titles": [f"Столбец {c + 1}" for c in range(cells)], "rows": baseline_rows(rows=rows, cells=cells)},
    )
    return HttpResponse(LAYOUT.render(context))


def baseline_upload_view(request: HttpRequest) -> HttpResponse:
    """The floor of an upload's request: the file received and stored as an upload stores it, then a
    redirect, and nothing asked of the database by the view."""
    handle = request.FILES.get("file")
    if request.method != "POST" or handle is None:
        return HttpResponseBadRequest("POST a file")
    default_storage.save(f"bench-baseline/{handle.name}", handle)
    return HttpResponseRedirect(request.path)


BASELINE_PATH = "bench-baseline/"
urlpatterns = [
    path(BASELINE_PATH, baseline_view, name="bench_baseline"),
    path(BASELINE_PATH + "upload/", baseline_upload_view, name="bench_baseline_upload"),
]
