"""The deadline parser: every «Сроки» cell of the three seed documents, and the forms it must also read."""

from __future__ import annotations

from datetime import date

import pytest

from roadmaps.deadlines import parse_deadline
from roadmaps.plan_period import PlanPeriod, period_from_title

D = date
ACADEMIC_2023 = PlanPeriod(D(2023, 9, 1), D(2024, 8, 31))  # seed 000
YEARS_2022_2024 = PlanPeriod(D(2022, 1, 1), D(2024, 12, 31))  # seed 001
YEAR_2021 = PlanPeriod(D(2021, 1, 1), D(2021, 12, 31))  # seed 004
YEAR_2022 = PlanPeriod(D(2022, 1, 1), D(2022, 12, 31))
ACADEMIC_2024 = PlanPeriod(D(2024, 9, 1), D(2025, 8, 31))

# (text, kind, start, end, months); the plan period is given per group below.
SEED_000 = [
    ("Октябрь – ноябрь 2023г. ", "range", D(2023, 10, 1), D(2023, 11, 30), [10, 11]),
    ("До 15января 2024года", "date", None, D(2024, 1, 15), [1]),
    ("До 20 февраля 2024 года.", "date", None, D(2024, 2, 20), [2]),
    ("Январь-февраль 2024 г.", "range", D(2024, 1, 1), D(2024, 2, 29), [1, 2]),
    ("По расписанию ВПР", "event", None, None, []),
    ("Март – апрель   2024 г.", "range", D(2024, 3, 1), D(2024, 4, 30), [3, 4]),
    ("До 15 февраля 2024 года", "date", None, D(2024, 2, 15), [2]),
    ("До1 марта 2024 года.", "date", None, D(2024, 3, 1), [3]),
    ("В течение года.", "continuous", D(2023, 9, 1), D(2024, 8, 31), []),
    ("В декабре 2023 года.\nВ марте 2024 года. ", "range", D(2023, 12, 1), D(2024, 3, 31), [12, 3]),
    ("Январь \n- апрель 2024 года. ", "range", D(2024, 1, 1), D(2024, 4, 30), [1, 4]),
    ("15 марта 2024 год. ", "date", D(2024, 3, 15), D(2024, 3, 15), [3]),
    ("По расписанию ГИА", "event", None, None, []),
    # Приложение №2: the mock-exam schedule.
    ("16.01.2024 г.\nВ 10.00 ч.", "date", D(2024, 1, 16), D(2024, 1, 16), [1]),
    ("06.03.2024 г.                    в 10.00 ч.", "date", D(2024, 3, 6), D(2024, 3, 6), [3]),
    ("12.03.2024 г.\nВ 10.00 ч.", "date", D(2024, 3, 12), D(2024, 3, 12), [3]),
]

