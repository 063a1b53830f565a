"""The home page: what needs the person now. It reads roadmaps (overdue and due measures, the schools'
progress) and, for a commission member, the works of assessments and medals, so it lives above the apps."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from common.kept_pages import kept_page
from common.lists import list_page
from reports.models import DigestPreference
from roadmaps.access import roadmaps_visible
from roadmaps.models import Measure, Progress, Roadmap
from roadmaps.progress import DUE_SOON_DAYS, attention_rows, school_summaries
from schools.access import may_open, schools_visible
from schools.models import Municipality, School, User

from .member_home import member_work_counts


def dashboard_rows(request: HttpRequest) -> list[QuerySet] | None:
    """What a dashboard shows, as the rows of its municipality it reads (common.kept_pages): the plan rows,
    measures with the people responsible for them, plans and schools; the person's curated schools and
    digest settings (the notifications card); the municipalities of the top bar. Broader than what one
    person sees, never narrower. A person of no municipality, or whose home is another page, is not kept."""
    user = request.user
    municipality = user.municipality_id
    if municipality is None or user.is_observer or not may_open(user, "roadmaps"):
        return None
    return [
        Progress.objects.filter(measure__roadmap__municipality=municipality),
        Measure.objects.filter(roadmap__municipality=municipality),
        Measure.responsible_users.through.objects.filter(measure__roadmap__municipality=municipality),
        Roadmap.objects.filter(municipality=municipality),
        School.objects.filter(municipality=municipality),
        User.curated_schools.through.objects.filter(user=user),
        DigestPreference.objects.filter(user=user),
        Municipality.objects.all(),
    ]


@login_required
@kept_page(dashboard_rows)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_observer and not user.is_superuser:
        # A public observer's home is «Мои выезды»: their bookings and acts.
        return redirect("assessments:index")
    if not may_open(user, "roadmaps"):
        return render(request, "roadmaps/dashboard_member.html", {"work_counts": member_work_counts(user)})
    today = timezone.localdate()
    attention = attention_rows(user, today, DUE_SOON_DAYS)
    schools = list_page(request, schools_visible(user).order_by("short_name"))
    summaries = school_summaries(schools.object_list, today)
    drafts = roadmaps_visible(user).filter(status=Roadmap.Status.DRAFT).order_by("-period_start", "title")
    return render(
        request,
        "roadmaps/dashboard.html",
        {
            "today": today,
            "overdue": attention.overdue,
            "overdue_count": attention.overdue_count,
            "due_soon": attention.due_soon,
            "due_soon_count": attention.due_soon_count,
            "due_days": DUE_SOON_DAYS,
            "due_to": today + timedelta(days=DUE_SOON_DAYS),
            "summaries": summaries,
            "schools_page": schools,
            "drafts": drafts[:10],
        },
    )
