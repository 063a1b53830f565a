"""«Регион»: one installation for a region — every municipality side by side and the region in total:
the objectivity summary, the МКО indicators and the effect of targeted measures. Read only; the regional
analyst (and a superuser) opens it."""

from __future__ import annotations

from operator import itemgetter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.kept_pages import kept_page, not_kept
from common.lists import Column, Listing, export_response, list_query, wants_export
from schools.access import municipalities_visible

from ..access import region_required
from ..forms_muko import RegionForm
from ..kept_rows import region_page_rows
from ..muko import MukoCounts, muko_years, region_counts, region_total

# Missing objectivity analyses the page computes itself (one municipality's new upload); more — a cache
# emptied, a region's results loaded at once: seconds in a request — are left to the background task.
COMPUTE_IN_REQUEST = 3

# (header, Excel width) of each value of ``region_rows``: the page shows them from «ОО» on.
COLUMNS = [
    ("Муниципалитет", 32),
    ("Год", 8),
    ("ОО", 8),
    ("ОО с ВПР", 10),
    ("С признаками (анализ)", 14),
    ("В перечне", 12),
    ("И то и другое", 12),
    ("Доля ОО с признаками, %", 14),
    ("Доля ОО с наблюдателями, %", 14),
    ("Перепроверено работ", 14),
    ("Объективно оценено после перепроверки, %", 18),
    ("Адресных мер", 12),
    ("ОО с мерами и данными этого года", 18),
    ("Признаки не повторились, %", 16),
]
HEADERS = [header for header, _ in COLUMNS]


def region_listing(year: int) -> Listing:
    return Listing(
        title=f"Регион {year}",
        filename=f"Регион {year}.xlsx",
        columns=tuple(
            Column(header, itemgetter(index), width) for index, (header, width) in enumerate(COLUMNS)
        ),
    )


def region_rows(counts: MukoCounts) -> list:
    values = counts.indicators()
    return [
        counts.name,
        counts.year,
        values["schools"],
        values["schools_with_vpr"],
        values["flagged_own"],
        values["flagged_official"],
        values["flagged_both"],
        _percent(counts.flagged_share),
        _percent(values["with_observers_share"]),
        values["works_rechecked"],
        _percent(values["objective_after_recheck_share"]),
        values["targeted_measures"],
        counts.schools_with_measures,
        _percent(values["signs_removed_share"]),
    ]


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


PERCENT_COLUMNS = {index for index, header in enumerate(HEADERS) if header.endswith("%")}


def shown_cells(counts: MukoCounts) -> list[str]:
    """The cells after the municipality and the year, as the page shows them: «—» where there is no figure."""
    cells = []
    for index, value in enumerate(region_rows(counts)[2:], start=2):
        if value is None:
            cells.append("—")
        elif index in PERCENT_COLUMNS:
            cells.append(f"{value:.1f}".replace(".", ",") + "%")
        else:
            cells.append(str(value))
    return cells


@region_required
@kept_page(region_page_rows)
def region(request: HttpRequest) -> HttpResponse:
    municipalities = list(municipalities_visible(request.user))
    years = muko_years(municipalities)
    form = RegionForm(request.GET if "year" in request.GET else None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else (years[0] if years else None)
    counted = (
        region_counts(municipalities=municipalities, year=year, compute_at_most=COMPUTE_IN_REQUEST)
        if year
        else []
    )
    rows = list(zip(municipalities, counted, strict=True)) if year else []
    total = region_total([counts for _, counts in rows], year=year) if rows else None
    if total is not None and wants_export(request):
        return export_response(
            request,
            rows=len(rows) + 1,
            build=lambda: region_listing(year).export(
                [*(region_rows(counts) for _, counts in rows), region_rows(total)]
            ),
        )
    preparing = [counts.name for _, counts in rows if counts.flagged_own is None]
    page = render(
        request,
        "assessments/region.html",
        {
            "form": form,
            "year": year,
            "headers": HEADERS[2:],
            "rows": [(m, shown_cells(counts)) for m, counts in rows],
            "total": shown_cells(total) if total is not None else None,
            "query": list_query(request),
            # Municipalities whose analysis the background task is still preparing (their signs «—»).
            "preparing": preparing,
        },
    )
    # Signs the background task is still preparing are not rows: the page is not kept until they are in.
    return not_kept(page) if preparing else page
