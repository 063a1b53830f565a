"""The lists of assessments, declared once for their pages and their Excel files (common.lists)."""

from __future__ import annotations

from django.utils import timezone

from common.lists import Column, Listing, rounded, school_column, subject_column

from .flag_years import FlagHistory


def _full_name(person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.middle_name) if p)


def _order(row) -> str:
    if not row.order_number:
        return ""
    return f"№{row.order_number}" + (f" от {row.order_date:%d.%m.%Y}" if row.order_date else "")


# The page lists schedules; the file lists their exams (``mock_exams.mock_exam_schedule``), one a row.
SCHEDULES = Listing(
    title="Пробные экзамены",
    filename="mock-exams.xlsx",
    default_sort="-period",
    columns=(
        Column("График", lambda r: r.schedule_title, 50, "title", ("title",)),
        Column("Приказ", _order, 20, "order", ("order_date", "order_number")),
        Column("Предмет", lambda r: r.subject, 20),
        Column("Этап", lambda r: r.round, 16),
        Column("Место проведения", lambda r: r.venue, 40),
        Column("Начало", lambda r: r.starts_at, 18, "period", ("period_start", "title")),
        Column("Участников", lambda r: r.participants, 12),
        Column("Комиссия", lambda r: "; ".join(f"{m.name} ({m.school})" for m in r.commission), 60),
        Column("Замечание", lambda r: r.warning or "", 50),
    ),
    extra_sorts={"exams": ("n_exams", "period_start")},
)

# The page lists plans; the file lists their appendices: (roadmap, appendix, what it is, its schedules).
APPENDICES = Listing(
    title="Приложения к планам",
    filename="plan-appendices.xlsx",
    default_sort="-period",
    columns=(
        Column("Дорожная карта", lambda r: r[0].title, 60, "title", ("title",)),
        Column("Начало периода", lambda r: r[0].period_start, 14, "period", ("period_start", "title")),
        Column("Приложение", lambda r: r[1].title, 60),
        Column("Что в нём", lambda r: r[2], 18),
        Column("Строк", lambda r: max(len(r[1].rows) - 1, 0), 8),
        Column("График", lambda r: "; ".join(s.title for s in r[3]), 40),
    ),
)

SCALES = Listing(
    title="Шкалы перевода баллов",
    filename="score-scales.xlsx",
    default_sort="subject",
    columns=(
        subject_column(24, sort="subject", order_by=("subject__order", "subject__name", "year")),
        Column("Год ЕГЭ", lambda s: s.year, 10, "year", ("year", "subject__order")),
        Column("Чья", lambda s: str(s.municipality or "общая"), 30),
        Column("Максимальный первичный балл", lambda s: s.max_primary, 16),
        Column("Тестовые баллы (0, 1, 2…)", lambda s: " ".join(map(str, s.points)), 120),
    ),
)

# Codes only: the export leaves the checker's page as depersonalised as the page itself.
MY_WORKS = Listing(
    title="Мои работы на проверку",
    filename="my-works.xlsx",
    default_sort="date",
    columns=(
        Column("Код работы", lambda w: w.code, 14, "code", ("code",)),
        subject_column(24, lambda w: w.exam.subject, "exam", ("exam__subject__order", "exam__round", "code")),
        Column("Этап", lambda w: w.exam.get_round_display(), 18),
        Column(
            "Дата экзамена",
            lambda w: timezone.localtime(w.exam.starts_at).date(),
            14,
            "date",
            ("exam__starts_at", "code"),
        ),
        Column("Первичный балл", lambda w: w.primary_score, 16, "score", ("primary_score", "code")),
        Column("Максимальный балл", lambda w: w.max_score, 18),
    ),
)


