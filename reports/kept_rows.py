"""What the reports page shows, as the rows it reads: the fingerprint of the kept page
(common.kept_pages). A job that moves on (its status, its percent) makes the page rendered again."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from assessments.models import Subject, VprTest
from roadmaps.models import Roadmap
from schools.models import Municipality, School, User

from .models import Meeting, ReportJob


def report_rows(request: HttpRequest, *args, **kwargs) -> list[QuerySet] | None:
    """The report jobs of the person and of the people of their municipality (with those people), its
    meetings, plans, ВПР tests and the subjects (the order form's choices), its schools and the person's
    curated ones, and the municipalities of the top bar.
    None for a person of no municipality: not kept."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None:
        return None
    return [
        ReportJob.objects.filter(Q(owner=user) | Q(owner__municipality=municipality)),
        VprTest.objects.filter(municipality=municipality),
        Subject.objects.all(),
        User.curated_schools.through.objects.filter(user=user),
        User.objects.filter(municipality=municipality),
        Meeting.objects.filter(municipality=municipality),
        Roadmap.objects.filter(municipality=municipality),
        School.objects.filter(municipality=municipality),
        Municipality.objects.all(),
    ]
