"""The medal lists, declared once for their pages and their Excel files (common.lists)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from common.lists import Column, Listing, school_column, subject_column

from .models import MedalDegree
from .risks import RiskReason

CANDIDATE_NAME = ("pupil__last_name", "pupil__first_name", "pupil__middle_name")


def _labels(reasons: Iterable[RiskReason]) -> str:
    return "; ".join(r.label for r in reasons)


def _details(reasons: Iterable[RiskReason]) -> str:
    return " ".join(r.detail for r in reasons)


def _claimed_verdict(item) -> str:
    return item[1].claimed.verdict


def _previous_school(candidate) -> str:
    return (
        candidate.previous_school.short_name if candidate.previous_school else candidate.previous_school_name
    )


def _share_percent(indicators):
    return round(indicators.share * 100, 1) if indicators.share is not None else None


def _risk_columns(reasons: Callable[[Any], Iterable[RiskReason]], details_width: int) -> tuple[Column, ...]:
    """«Признаки риска» and «Подробности» of the reasons a row is at risk (``reasons`` finds them)."""
    return (
        Column("Признаки риска", lambda row: _labels(reasons(row)), 40),
        Column("Подробности", lambda row: _details(reasons(row)), details_width),
    )


def _indicator_columns(graduates: str, medalists: str, width: int, risk_width: int) -> tuple[Column, ...]:
    """A school's medal indicators, for rows (school, its medals.indicators.SchoolMedalIndicators, …):
    ``graduates`` and ``medalists`` head the counts of this year's graduates and last year's medalists."""
    return (
        school_column(35, lambda r: r[0]),
        Column(graduates, lambda r: r[1].graduates, width),
        Column("Претендентов", lambda r: r[1].candidates, width),
        Column("Доля претендентов, %", lambda r: _share_percent(r[1]), width),
        Column("Претендентов в группе риска", lambda r: r[1].candidates_at_risk, risk_width),
        Column(medalists, lambda r: r[1].medalists_last_year, 14),
        Column("Из них с ЕГЭ ниже 70", lambda r: r[1].medalists_last_year_ege_below_70, 14),
    )


# What the candidates' file (its columns and the risk rules behind the last three) reads of a candidate,
# its pupil and its schools: its 600 rows read only these (the schools' full names and codes, the pupils'
# depersonalisation dates and the rest were read for nothing, a fifth of the rows' reading). Whatever a new
# column reads must be named here: tests/test_query_counts.py counts the file's queries at two sizes.
CANDIDATE_FILE_FIELDS = (
    "pupil_id", "school_id", "previous_school_id", "previous_school_name", "graduation_year", "degree",
    "transfer_date", "exam_form", "gve_russian", "gve_math",
    "pupil__last_name", "pupil__first_name", "pupil__middle_name", "pupil__birth_date", "pupil__grade",
    "pupil__letter", "school__short_name", "previous_school__short_name",
)  # fmt: skip
DEGREE_LABELS = dict(MedalDegree.choices)


# Rows are (candidate, its assessment by medals.risks.candidate_assessments), as the page shows them.
CANDIDATES = Listing(
    title="Претенденты на медаль",
    filename="candidates.xlsx",
    default_sort="name",
    columns=(
        Column("ФИО", lambda i: i[0].pupil.full_name, 35, "name", CANDIDATE_NAME),
        Column("Дата рождения", lambda i: i[0].pupil.birth_date, 14),
        school_column(30, lambda i: i[0].school, "school", ("school__short_name", "pupil__last_name")),
        Column(
            "Класс",
            lambda i: i[0].pupil.class_name,
            8,
            "class",
            ("pupil__grade", "pupil__letter", "pupil__last_name"),
        ),
        Column(
            "Год выпуска", lambda i: i[0].graduation_year, 10, "year", ("graduation_year", "pupil__last_name")
        ),
        Column(
            "Медаль", lambda i: DEGREE_LABELS.get(i[0].degree), 12, "degree", ("degree", "pupil__last_name")
        ),
        Column("Предыдущая школа", lambda i: _previous_school(i[0]), 30),
        Column("Дата перевода", lambda i: i[0].transfer_date, 14),
        Column("По правилам медали", _claimed_verdict, 18),
        *_risk_columns(lambda i: i[1].reasons, 80),
    ),
)

DISAGREEMENTS = Listing(
    title="Журнал и тетради",
    filename="journal-vs-notebook.xlsx",
    columns=(
        Column("ФИО", lambda d: d.pupil, 35),
        Column("Класс", lambda d: d.class_name, 8),
        Column("Предмет", lambda d: d.subject, 25),
        Column("Дата", lambda d: d.date, 12),
        Column("Работа", lambda d: d.work, 25),
        Column("Журнал", lambda d: d.journal or "нет отметки", 10),
        Column("Тетрадь", lambda d: d.notebook, 10),
        Column("Учитель", lambda d: d.teacher, 30),
    ),
)

RECHECKS = Listing(
    title="Перепроверка",
    filename="rechecks.xlsx",
    columns=(
        Column("Шифр", lambda r: r.code, 12),
        Column("ФИО", lambda r: r.candidate.pupil.full_name, 35),
        school_column(30, lambda r: r.candidate.school),
        Column("Класс", lambda r: r.class_name, 8),
        subject_column(25),
        Column("Работа", lambda r: r.work_title or r.get_work_kind_display(), 25),
        Column("Дата", lambda r: r.work_date, 12),
        Column("Отметка учителя", lambda r: r.original_mark, 10),
        Column("Учитель", lambda r: r.teacher, 30),
        Column("Почему", lambda r: "; ".join(r.reasons), 60),
        Column("Состояние", lambda r: r.get_status_display(), 16),
        Column("Член комиссии", lambda r: r.assigned_to.short_name if r.assigned_to else "", 25),
        Column("Отметка при перепроверке", lambda r: r.recheck_mark, 12),
        Column("Комментарий", lambda r: r.recheck_comment, 40),
    ),
)


def indicators_listing(year: int) -> Listing:
    """Rows are (school, its medals.indicators.SchoolMedalIndicators) of graduation ``year``."""
    return Listing(
        title=f"Показатели школ {year}",
        filename=f"indicators-{year}.xlsx",
        columns=_indicator_columns(f"Выпускников {year}", f"Медалистов {year - 1}", 14, 16),
    )


RISK_CANDIDATES = Listing(
    title="Группа риска — претенденты",
    filename="risk-candidates.xlsx",
    columns=(
        Column("ФИО", lambda a: a.candidate.pupil.full_name, 35),
        school_column(30, lambda a: a.candidate.school),
        Column("Класс", lambda a: a.candidate.pupil.class_name, 8),
        Column("Медаль", lambda a: a.candidate.get_degree_display(), 12),
        *_risk_columns(lambda a: a.reasons, 100),
    ),
)

RISK_TEACHERS = Listing(
    title="Группа риска — учителя",
    filename="risk-teachers.xlsx",
    columns=(
        Column("Учитель", lambda t: t.teacher, 35),
        school_column(30),
        Column("Перепроверено работ", lambda t: t.rechecked, 14),
        Column("Понижено", lambda t: t.lowered, 12),
        Column("Расхождений журнала и тетрадей", lambda t: t.disagreements, 16),
    ),
)

# Rows are (school, its indicators, the reasons it is in the risk group), as the page shows them.
RISK_SCHOOLS = Listing(
    title="Группа риска — школы",
    filename="risk-schools.xlsx",
    columns=(
        *_indicator_columns("Выпускников", "Медалистов в прошлом году", 12, 14),
        *_risk_columns(lambda r: r[2], 80),
    ),
)
