import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class MunicipalityTimezoneMiddleware:
    """Show times in the user's municipality's zone: Dagestan is UTC+3, Tomsk UTC+7."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        municipality = getattr(user, "municipality", None) if user and user.is_authenticated else None
        if municipality is not None:
            timezone.activate(zoneinfo.ZoneInfo(municipality.timezone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
