"""The longest lists' «Excel» links (ВПР results, plan rows, candidates) as the regional analyst opens them
— a municipality at a time, the first until another is chosen, as the analyst's lists show. Each is two
figures: the request, which for a list this long only offers to build the file (common.lists.
export_response) and is timed beside the baseline page; and the report worker's build of the list's own file
(reports.list_exports), beside the same cells written again by openpyxl from memory (bench.floors).
"""

from __future__ import annotations

import io
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from schools.models import User

from .floors import same_cells
from .generate import Region
from .measure import Figure, time_page

EXPORT_RUNS = 5  # after a first build that warms the caches: the median of five, each beside its floor

EXPORTS = (
    ("export_vpr_results", "ВПР results, Excel (аналитик, район 1)", "assessments:vpr_results"),
    ("export_measures", "plan rows, Excel (аналитик, район 1)", "roadmaps:measure_list"),
    ("export_candidates", "candidates, Excel (аналитик, район 1)", "medals:candidate_list"),
)


def _shape(content: bytes) -> tuple[int, int]:
    """Rows and columns of the file's first sheet, from its dimension (the rows are not read)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook.worksheets[0]
    if sheet.max_row is None:  # a writer that left no dimension: count the rows after all
        sheet.reset_dimensions()
        rows = list(sheet.iter_rows(values_only=True))
        return len(rows), max((len(r) for r in rows), default=1)
    return sheet.max_row, sheet.max_column


def _request_figure(client: Client, region: Region, *, key: str, name: str, url: str, runs: int) -> Figure:
    """The «Excel» request of a long list beside the baseline page (both answer with a page, not a file),
    timed as the key pages are."""
    figure = time_page(key=key, name=name, user=region.analyst, url=url, repeat=runs)
    response = client.get(url)
    offered = b'data-testid="export-background"' in response.content
    figure.note = (
        "ответ — предложение построить файл задачей; нижняя граница — базовая страница"
        if offered
        else f"ответ {response.status_code}, {response.get('Content-Type', '')}: файл строится в запросе"
    )
    return figure


def _job_figure(region: Region, *, key: str, name: str, path: str, runs: int) -> Figure:
    """The worker's build of the list's own file, as reports.list_exports runs it for the analyst."""
    from reports.list_exports import build_list_export

    params = {"path": path, "query": "", "municipality": None}

    def build():
        return build_list_export(params, User.objects.get(pk=region.analyst.pk), lambda percent: None)

    # One build first, as a page's first request: it warms what every later build finds ready (the marks'
    # facts of the risk rules, openpyxl's modules). It is reported beside the median, not hidden.
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        built = build()
    first_ms = (time.perf_counter() - start) * 1000
    floor = same_cells(built.content)
    samples, floors = [], []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        floor()
        floors.append((time.perf_counter() - start) * 1000)
    rows, columns = _shape(built.content)
    return Figure(
        key=key,
        name=name,
        median_ms=round(statistics.median(samples), 1),
        queries=len(context.captured_queries),
        floor_ms=round(statistics.median(floors), 1),
        note=(
            f"{rows - 1} строк × {columns} столбцов, {len(built.content) // 1024} КиБ; в фоне (задача); "
            f"медиана {runs} сборок после первой ({first_ms:.0f} мс); "
            "нижняя граница — те же ячейки файла из памяти"
        ),
    )


def export_figures(region: Region, *, runs: int = EXPORT_RUNS, repeat: int = 5) -> list[Figure]:
    if region.analyst is None:
        return []
    client = Client()
    client.force_login(region.analyst)
    figures = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        for key, name, url_name in EXPORTS:
            path = reverse(url_name)
            figures.append(
                _request_figure(
                    client,
                    region,
                    key=f"{key}_request",
                    name=f"{name}: the request",
                    url=f"{path}?export=xlsx",
                    runs=repeat,
                )
            )
            figures.append(_job_figure(region, key=key, name=f"{name}: the job", path=path, runs=runs))
    return figures
