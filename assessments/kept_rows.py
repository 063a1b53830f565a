"""What the observers' page shows, as the rows of its municipality it reads: the fingerprint of the kept
page (common.kept_pages)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from schools.models import Municipality, School

from .models import Observer, ObserverAssignment, ObserverConflict


def observer_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The municipality's observers with their assignments (counted) and conflicts of interest, its
    schools, and the municipalities of the top bar. None for a person of no municipality: not kept."""
    municipality = request.user.municipality_id
    if municipality is None:
        return None
    return [
        Observer.objects.filter(municipality=municipality),
        ObserverAssignment.objects.filter(observer__municipality=municipality),
        ObserverConflict.objects.filter(observer__municipality=municipality),
        School.objects.filter(municipality=municipality),
        Municipality.objects.all(),
    ]
