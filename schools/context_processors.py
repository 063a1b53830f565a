from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .access import may_open

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
    return {"nav_items": items}
