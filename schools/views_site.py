"""Small pages of the site itself: the favicon."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.svg"


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico before (or instead of) reading the page's <link rel="icon">.
    return HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")
