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


# The analyst's chosen municipality, kept in the session between pages.
ANALYST_MUNICIPALITY_KEY = "analyst_municipality"
# POSTs a read-only person may still send: they change nobody's data but their own sign-in, or order
# the Excel file of a list too long to build in a request (the file is theirs alone).
READ_ONLY_ALLOWED_POSTS = {
    "login",
    "logout",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "reports:list_export",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadOnlyRolesMiddleware:
    """The regional analyst reads every municipality, one at a time, and changes nothing.

    On a page (GET) the municipality chosen with ``?municipality=<pk>`` (kept in the session; the first
    municipality by name until one is chosen) is put on ``request.user`` for this request only, so every
    page that scopes by the user's municipality shows that municipality to the analyst as it shows it to
    its department. Every other method is refused with 403 before the view runs, whatever the view would
    have allowed: the rule holds for pages that do not exist yet. Must come after the authentication
    middleware and before anything that reads the user's municipality.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .access import is_read_only

        user = getattr(request, "user", None)
        if user is not None and is_read_only(user) and request.method in SAFE_METHODS:
            municipality = analyst_municipality(request)
            if municipality is not None:
                # In memory only: a read-only person's request never saves their account.
                user.municipality = municipality
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from django.core.exceptions import PermissionDenied

        from .access import is_read_only

        user = getattr(request, "user", None)
        if user is None or request.method in SAFE_METHODS or not is_read_only(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in READ_ONLY_ALLOWED_POSTS:
            return None
        raise PermissionDenied(
            "Региональный аналитик только просматривает данные: изменить их может сотрудник муниципалитета."
        )


def analyst_municipality(request: HttpRequest):
    """The municipality the analyst looks at: asked for in the address, else kept, else the first."""
    from .models import Municipality

    municipalities = Municipality.objects.order_by("name", "pk")
    asked = request.GET.get("municipality", "")
    if asked.isascii() and asked.isdigit() and len(asked) < 10:
        chosen = municipalities.filter(pk=int(asked)).first()
        if chosen is not None:
            request.session[ANALYST_MUNICIPALITY_KEY] = chosen.pk
            return chosen
    kept = request.session.get(ANALYST_MUNICIPALITY_KEY)
    if isinstance(kept, int):
        chosen = municipalities.filter(pk=kept).first()
        if chosen is not None:
            return chosen
    return municipalities.first()
