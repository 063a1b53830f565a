"""The roadmap lists, declared once for their pages and their Excel files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch, QuerySet

from common.lists import Column, Listing, shared_rows

from .models import Measure, Progress
from .progress import display_status

ROADMAPS = Listing(
    title="Дорожные карты",
    filename="roadmaps.xlsx",
    columns=(
        Column("Наименование", lambda r: r.title, 60),
        Column("Школа", lambda r: str(r.school or ""), 25),
        Column("Начало", lambda r: r.period_start, 12),
        Column("Окончание", lambda r: r.period_end, 12),
        Column("Состояние", lambda r: r.get_status_display(), 14),
        Column("Утвердил", lambda r: r.approved_by, 30),
        Column("Приказ", lambda r: r.order_number, 12),
        Column("Дата приказа", lambda r: r.order_date, 12),
        Column("Мероприятий", lambda r: r.n_measures, 12),
    ),
)


def measures_listing(today: date) -> Listing:
    """Rows of progress of every measure; the status is derived on ``today`` («просрочено»)."""
    return Listing(
        title="Исполнение мероприятий",
        filename="measures.xlsx",
        default_sort="deadline",
        columns=(
            Column("№", lambda p: p.measure.number, 8, "number", ("measure__roadmap_id", "measure__order")),
            Column("Мероприятие", lambda p: p.measure.title, 60, "title", ("measure__title",)),
            Column("Школа", lambda p: str(p.school or "УО"), 30, "school", ("school__short_name",)),
            Column("Сроки (как в документе)", lambda p: p.measure.deadline_text, 25),
            Column(
                "Срок окончания", lambda p: p.measure.deadline_end, 14, "deadline", ("measure__deadline_end",)
            ),
            Column("Ответственные", lambda p: p.measure.responsible_text, 30),
            Column("Статус", lambda p: display_status(p, today)[1], 14, "status", ("status",)),
            Column("Комментарий", lambda p: p.comment, 40),
            Column("Изменено", lambda p: p.updated_at, 18, "updated", ("updated_at",)),
            Column("Кем", lambda p: p.updated_by.short_name if p.updated_by else "", 20),
        ),
    )


# What a row of a list page shows (roadmaps.templatetags.roadmap_tags.progress_rows) and its status needs:
# a page of 50 rows read every column of the row, its measure, plan, section, school and author (the
# author's password hash among them), about 300 datetimes parsed and as many model instances filled.
PAGE_ROW_FIELDS = (
    "measure",
    "school",
    "updated_by",
    "status",
    "done_on",
    "updated_at",
    "measure__number",
    "measure__title",
    "measure__deadline_text",
    "measure__deadline_end",
    "measure__responsible_text",
    "measure__roadmap",
    "measure__roadmap__status",
    "school__short_name",
    "updated_by__last_name",
    "updated_by__first_name",
    "updated_by__middle_name",
)


def progress_for_page(rows: QuerySet[Progress]) -> QuerySet[Progress]:
    """The rows of a list page: only what ``PAGE_ROW_FIELDS`` names (a field read beyond it would be a
    query a row, which the list's query-count tests catch)."""
    return (
        rows.select_related(None)
        .select_related("measure__roadmap", "school", "updated_by")
        .only(*PAGE_ROW_FIELDS)
    )


def progress_for_export(rows: QuerySet[Progress], *, chunk_size: int = 2000) -> Iterator[Progress]:
    """The plan rows of a file: each measure (with its plan), school and author read once per chunk."""
    measures = Prefetch("measure", queryset=Measure.objects.select_related("roadmap"))
    return shared_rows(rows, measures, "school", "updated_by", chunk_size=chunk_size)
