"""What the plan's pages show, as the rows of their municipality they read: the fingerprint of a kept page
(common.kept_pages). Broader than what one person sees, never narrower: a row another person of the
municipality changes makes every one of its pages rendered again, but a school head's or a methodist's,
whose plan rows are their school's or their curated schools' (and the department's)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from schools.access import school_q
from schools.models import Municipality, School, User

from .models import Evidence, Measure, Progress, Roadmap, Section


def plan_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The municipality's plans with their sections, measures (the people responsible for them, the schools
    a targeted one is for), rows
    and the evidence of the rows, its schools and people (the authors of the rows' changes; people of no
    municipality too), the person's curated schools, and the municipalities of the top bar. None for a
    person of no municipality: not kept."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None or user.is_observer:
        return None
    in_plan = Q(measure__roadmap__municipality=municipality)
    # The rows the person sees, by the rule progress_visible applies (schools.access.school_q): the whole
    # municipality for its department, their curated schools and the department's for a methodist, their
    # own school for a school head, whose pages the statuses other schools save all day leave kept.
    progress = Progress.objects.filter(in_plan, school_q(user, "school", model=Progress))
    evidence = Evidence.objects.filter(
        school_q(user, "progress__school", model=Evidence),
        progress__measure__roadmap__municipality=municipality,
    )
    return [
        progress,
        evidence,
        Measure.objects.filter(roadmap__municipality=municipality),
        Measure.responsible_users.through.objects.filter(in_plan),
        Measure.target_schools.through.objects.filter(in_plan),
        Section.objects.filter(roadmap__municipality=municipality),
        Roadmap.objects.filter(municipality=municipality),
        School.objects.filter(municipality=municipality),
        User.objects.filter(Q(municipality=municipality) | Q(municipality__isnull=True)),
        User.curated_schools.through.objects.filter(user=user),
        Municipality.objects.all(),
    ]
