"""The school list and a school's card: schools with their progress on the roadmaps (roadmaps.progress).
They answer in the ``schools`` namespace (config/urls.py adds ``portal.urls.schools_patterns`` to it)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.lists import list_response
from roadmaps.progress import school_summaries
from schools.access import is_department_head, school_for_user_or_404, schools_visible
from schools.decorators import section_required
from schools.lists import SCHOOLS
from schools.models import School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Наименование или код", method="filter_text")
    kind = django_filters.ChoiceFilter(label="Тип", choices=School.Kind.choices)

    class Meta:
        model = School
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(short_name__icontains=value) | queryset.filter(code__iexact=value)


@section_required("schools")
def school_list(request: HttpRequest) -> HttpResponse:
    schools = SchoolFilter(request.GET or None, queryset=schools_visible(request.user).order_by("short_name"))
    today = timezone.localdate()

    def summaries(context: dict) -> None:
        context["summaries"] = school_summaries(context["page"].object_list, today)

    return list_response(
        request,
        SCHOOLS,
        schools.qs,
        template="schools/school_list.html",
        filterset=schools,
        context={"may_import": is_department_head(request.user)},
        export_rows=lambda rows: school_summaries(rows, today),
        on_page=summaries,
    )


@section_required("schools")
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = school_for_user_or_404(request.user, pk)
    today = timezone.localdate()
    summary = school_summaries(School.objects.filter(pk=school.pk), today)[0]
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "summary": summary,
            "heads": school.staff.filter(role="school_head", is_active=True),
        },
    )
