"""The home page: what needs the person now. It reads roadmaps (overdue and due measures, the schools'
progress) and, for a commission member, the works of assessments and medals, so it lives above the apps."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from common.lists import list_page
from roadmaps.access import roadmaps_visible
from roadmaps.models import Roadmap
from roadmaps.progress import DUE_SOON_DAYS, attention_rows, school_summaries
from schools.access import may_open, schools_visible

from .member_home import member_work_counts


@login_required
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
