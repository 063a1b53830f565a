"""Russian error pages in every mode, the embedded DEBUG one included.

With ``DEBUG`` on, Django answers a wrong address or a wrong id with its technical page (the list of
URL patterns, the traceback). A person who typed a wrong id must see the same Russian page as in
production, so while ``DEBUG`` is on this middleware renders ``404.html``/``400.html``/``500.html``
itself. The technical pages stay reachable for a developer who asks for them with
``DJANGO_TECHNICAL_ERRORS=1`` (``settings.TECHNICAL_ERROR_PAGES``). With ``DEBUG`` off Django already
uses the same templates through its default handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("django.request")


def _enabled() -> bool:
    return settings.DEBUG and not getattr(settings, "TECHNICAL_ERROR_PAGES", False)


def error_page(request: HttpRequest, status: int, exception: Exception | None = None) -> HttpResponse:
    context = {"exception": str(exception) if exception else ""}
    try:
        body = render_to_string(f"{status}.html", context, request=request)
    except Exception:  # the page itself failed: the plainest Russian answer there is
        logger.exception("error page %s failed", status)
        body = "<!doctype html><html lang=ru><title>Ошибка</title><h1>Ошибка на сервере</h1>"
    response = HttpResponse(body, status=status)
    response.russian_error_page = True
    return response


class RussianErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            _enabled()
            and response.status_code == 404
            and not getattr(response, "russian_error_page", False)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            # No URL matched: Django answered with its debug page (views here never build a 404 body).
            return error_page(request, 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _enabled():
            return None
        if isinstance(exception, Http404):
            return error_page(request, 404, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            logger.warning("bad request: %s", exception)
            return error_page(request, 400)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders 403.html in every mode already
        logger.error("server error at %s", request.path, exc_info=exception)
        return error_page(request, 500)
