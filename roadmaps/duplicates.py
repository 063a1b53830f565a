"""Is this plan already here? A plan imported twice would double every obligation of every school.

A plan matches an existing one of the same municipality (and the same school, for a school's own plan)
when its title, its period and the order that approved it are the same; titles are compared without
case, extra spaces, quotes of either kind and a final full stop, as people retype them.
"""

from __future__ import annotations

import re
from datetime import date

from django.db.models import QuerySet

from schools.models import Municipality, School

from .models import Roadmap

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "ё": "е"})


def normalised_title(title: str) -> str:
    return _SPACES.sub(" ", (title or "").casefold().translate(_QUOTES)).strip().rstrip(".").strip()


def normalised_order(number: str) -> str:
    return _SPACES.sub("", (number or "").casefold().lstrip("№").strip())


def matching_roadmaps(
    *,
    municipality: Municipality | int,
    school: School | None,
    title: str,
    period_start: date | None,
    period_end: date | None,
    order_number: str = "",
) -> list[Roadmap]:
    """The existing roadmaps a new plan with these details would repeat (newest first)."""
    candidates: QuerySet[Roadmap] = Roadmap.objects.filter(
        municipality=municipality, period_start=period_start, period_end=period_end, school=school
    ).order_by("-created_at", "-pk")
    wanted_title, wanted_order = normalised_title(title), normalised_order(order_number)
    return [
        roadmap
        for roadmap in candidates
        if normalised_title(roadmap.title) == wanted_title
        and normalised_order(roadmap.order_number) == wanted_order
    ]


def duplicate_warning(roadmaps: list[Roadmap]) -> str:
    """The text of the warning shown above the import preview, or "" when nothing matches."""
    if not roadmaps:
        return ""
    first = roadmaps[0]
    return (
        f"Такая дорожная карта уже загружена ({first.get_status_display()}, "
        f"{first.created_at:%d.%m.%Y}): то же наименование, период и приказ. "
        "Повторная загрузка удвоит мероприятия и строки исполнения у каждой школы."
    )
