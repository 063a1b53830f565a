"""The lists of reports, declared once for their pages and their Excel files (common.lists)."""

from __future__ import annotations

from common.lists import Column, Listing, rounded, school_column

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
            school_column(40),
            Column("Выпускников", lambda r: r.graduates, 12),
            Column("Претендентов", lambda r: r.candidates, 12),
            Column("Доля, %", lambda r: r.share, 10),
            Column("В группе риска", lambda r: r.candidates_at_risk, 14),
            Column("Скорр. доля, %", lambda r: r.corrected_share, 14),
            Column("Примечание", lambda r: r.note, 40),
        ),
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def objectivity_report_listing(year: int) -> Listing:
    """The objectivity of ВПР by school, subject and grade (assessments.objectivity.ObjectivityRow) as the
    ordered report prints it: shares of lowered/confirmed/raised marks in per cent."""
    return Listing(
        title=f"Объективность ВПР {year}",
        filename=f"Объективность ВПР {year}.xlsx",
        columns=(
            school_column(35),
            Column("Предмет", lambda r: str(r.subject), 22),
            Column("Класс", lambda r: r.grade, 8),
            Column("Участников", lambda r: r.participants, 12),
            Column("Сопоставлено с журналом", lambda r: r.compared, 14),
            Column("Понизили, %", lambda r: _percent(r.lowered), 12),
            Column("Подтвердили, %", lambda r: _percent(r.confirmed), 12),
            Column("Повысили, %", lambda r: _percent(r.raised), 12),
            Column("Средняя отметка", lambda r: rounded(r.mean_mark), 12),
            Column("Средняя отметка по муниципалитету", lambda r: rounded(r.municipal_mean_mark), 14),
            Column("Доля «4» и «5», %", lambda r: _percent(r.high_marks_share), 12),
            Column("Группа риска", lambda r: "да" if r.in_risk_group else "нет", 10),
            Column("Признаки необъективности", lambda r: "; ".join(str(flag) for flag in r.flags), 80),
        ),
    )
