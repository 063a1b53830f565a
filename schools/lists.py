"""The school list, declared once for its page and its Excel file."""

from __future__ import annotations

from common.lists import Column, Listing

SCHOOLS = Listing(
    title="Школы",
    filename="schools.xlsx",
    columns=(
        Column("Код", lambda s: s.school.code, 12),
        Column("Краткое наименование", lambda s: s.school.short_name, 35),
        Column("Полное наименование", lambda s: s.school.full_name, 60),
        Column("Тип", lambda s: s.school.get_kind_display(), 12),
        Column("Всего строк", lambda s: s.total, 12),
        Column("Выполнено", lambda s: s.done, 12),
        Column("В работе", lambda s: s.in_progress, 12),
        Column("Не начато", lambda s: s.not_started, 12),
        Column("Просрочено", lambda s: s.overdue, 12),
        Column("Не требуется", lambda s: s.not_required, 12),
        Column("Выполнено, %", lambda s: s.percent_done, 12),
    ),
)
