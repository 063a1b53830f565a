from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .access import may_open


def section_required(section: str) -> Callable:
    """Login, then refuse (403) a role that may not open this navigation section at all."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not may_open(request.user, section):
                raise PermissionDenied("Этот раздел недоступен для вашей роли.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