def exam_works_listing(exam, *, sees_checking: bool) -> Listing:
    """The works of one mock exam; codes and checkers only for whoever may see the checking."""
    columns = (
        (Column("Код", lambda w: w.code, 10), False),
        (Column("Ученик", lambda w: w.pupil.full_name, 36), True),
        (school_column(36, lambda w: w.pupil.school), True),
        (Column("Проверяющий", lambda w: w.checker.short_name if w.checker else "", 24), False),
        (Column("Первичный балл", lambda w: w.primary_score, 14), True),
        (Column("Тестовый балл", lambda w: w.score_100, 14), True),
        (Column("Ниже порога", lambda w: ", ".join(w.missed), 36), True),
    )
    return Listing(
        title=f"{exam.subject} {exam.get_round_display()}",
        filename=f"mock-exam-{exam.pk}.xlsx",
        # The second item: shown before the results are published to whoever does not organise.
        columns=tuple(column for column, public in columns if sees_checking or public),
    )


OBSERVERS = Listing(
    title="Общественные наблюдатели",
    filename="observers.xlsx",
    default_sort="name",
    columns=(
        Column("ФИО", _full_name, 36, "name", ("last_name", "first_name", "middle_name")),
        Column(
            "Кого представляет", lambda o: o.organisation, 30, "organisation", ("organisation", "last_name")
        ),
        Column(
            "Работает в",
            lambda o: o.school.short_name if o.school else "",
            36,
            "school",
            ("school__short_name", "last_name"),
        ),
        Column("Телефон", lambda o: o.phone, 16),
        Column("Назначений", lambda o: o.n_assignments, 12, "assignments", ("n_assignments", "last_name")),
    ),
)

# ``n_schools`` and ``n_gaps`` are counted for the rows shown (views.observers._count_coverage).
PROCEDURES = Listing(
    title="Оценочные процедуры",
    filename="procedures.xlsx",
    default_sort="-date",
    columns=(
        Column("Дата", lambda p: p.held_on, 12, "date", ("held_on", "kind")),
        Column("Процедура", str, 50, "kind", ("kind", "held_on")),
        Column("Школ", lambda p: p.n_schools, 10),
        Column("Без наблюдателя", lambda p: p.n_gaps, 16),
    ),
    extra_sorts={"subject": ("subject__order", "subject__name", "held_on"), "grade": ("grade", "held_on")},
)

# Gaps are computed, not queried: the sort key names the Python sort of views.observers.GAP_KEYS.
OBSERVER_GAPS = Listing(
    title="Школы без наблюдателя",
    filename="observer-gaps.xlsx",
    default_sort="-date",
    columns=(
        Column("Дата", lambda c: c.procedure.held_on, 12, "date", ("date",)),
        Column("Процедура", lambda c: str(c.procedure), 40, "procedure", ("procedure",)),
        school_column(40, sort="school", order_by=("school",)),
    ),
)

VPR_RESULTS = Listing(
    title="Результаты ВПР",
    filename="vpr-results.xlsx",
    columns=(
        Column("Год", lambda r: r.test.year, 8),
        subject_column(20, lambda r: r.test.subject),
        Column("Класс", lambda r: r.class_name, 8),
        school_column(36),
        Column("Код участника", lambda r: r.participant_code, 16),
        Column("Первичный балл", lambda r: r.primary_score, 14),
        Column("Отметка", lambda r: r.mark, 10),
        Column("По журналу", lambda r: r.journal_mark, 12),
    ),
)

EGE_RESULTS = Listing(
    title="Результаты ЕГЭ",
    filename="ege-results.xlsx",
    columns=(
        Column("Год", lambda r: r.year, 8),
        school_column(36, lambda r: r.pupil.school),
        Column("Ученик", lambda r: r.pupil.full_name, 36),
        subject_column(20),
        Column("Дата", lambda r: r.exam_date, 12),
        Column("Первичный балл", lambda r: r.primary_score, 14),
        Column("Тестовый балл", lambda r: r.score_100, 14),
    ),
)

OGE_RESULTS = Listing(
    title="Результаты ОГЭ",
    filename="oge-results.xlsx",
    columns=(
        Column("Год", lambda r: r.year, 8),
        school_column(36),
        subject_column(20),
        Column("Код участника", lambda r: r.participant_code, 16),
        Column("Класс", lambda r: r.class_name, 8),
        Column("Дата", lambda r: r.exam_date, 12),
        Column("Первичный балл", lambda r: r.primary_score, 14),
        Column("Отметка", lambda r: r.mark, 10),
    ),
)


