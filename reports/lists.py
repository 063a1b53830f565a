"""The meeting lists, declared once for their pages and their Excel files (common.lists)."""

from __future__ import annotations

from common.lists import Column, Listing

MEETINGS = Listing(
    title="Совещания",
    filename="meetings.xlsx",
    columns=(
        Column("Дата", lambda m: m.date, 12),
        Column("Номер", lambda m: m.number, 10),
        Column("Место", lambda m: m.place, 30),
        Column("Председатель", lambda m: str(m.chair or ""), 25),
        Column("Дорожная карта", lambda m: m.roadmap.title, 80),
    ),
)


def meeting_rows_listing(meeting) -> Listing:
    """The table of schools of one meeting: the share of medal candidates, as the protocol shows it."""
    return Listing(
        title="Доля претендентов",
        filename=f"meeting-{meeting.pk}.xlsx",
        columns=(
            Column("Школа", lambda r: r.school.short_name, 40),
            Column("Выпускников", lambda r: r.graduates, 12),
            Column("Претендентов", lambda r: r.candidates, 12),
            Column("Доля, %", lambda r: r.share, 10),
            Column("В группе риска", lambda r: r.candidates_at_risk, 14),
            Column("Скорр. доля, %", lambda r: r.corrected_share, 14),
            Column("Примечание", lambda r: r.note, 40),
        ),
    )
