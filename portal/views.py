"""Pages of the site as a whole: the favicon, the search of the top bar and the help."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .help import sections_for, templates_for
from .search import search

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.svg"


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico before (or instead of) reading the page's <link rel="icon">.
    return HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")


@login_required
@require_GET
def site_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    return render(request, "search.html", {"results": search(request.user, query)})


@login_required
@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "help.html",
        {"sections": sections_for(user), "templates": templates_for(user)},
    )
