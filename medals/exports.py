"""Excel exports of the medal pages: each takes the rows a page shows and returns the workbook's bytes."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from common.xlsx import table_to_xlsx
from schools.models import School

from .comparison import Disagreement
from .indicators import SchoolMedalIndicators
from .models import Candidate, Recheck
from .risks import CandidateAssessment, RiskReason, TeacherRisk


def _labels(reasons: Iterable[RiskReason]) -> str:
    return "; ".join(r.label for r in reasons)


def _details(reasons: Iterable[RiskReason]) -> str:
    return " ".join(r.detail for r in reasons)


def candidates_xlsx(
    *, candidates: Iterable[Candidate], assessed: dict[int, CandidateAssessment], omit: Collection[str] = ()
) -> bytes:
    def row(c: Candidate) -> list:
        a = assessed[c.pk]
        claimed = next(check for check in a.eligibility if check.rule.degree == c.degree)
        previous = c.previous_school.short_name if c.previous_school else c.previous_school_name
        return [
            c.pupil.full_name,
            c.pupil.birth_date,
            c.school.short_name,
            c.pupil.class_name,
            c.graduation_year,
            c.get_degree_display(),
            previous,
            c.transfer_date,
            claimed.verdict,
            _labels(a.reasons),
            _details(a.reasons),
        ]

    return table_to_xlsx(
        title="Претенденты на медаль",
        headers=[
            "ФИО",
            "Дата рождения",
            "Школа",
            "Класс",
            "Год выпуска",
            "Медаль",
            "Предыдущая школа",
            "Дата перевода",
            "По правилам медали",
            "Признаки риска",
            "Подробности",
        ],
        rows=(row(c) for c in candidates),
        widths=[35, 14, 30, 8, 10, 12, 30, 14, 18, 40, 80],
        omit=omit,
    )


def disagreements_xlsx(*, disagreements: Iterable[Disagreement]) -> bytes:
    return table_to_xlsx(
        title="Журнал и тетради",
        headers=["ФИО", "Класс", "Предмет", "Дата", "Работа", "Журнал", "Тетрадь", "Учитель"],
        rows=(
            [
                d.pupil,
                d.class_name,
                d.subject,
                d.date,
                d.work,
                d.journal or "нет отметки",
                d.notebook,
                d.teacher,
            ]
            for d in disagreements
        ),
        widths=[35, 8, 25, 12, 25, 10, 10, 30],
    )


def rechecks_xlsx(*, rechecks: Iterable[Recheck], omit: Collection[str] = ()) -> bytes:
    def row(r: Recheck) -> list:
        return [
            r.code,
            r.candidate.pupil.full_name,
            r.candidate.school.short_name,
            r.class_name,
            r.subject.name,
            r.work_title or r.get_work_kind_display(),
            r.work_date,
            r.original_mark,
            r.teacher,
            "; ".join(r.reasons),
            r.get_status_display(),
            r.assigned_to.short_name if r.assigned_to else "",
            r.recheck_mark,
            r.recheck_comment,
        ]

    return table_to_xlsx(
        title="Перепроверка",
        headers=[
            "Шифр",
            "ФИО",
            "Школа",
            "Класс",
            "Предмет",
            "Работа",
            "Дата",
            "Отметка учителя",
            "Учитель",
            "Почему",
            "Состояние",
            "Член комиссии",
            "Отметка при перепроверке",
            "Комментарий",
        ],
        rows=(row(r) for r in rechecks),
        widths=[12, 35, 30, 8, 25, 25, 12, 10, 30, 60, 16, 25, 12, 40],
        omit=omit,
    )


def indicators_xlsx(
    *, year: int, rows: Iterable[tuple[School, SchoolMedalIndicators]], omit: Collection[str] = ()
) -> bytes:
    return table_to_xlsx(
        title=f"Показатели школ {year}",
        headers=[
            "Школа",
            f"Выпускников {year}",
            "Претендентов",
            "Доля претендентов, %",
            "Претендентов в группе риска",
            f"Медалистов {year - 1}",
            "Из них с ЕГЭ ниже 70",
        ],
        rows=(
            [
                school.short_name,
                i.graduates,
                i.candidates,
                round(i.share * 100, 1) if i.share is not None else None,
                i.candidates_at_risk,
                i.medalists_last_year,
                i.medalists_last_year_ege_below_70,
            ]
            for school, i in rows
        ),
        widths=[35, 14, 14, 14, 16, 14, 14],
        omit=omit,
    )


def risk_candidates_xlsx(*, items: Iterable[CandidateAssessment], omit: Collection[str] = ()) -> bytes:
    return table_to_xlsx(
        title="Группа риска — претенденты",
        headers=["ФИО", "Школа", "Класс", "Медаль", "Признаки риска", "Подробности"],
        rows=(
            [
                a.candidate.pupil.full_name,
                a.candidate.school.short_name,
                a.candidate.pupil.class_name,
                a.candidate.get_degree_display(),
                _labels(a.reasons),
                _details(a.reasons),
            ]
            for a in items
        ),
        widths=[35, 30, 8, 12, 40, 100],
        omit=omit,
    )


def risk_teachers_xlsx(*, items: Iterable[TeacherRisk], omit: Collection[str] = ()) -> bytes:
    return table_to_xlsx(
        title="Группа риска — учителя",
        headers=["Учитель", "Школа", "Перепроверено работ", "Понижено", "Расхождений журнала и тетрадей"],
        rows=([t.teacher, t.school.short_name, t.rechecked, t.lowered, t.disagreements] for t in items),
        widths=[35, 30, 14, 12, 16],
        omit=omit,
    )


def risk_schools_xlsx(
    *, items: Iterable[tuple[School, SchoolMedalIndicators, list[RiskReason]]], omit: Collection[str] = ()
) -> bytes:
    return table_to_xlsx(
        title="Группа риска — школы",
        headers=[
            "Школа",
            "Выпускников",
            "Претендентов",
            "Доля претендентов, %",
            "Претендентов в группе риска",
            "Медалистов в прошлом году",
            "Из них с ЕГЭ ниже 70",
            "Признаки риска",
            "Подробности",
        ],
        rows=(
            [
                school.short_name,
                i.graduates,
                i.candidates,
                round(i.share * 100, 1) if i.share is not None else None,
                i.candidates_at_risk,
                i.medalists_last_year,
                i.medalists_last_year_ege_below_70,
                _labels(reasons),
                _details(reasons),
            ]
            for school, i, reasons in items
        ),
        widths=[35, 12, 12, 12, 14, 14, 14, 40, 80],
        omit=omit,
    )
