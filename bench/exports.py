"""The largest files a request still builds directly: the «Excel» links of the longest lists (ВПР results,
plan rows, candidates) as the regional analyst opens them — a municipality at a time, the first until
another is chosen, as the analyst's lists show — each beside the same number of rows and columns written
by openpyxl from memory (its floor). They are the requests of the region that can take over a second;
the figures show how far each is from what openpyxl alone costs.
"""

from __future__ import annotations

import io
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from .generate import Region
from .measure import Figure

EXPORT_RUNS = 2  # an export of 150,000 rows takes seconds: the median of two, each beside its floor

EXPORTS = (
    ("export_vpr_results", "ВПР results, Excel (аналитик, район 1)", "assessments:vpr_results"),
    ("export_measures", "plan rows, Excel (аналитик, район 1)", "roadmaps:measure_list"),
    ("export_candidates", "candidates, Excel (аналитик, район 1)", "medals:candidate_list"),
)


def _grid_xlsx(*, rows: int, columns: int) -> bytes:
    """The floor of an export: the same grid of short strings from memory, write-only, as the lists do."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист")
    line = [f"Значение {c}" for c in range(columns)]
    for _ in range(rows):
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shape(content: bytes) -> tuple[int, int]:
    """Rows and columns of the file's first sheet, from its dimension (the rows are not read)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook.worksheets[0]
    if sheet.max_row is None:  # a writer that left no dimension: count the rows after all
        sheet.reset_dimensions()
        rows = list(sheet.iter_rows(values_only=True))
        return len(rows), max((len(r) for r in rows), default=1)
    return sheet.max_row, sheet.max_column


def export_figures(region: Region, *, runs: int = EXPORT_RUNS) -> list[Figure]:
    if region.analyst is None:
        return []
    client = Client()
    client.force_login(region.analyst)
    figures = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        for key, name, url_name in EXPORTS:
            url = reverse(url_name) + "?export=xlsx"
            samples, floors, content, queries, status = [], [], b"", 0, 200
            for run in range(runs):
                with CaptureQueriesContext(connection) as context:
                    start = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - start) * 1000)
                status = response.status_code
                if status != 200:
                    break
                if run == 0:
                    content, queries = response.content, len(context.captured_queries)
                rows, columns = _shape(content)
                start = time.perf_counter()
                _grid_xlsx(rows=rows, columns=columns)
                floors.append((time.perf_counter() - start) * 1000)
            if status != 200:
                figures.append(Figure(key=key, name=name, note=f"ответ {status} на {url}"))
                continue
            rows, columns = _shape(content)
            figures.append(
                Figure(
                    key=key,
                    name=name,
                    median_ms=round(statistics.median(samples), 1),
                    queries=queries,
                    floor_ms=round(statistics.median(floors), 1),
                    note=(
                        f"{rows - 1} строк × {columns} столбцов, {len(content) // 1024} КиБ; "
                        "нижняя граница — та же сетка из памяти; строится в запросе, не задачей"
                    ),
                )
            )
    return figures