def objectivity_listing(year: int | None, history: FlagHistory) -> Listing:
    """The objectivity rows of one year, with the school's place on the official lists of that history."""
    return Listing(
        title=f"Объективность ВПР {year or ''}",
        filename=f"objectivity-{year or 'none'}.xlsx",
        columns=(
            school_column(36),
            Column("Код", lambda r: r.school.code, 10),
            subject_column(20),
            Column("Класс", lambda r: r.grade, 8),
            Column("Участников", lambda r: r.participants, 12),
            Column("Понизили", lambda r: round(r.lowered, 3), 12),
            Column("Подтвердили", lambda r: round(r.confirmed, 3), 12),
            Column("Повысили", lambda r: round(r.raised, 3), 12),
            Column("Средняя отметка", lambda r: rounded(r.mean_mark, 2), 14),
            Column("Средняя по муниципалитету", lambda r: rounded(r.municipal_mean_mark, 2), 14),
            Column("Признаки", lambda r: "\n".join(str(f) for f in r.flags), 80),
            Column("Тип ОО", lambda r: r.school.get_kind_display(), 12),
            Column(
                "В официальном списке",
                lambda r: "да" if year and history.on_list(r.school, year) else "нет",
                14,
            ),
            Column(
                "Годы с признаками",
                lambda r: ", ".join(str(y) for y in history.school_years(r.school).flagged_years),
                20,
            ),
        ),
    )


def vpr_recheck_listing(year: int) -> Listing:
    """What the municipal re-check of ВПР works found, one row (a dict of recheck_summary) per school."""
    return Listing(
        title=f"Перепроверка ВПР {year}",
        filename=f"vpr-recheck-{year}.xlsx",
        columns=(
            Column("Школа", lambda r: r["school"], 40),
            Column("Работ выбрано", lambda r: r["works_selected"], 12),
            Column("Перепроверено", lambda r: r["works_rechecked"], 14),
            Column("Отметка понижена", lambda r: r["lowered"], 14),
            Column("Отметка повышена", lambda r: r["raised"], 14),
            Column("Без изменений", lambda r: r["unchanged"], 14),
            Column("Доля пониженных", lambda r: rounded(r["lowered_share"], 3), 14),
            Column("Доля повышенных", lambda r: rounded(r["raised_share"], 3), 14),
            Column(
                "Доля объективно оцененных работ по итогам перепроверки",
                lambda r: rounded(r["objective_share"], 3),
                24,
            ),
        ),
    )


def muko_listing(counts) -> Listing:
    """The МКО indicators of one municipality and year (assessments.muko.MukoCounts), one a row."""
    return Listing(
        title=f"МКО {counts.year}",
        filename=f"МКО {counts.name} {counts.year}.xlsx",
        columns=(
            Column("Муниципалитет", lambda line: counts.name, 28),
            Column("Год", lambda line: counts.year, 8),
            Column("Показатель", lambda line: line[0].label, 60),
            Column("Значение", lambda line: line[0].value_for_table(line[1]), 12),
            Column("Ед. изм.", lambda line: line[0].unit, 10),
            Column(
                "Что означает",
                lambda line: line[0].meaning if line[1] is not None else f"{line[0].meaning} Нет данных.",
                90,
            ),
        ),
    )


def effect_listing(year: int) -> Listing:
    """The effect of targeted measures: each school's signs the year before and in ``year``."""
    return Listing(
        title=f"Эффективность мер {year}",
        filename=f"effect-{year}.xlsx",
        columns=(
            school_column(36),
            Column("Код", lambda r: r.school.code, 10),
            Column(
                f"Адресные меры по итогам ВПР {year - 1}", lambda r: "\n".join(m.text for m in r.measures), 60
            ),
            Column(f"Признаки {year - 1}", lambda r: r.before_numbers.text, 70),
            Column(f"Признаки {year}", lambda r: r.after_numbers.text, 70),
            Column("Итог", lambda r: r.outcome_label, 22),
        ),
    )
