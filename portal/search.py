"""One search over measures, schools and medal candidates, among what the person may see only.

Each kind is searched within the access module's own queryset (the roadmaps a person may open, the
schools of ``schools_visible``, the candidates of ``candidates_visible``), and only in the sections the
person's role opens, so a search never shows more than the lists do. Every word of the query must occur
in the name (any order, any case).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from medals.access import candidates_visible
from roadmaps.access import measures_visible
from schools.access import may_open, schools_visible
from schools.models import User

LIMIT = 20
MIN_WORD = 2
MAX_WORDS = 6


@dataclass
class SearchResults:
    query: str
    words: list[str]
    measures: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    candidates: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.measures) + len(self.schools) + len(self.candidates)


def query_words(query: str) -> list[str]:
    words = [word.strip("«»\"'.,;:()№") for word in query.split()]
    return [word for word in words if len(word) >= MIN_WORD][:MAX_WORDS]


def _all_words(rows: QuerySet, words: list[str], fields: tuple[str, ...]) -> QuerySet:
    for word in words:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(condition)
    return rows


def search(user: User, query: str) -> SearchResults:
    words = query_words(query)
    results = SearchResults(query=query.strip(), words=words)
    if not words or not user.is_authenticated:
        return results
    if may_open(user, "roadmaps"):
        # measures_visible: a school head finds no other school's targeted measure.
        measures = measures_visible(user).select_related("roadmap")
        results.measures = list(
            _all_words(measures, words, ("title", "number")).order_by(
                "roadmap__status", "roadmap_id", "order"
            )[:LIMIT]
        )
    if may_open(user, "schools"):
        results.schools = list(_all_words(schools_visible(user), words, ("short_name", "full_name"))[:LIMIT])
    if may_open(user, "medals") and not user.is_commission_member:
        candidates = candidates_visible(user).select_related("pupil", "school")
        results.candidates = list(
            _all_words(
                candidates, words, ("pupil__last_name", "pupil__first_name", "pupil__middle_name")
            ).order_by("pupil__last_name", "pupil__first_name")[:LIMIT]
        )
    return results
