"""The section's front page: what each role may open in «Оценочные процедуры»."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schools.access import school_q, schools_visible

from ..access import (
    anyone_required,
    assignments_visible,
    is_department_staff,
    may_check_works,
    may_manage_assessments,
    may_observe,
    user_municipality,
)
from ..commissions import works_for_checker
from ..models import EgeResult, MockExamSchedule, Procedure, VprResult
from ..observers import procedure_coverage
from ..vpr_recheck import recheck_works_for_checker


@anyone_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if may_check_works(user):
        works = works_for_checker(user)
        return render(
            request,
            "assessments/index.html",
            {
                "checker": True,
                "works": works.count(),
                "unscored": works.filter(primary_score__isnull=True).count(),
                "recheck_works": recheck_works_for_checker(user).count(),
            },
        )
    if may_observe(user):
        return my_visits(request)
    municipality = user_municipality(user)
    schools = schools_visible(user)
    procedures = Procedure.objects.filter(municipality=municipality)
    gaps = sum(1 for row in procedure_coverage(procedures=procedures, schools=schools) if row.is_gap)
    return render(
        request,
        "assessments/index.html",
        {
            "schedules": MockExamSchedule.objects.filter(municipality=municipality).count(),
            "vpr_results": VprResult.objects.filter(school_q(user, model=VprResult)).count(),
            "ege_results": EgeResult.objects.filter(school_q(user, "pupil__school", model=EgeResult)).count(),
            "procedures": procedures.count(),
            "gaps": gaps,
            "may_manage": may_manage_assessments(user),
            "staff": is_department_staff(user),
        },
    )


def my_visits(request: HttpRequest) -> HttpResponse:
    """«Мои выезды»: a public observer's own bookings, newest first, each with its act."""
    bookings = (
        assignments_visible(request.user)
        .select_related("procedure__subject", "school")
        .order_by("-procedure__held_on", "school__short_name", "pk")
    )
    linked = hasattr(request.user, "observer_record")
    return render(request, "assessments/my_visits.html", {"bookings": bookings, "linked": linked})