SEED_001 = [
    ("В течение года", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("По отдельному графику", "event", None, None, []),
    ("ежегодно", "recurring", D(2022, 1, 1), D(2024, 12, 31), []),
    ("В течение учебного года", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("Ежегодно", "recurring", D(2022, 1, 1), D(2024, 12, 31), []),
    ("Ежегодно октябрь", "recurring", D(2022, 1, 1), D(2024, 12, 31), [10]),
    ("Согласно графику", "event", None, None, []),
    (
        "Регулярно, при подготовке к проведению оценочной процедуры",
        "recurring",
        D(2022, 1, 1),
        D(2024, 12, 31),
        [],
    ),
    ("по отдельному графику", "event", None, None, []),
    ("в течение года", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("2022-2024 год", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("Ежегодно Сентябрь", "recurring", D(2022, 1, 1), D(2024, 12, 31), [9]),
    ("постоянно при проведении оценочных процедур", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("Ежегодно август-сентябрь", "recurring", D(2022, 1, 1), D(2024, 12, 31), [8, 9]),
    ("Постоянно", "continuous", D(2022, 1, 1), D(2024, 12, 31), []),
    ("Ежегодно Ноябрь", "recurring", D(2022, 1, 1), D(2024, 12, 31), [11]),
]

# Months without a year in a three-year plan: the first year is taken, and a warning says so.
SEED_001_AMBIGUOUS = [
    ("июль-август", "range", D(2022, 7, 1), D(2022, 8, 31), [7, 8]),
    ("август", "range", D(2022, 8, 1), D(2022, 8, 31), [8]),
    ("Август, ноябрь", "range", D(2022, 8, 1), D(2022, 11, 30), [8, 11]),
    ("октябрь", "range", D(2022, 10, 1), D(2022, 10, 31), [10]),
    ("ОО до 01 июля", "date", None, D(2022, 7, 1), [7]),
    ("Сентябрь", "range", D(2022, 9, 1), D(2022, 9, 30), [9]),
    ("апрель", "range", D(2022, 4, 1), D(2022, 4, 30), [4]),
]

SEED_004 = [
    ("Январь 2021 г", "range", D(2021, 1, 1), D(2021, 1, 31), [1]),
    ("Февраль-март 2021 г", "range", D(2021, 2, 1), D(2021, 3, 31), [2, 3]),
    ("Февраль-апрель 2021 г", "range", D(2021, 2, 1), D(2021, 4, 30), [2, 4]),
    ("В течение года", "continuous", D(2021, 1, 1), D(2021, 12, 31), []),
    ("Февраль 2021г", "range", D(2021, 2, 1), D(2021, 2, 28), [2]),
    ("Март 2021г", "range", D(2021, 3, 1), D(2021, 3, 31), [3]),
    ("Февраль-март", "range", D(2021, 2, 1), D(2021, 3, 31), [2, 3]),
    ("Начало марта", "range", D(2021, 3, 1), D(2021, 3, 31), [3]),
    ("Март-май 2021г", "range", D(2021, 3, 1), D(2021, 5, 31), [3, 5]),
]

OTHER_FORMS = [
    (YEAR_2022, "июль 2022", "range", D(2022, 7, 1), D(2022, 7, 31), [7]),
    (YEAR_2022, "Март - июнь 2022", "range", D(2022, 3, 1), D(2022, 6, 30), [3, 6]),
    (YEAR_2022, "Март—июнь 2022", "range", D(2022, 3, 1), D(2022, 6, 30), [3, 6]),
    (YEAR_2022, "Март, октябрь 2022", "range", D(2022, 3, 1), D(2022, 10, 31), [3, 10]),
    (YEAR_2022, "По итогам ЕГЭ, май-июнь 2022", "range", D(2022, 5, 1), D(2022, 6, 30), [5, 6]),
    (YEAR_2022, "ноябрь - февраль 2022", "range", D(2021, 11, 1), D(2022, 2, 28), [11, 2]),
    (ACADEMIC_2023, "До 15 января 2024 года", "date", None, D(2024, 1, 15), [1]),
    (ACADEMIC_2023, "До\u00a015\u00a0января\u00a02024 года", "date", None, D(2024, 1, 15), [1]),
    (ACADEMIC_2023, "15 марта 2024 год.", "date", D(2024, 3, 15), D(2024, 3, 15), [3]),
    (ACADEMIC_2023, "Октябрь – ноябрь 2023г.", "range", D(2023, 10, 1), D(2023, 11, 30), [10, 11]),
    (ACADEMIC_2023, "Январь \n- апрель 2024 года.", "range", D(2024, 1, 1), D(2024, 4, 30), [1, 4]),
    (ACADEMIC_2023, "Март, октябрь", "range", D(2023, 10, 1), D(2024, 3, 31), [10, 3]),
    (ACADEMIC_2023, "до конца марта", "date", None, D(2024, 3, 31), [3]),
    (ACADEMIC_2023, "с 1 по 15 марта 2024 г.", "range", D(2024, 3, 1), D(2024, 3, 15), [3]),
    (ACADEMIC_2023, "2 полугодие", "range", D(2024, 1, 1), D(2024, 5, 31), []),
    (ACADEMIC_2023, "В течение 2023-2024 учебного года", "continuous", D(2023, 9, 1), D(2024, 8, 31), []),
    (ACADEMIC_2024, "октябрь-декабрь", "range", D(2024, 10, 1), D(2024, 12, 31), [10, 12]),
    (ACADEMIC_2024, "март", "range", D(2025, 3, 1), D(2025, 3, 31), [3]),
    (ACADEMIC_2024, "сентябрь - май", "range", D(2024, 9, 1), D(2025, 5, 31), [9, 5]),
    (YEAR_2022, "I квартал 2022 г.", "range", D(2022, 1, 1), D(2022, 3, 31), []),
    (YEAR_2022, "На постоянной основе", "continuous", D(2022, 1, 1), D(2022, 12, 31), []),
    (YEAR_2022, "Ежемесячно", "recurring", D(2022, 1, 1), D(2022, 12, 31), []),
    (YEAR_2022, "По расписанию ВПР", "event", None, None, []),
    (YEAR_2022, "По расписанию ГИА", "event", None, None, []),
    (YEAR_2022, "По графику проведения", "event", None, None, []),
    (YEAR_2022, "По плану УО", "event", None, None, []),
    (YEAR_2022, "По итогам ЕГЭ", "event", None, None, []),
]

ALL_CASES = (
    [pytest.param(ACADEMIC_2023, *case, id=f"000:{case[0]!r}") for case in SEED_000]
    + [pytest.param(YEARS_2022_2024, *case, id=f"001:{case[0]!r}") for case in SEED_001]
    + [pytest.param(YEARS_2022_2024, *case, id=f"001:{case[0]!r}") for case in SEED_001_AMBIGUOUS]
    + [pytest.param(YEAR_2021, *case, id=f"004:{case[0]!r}") for case in SEED_004]
    + [pytest.param(*case, id=f"form:{case[1]!r}") for case in OTHER_FORMS]
)


@pytest.mark.parametrize(("period", "text", "kind", "start", "end", "months"), ALL_CASES)
def test_deadline_is_read(period: PlanPeriod, text: str, kind: str, start, end, months: list[int]) -> None:
    parsed = parse_deadline(text, period)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == (kind, start, end, months)


@pytest.mark.parametrize("text", [case[0] for case in SEED_001_AMBIGUOUS])
def test_a_year_guessed_in_a_multi_year_plan_is_reported(text: str) -> None:
    warnings = parse_deadline(text, YEARS_2022_2024).warnings
    assert len(warnings) == 1
    assert "не указан год" in warnings[0] and "2022" in warnings[0] and f"«{text}»" in warnings[0]


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (YEAR_2021, "Февраль-март"),
        (YEAR_2021, "Начало марта"),
        (ACADEMIC_2024, "март"),
        (ACADEMIC_2023, "Март"),
    ],
)
def test_a_year_taken_from_a_one_year_plan_is_not_a_warning(period: PlanPeriod, text: str) -> None:
    assert parse_deadline(text, period).warnings == []


@pytest.mark.parametrize(
    ("period", "text", "dates"),
    [
        (ACADEMIC_2023, "20.12.2024 г.                    в 11.00 ч.", "20.12.2024"),
        (ACADEMIC_2023, "20.12.2024 г. в 11.00 ч.", "20.12.2024"),
        (YEARS_2022_2024, "август 2021", "01.08.2021–31.08.2021"),
    ],
)
def test_a_date_outside_the_plan_period_is_kept_with_a_warning(
    period: PlanPeriod, text: str, dates: str
) -> None:
    parsed = parse_deadline(text, period)
    assert parsed.kind in {"date", "range"}
    assert len(parsed.warnings) == 1
    assert "выходит за период плана" in parsed.warnings[0] and dates in parsed.warnings[0]


def test_the_outside_date_of_seed_000_is_an_event_on_that_day() -> None:
    parsed = parse_deadline("20.12.2024 г.                    в 11.00 ч.", ACADEMIC_2023)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == (
        "date",
        D(2024, 12, 20),
        D(2024, 12, 20),
        [12],
    )


def test_the_outside_month_of_seed_001_is_a_range() -> None:
    parsed = parse_deadline("август 2021", YEARS_2022_2024)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == (
        "range",
        D(2021, 8, 1),
        D(2021, 8, 31),
        [8],
    )


@pytest.mark.parametrize("text", ["", "   ", "\n", " . "])
def test_empty_text_is_unknown_with_a_warning(text: str) -> None:
    parsed = parse_deadline(text, YEAR_2021)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == ("unknown", None, None, [])
    assert parsed.warnings == ["Срок не указан."]


@pytest.mark.parametrize("text", ["абвгд", "Итоговый протокол", "???", "см. выше"])
def test_what_cannot_be_read_is_unknown_and_quoted(text: str) -> None:
    parsed = parse_deadline(text, YEAR_2021)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == ("unknown", None, None, [])
    assert parsed.warnings == [f"Не удалось распознать срок «{text}»: укажите его вручную."]


def test_an_impossible_day_is_unknown() -> None:
    parsed = parse_deadline("До 31 февраля 2024 года", ACADEMIC_2023)
    assert parsed.kind == "unknown"
    assert "несуществующий день" in parsed.warnings[0]


def test_months_without_a_year_and_without_a_plan_period_have_no_dates() -> None:
    parsed = parse_deadline("Февраль-март", None)
    assert (parsed.kind, parsed.start, parsed.end, parsed.months) == ("range", None, None, [2, 3])
    assert "период плана неизвестен" in parsed.warnings[0]


def test_continuous_without_a_plan_period_has_no_dates() -> None:
    parsed = parse_deadline("В течение года", None)
    assert (parsed.kind, parsed.start, parsed.end) == ("continuous", None, None)


def test_as_json_gives_iso_dates() -> None:
    assert parse_deadline("До 15 января 2024 года", ACADEMIC_2023).as_json() == {
        "kind": "date",
        "start": None,
        "end": "2024-01-15",
        "months": [1],
    }


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("План на 2023-2024 учебный год", ACADEMIC_2023),
        ("ПО ОБЕСПЕЧЕНИЮ … В 2023-2024 УЧЕБНОМ ГОДУ ОБЪЕКТИВНОСТИ", ACADEMIC_2023),
        ('в МО Кумторкалинский район" на 2021 год', YEAR_2021),
        ("Изобильненского городского округа на 2022- 2024 годы", YEARS_2022_2024),
        ("**Изобильненского городского округа на 2022- 2024 годы**", YEARS_2022_2024),
        ("План на 2024/25 учебный год", ACADEMIC_2024),
        ("Дорожная карта на 2022–2024 гг.", YEARS_2022_2024),
        ("План мероприятий по обеспечению объективности", None),
    ],
)
def test_period_from_title(title: str, period: PlanPeriod | None) -> None:
    assert period_from_title(title) == period
