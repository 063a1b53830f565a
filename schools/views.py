from __future__ import annotations

import django_filters
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.xlsx import table_to_xlsx, xlsx_response
from roadmaps.progress import school_summaries

from .access import may_manage_roadmaps, school_for_user_or_404, schools_visible
from .decorators import section_required
from .models import School

PAGE_SIZE = 50


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
    if request.GET.get("export") == "xlsx":
        summaries = school_summaries(schools.qs, today)
        content = table_to_xlsx(
            title="Школы",
            headers=[
                "Код",
                "Краткое наименование",
                "Полное наименование",
                "Тип",
                "Всего строк",
                "Выполнено",
                "В работе",
                "Не начато",
                "Просрочено",
                "Не требуется",
                "Выполнено, %",
            ],
            rows=(
                [
                    s.school.code,
                    s.school.short_name,
                    s.school.full_name,
                    s.school.get_kind_display(),
                    s.total,
                    s.done,
                    s.in_progress,
                    s.not_started,
                    s.overdue,
                    s.not_required,
                    s.percent_done,
                ]
                for s in summaries
            ),
            widths=[12, 35, 60, 12, 12, 12, 12, 12, 12, 12, 12],
        )
        return xlsx_response(content, "schools.xlsx")
    page = Paginator(schools.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/school_list.html",
        {
            "filter": schools,
            "page": page,
            "summaries": school_summaries(page.object_list, today),
            "query": query.urlencode(),
            "may_import": may_manage_roadmaps(request.user),
        },
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
