"""The objectivity analysis of ВПР: the page, one school's detail, the thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from common.kept_pages import kept_page
from common.lists import export_response, list_context, wants_export
from common.xlsx import school_column_omitted
from schools.access import school_for_user_or_404, schools_visible

from ..access import (
    manager_required,
    may_manage_assessments,
    user_municipality,
    viewer_required,
    vpr_test_for_user_or_404,
)
from ..charts import ShareBar, histogram_svg, marks_svg, shares_svg
from ..flag_years import flag_history
from ..forms import ObjectivityForm, ThresholdsForm
from ..kept_rows import objectivity_rows
from ..lists import objectivity_listing
from ..models import (
    Subject,
    VprTest,
)
from ..objectivity import objectivity_analysis, objectivity_list, risk_group, thresholds_for
from .flags import years_context
from .vpr import flagged_assignments


def _recheck_context(user, municipality, year, schools) -> dict:
    """The municipal re-check of ВПР works on this page (assessments.vpr_recheck): the schools where it
    lowered marks, for department staff only — a school sees nothing of the re-check."""
    from ..access import may_read_rechecks
    from ..vpr_recheck import recheck_flags

    if not year or not may_read_rechecks(user):
        return {}
    flags = recheck_flags(municipality=municipality, year=year, schools=schools)
    return {"recheck_flags": flags, "may_read_rechecks": True}


def _school_recheck_context(user, test, school) -> dict:
    """What the municipal re-check of this ВПР found for the school: department staff only."""
    from ..access import may_read_rechecks
    from ..objectivity import pct
    from ..vpr_recheck import school_recheck

    found = school_recheck(test=test, school=school) if may_read_rechecks(user) else None
    if found is None:
        return {}
    share = "—" if found.objective_share is None else pct(found.objective_share)
    return {"school_recheck": found, "school_recheck_share": share, "school_recheck_pk": test.recheck.pk}


@viewer_required
@kept_page(objectivity_rows)
def objectivity(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipality = user_municipality(user)
    tests = VprTest.objects.filter(municipality=municipality)
    held = set(tests.order_by().values_list("year", "grade"))
    years = sorted({year for year, _ in held}, reverse=True)
    form = ObjectivityForm(
        request.GET if "year" in request.GET else None,
        years=years,
        subjects=Subject.objects.filter(pk__in=tests.values("subject")),
        grades=sorted({grade for _, grade in held}),
    )
    schools = list(schools_visible(user))
    valid = form.is_bound and form.is_valid()
    year = form.cleaned_data["year"] if valid else (years[0] if years else None)
    subject = form.cleaned_data.get("subject") if valid else None
    grade = form.cleaned_data.get("grade") if valid else None
    rows, summaries = (
        objectivity_list(municipality=municipality, year=year, schools=schools) if year else ([], [])
    )
    rows = [
        r for r in rows if (subject is None or r.subject == subject) and (grade is None or r.grade == grade)
    ]
    if wants_export(request):
        # A school head's file has no «Школа» nor its «Код» columns: both are always their own school.
        omit = (*school_column_omitted(user), "Код") if school_column_omitted(user) else ()
        return export_response(
            request,
            rows=len(rows),
            build=lambda: objectivity_listing(year, flag_history(municipality)).export(rows, omit=omit),
        )
    context = list_context(request, rows)
    page = context["page"]
    return render(
        request,
        "assessments/objectivity.html",
        {
            **context,
            "form": form,
            "year": year,
            "charts": _objectivity_charts(page.object_list, summaries),
            "risk": risk_group(rows),
            **years_context(municipality, schools, only_flagged=True),
            "thresholds": thresholds_for(municipality),
            "may_manage": may_manage_assessments(user),
            "flagged": flagged_assignments(user)[:50],
            **_recheck_context(user, municipality, year, schools),
        },
    )


def _objectivity_charts(rows: list, summaries: list) -> list[str]:
    """One chart per ВПР of the rows shown: a chart of every school of a region has too many bars to read."""
    charts = []
    for summary in summaries:
        test_rows = [r for r in rows if r.test_id == summary.test.pk]
        if not test_rows:
            continue
        bars = [
            ShareBar(r.school.short_name, r.lowered, r.confirmed, r.raised, r.in_risk_group)
            for r in test_rows
        ]
        bars.append(ShareBar("Муниципалитет", summary.lowered, summary.confirmed, summary.raised, True))
        title = f"{summary.test.title}: школы на этой странице"
        charts.append(mark_safe(shares_svg(title=title, bars=bars)))
    return charts


@viewer_required
def objectivity_detail(request: HttpRequest, test_pk: int, school_pk: int) -> HttpResponse:
    user = request.user
    test = vpr_test_for_user_or_404(user, test_pk)
    school = school_for_user_or_404(user, school_pk)
    rows, _ = objectivity_analysis(
        municipality=test.municipality,
        year=test.year,
        schools=[school],
        subject=test.subject,
        grade=test.grade,
    )
    row = next((r for r in rows if r.test_id == test.pk), None)
    if row is None:
        raise PermissionDenied("У этой школы нет результатов этой ВПР.")
    return render(
        request,
        "assessments/objectivity_detail.html",
        {
            "test": test,
            "school": school,
            "row": row,
            "marks_chart": mark_safe(
                marks_svg(
                    title=f"{school.short_name}: отметки ВПР и журнала",
                    vpr=row.vpr_marks,
                    journal=row.journal_marks,
                )
            ),
            "histogram": mark_safe(
                histogram_svg(
                    title="Участники по первичному баллу", counts=row.histogram, boundaries=row.boundaries
                )
            ),
            "thresholds": thresholds_for(test.municipality),
            **years_context(test.municipality, [school]),
            **_school_recheck_context(user, test, school),
        },
    )


@manager_required
def thresholds_edit(request: HttpRequest) -> HttpResponse:
    municipality = user_municipality(request.user)
    thresholds = thresholds_for(municipality)
    form = ThresholdsForm(request.POST or None, instance=thresholds)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.municipality = municipality
        saved.save()
        messages.success(request, "Пороги анализа объективности сохранены.")
        return redirect("assessments:objectivity")
    return render(request, "assessments/form.html", {"form": form, "title": "Пороги анализа объективности"})
