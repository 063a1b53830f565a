from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .access import is_read_only, may_open, municipalities_visible

# The one top navigation: (section, label, the url name of its first page).
SECTIONS = (
    ("roadmaps", "Дорожные карты", "roadmaps:roadmap_list"),
    ("schools", "Школы", "schools:school_list"),
    ("medals", "Претенденты на медаль", "medals:candidate_list"),
    ("assessments", "Оценочные процедуры", "assessments:index"),
    ("reports", "Отчёты", "reports:index"),
)


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for section, label, url_name in SECTIONS:
        if not may_open(user, section):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the section's pages are not part of this build
        items.append({"section": section, "label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items, **_municipality_switcher(request, user)}


def _municipality_switcher(request: HttpRequest, user) -> dict:
    """The regional analyst's choice of municipality in the top bar: each municipality opens the same
    list page (an object's page belongs to one municipality, so from there the choice leads home)."""
    if not is_read_only(user):
        return {}
    match = getattr(request, "resolver_match", None)
    base = request.path if match is not None and not match.kwargs else reverse("dashboard")
    return {
        "switcher_municipalities": [
            {
                "pk": m.pk,
                "name": m.name,
                "url": f"{base}?municipality={m.pk}",
                "current": m.pk == user.municipality_id,
            }
            for m in municipalities_visible(user)
        ],
        "switcher_current": user.municipality,
    }
