"""Deadline wordings of real plans from other regions: the plan's period, a named year, relative terms."""

from __future__ import annotations

from datetime import date

import pytest

from roadmaps.deadlines import parse_deadline
from roadmaps.plan_period import PlanPeriod

D = date
ACADEMIC_2024 = PlanPeriod(D(2024, 9, 1), D(2025, 8, 31))
YEARS_2022_2024 = PlanPeriod(D(2022, 1, 1), D(2024, 12, 31))
YEAR_2022 = PlanPeriod(D(2022, 1, 1), D(2022, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "В течение планового периода",
        "в течение всего планового периода",
        "В течение учебного года",
        "На протяжении учебного года",
        "в текущем учебном году",
        "В течение отчетного периода",
        "в течение срока реализации",
    ],
)
@pytest.mark.parametrize("period", [ACADEMIC_2024, YEARS_2022_2024], ids=["academic", "three years"])
def test_the_plans_period(text: str, period: PlanPeriod) -> None:
    deadline = parse_deadline(text, period)
    assert (deadline.kind, deadline.start, deadline.end, deadline.warnings) == (
        "continuous",
        period.start,
        period.end,
        [],
    )


@pytest.mark.parametrize(
    ("text", "period", "kind", "start", "end"),
    [
        (
            "В течение 2022 года, по графику проведения ВПР",
            YEAR_2022,
            "continuous",
            D(2022, 1, 1),
            D(2022, 12, 31),
        ),
        (
            "В течение 2023 года по графику проведения ВПР",
            YEARS_2022_2024,
            "range",
            D(2023, 1, 1),
            D(2023, 12, 31),
        ),
        (
            "в течение 2024 г. (по графику Рособрнадзора)",
            YEARS_2022_2024,
            "range",
            D(2024, 1, 1),
            D(2024, 12, 31),
        ),
        (
            "На протяжении 2022 года согласно графику",
            YEARS_2022_2024,
            "range",
            D(2022, 1, 1),
            D(2022, 12, 31),
        ),
    ],
)
def test_a_named_year_wins_over_the_schedule(
    text: str, period: PlanPeriod, kind: str, start: date, end: date
) -> None:
    deadline = parse_deadline(text, period)
    assert (deadline.kind, deadline.start, deadline.end, deadline.warnings) == (kind, start, end, [])


def test_a_named_year_outside_the_plan_is_warned_about() -> None:
    deadline = parse_deadline("В течение 2022 года, по графику проведения ВПР", ACADEMIC_2024)
    assert (deadline.kind, deadline.start, deadline.end) == ("range", D(2022, 1, 1), D(2022, 12, 31))
    assert deadline.warnings == [
        "Срок «В течение 2022 года, по графику проведения ВПР» (01.01.2022–31.12.2022) "
        "выходит за период плана 01.09.2024–31.08.2025."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ежеквартально",
        "Ежеквартально до 5 числа",
        "до 1 числа месяца, следующего за отчетным",
        "до 10 числа каждого месяца",
        "1 раз в четверть",
        "в срок до 5-го числа месяца, следующего за отчётным кварталом",
    ],
)
def test_recurring_wordings(text: str) -> None:
    deadline = parse_deadline(text, ACADEMIC_2024)
    assert (deadline.kind, deadline.start, deadline.end, deadline.warnings) == (
        "recurring",
        ACADEMIC_2024.start,
        ACADEMIC_2024.end,
        [],
    )


@pytest.mark.parametrize(
    "text",
    [
        "по мере необходимости",
        "в сроки, установленные Рособрнадзором",
        "В сроки, установленные Министерством",
        "За 2 недели до проведения",
        "за 10 календарных дней до начала экзамена",
        "В течение 10 рабочих дней после проведения",
        "В период подготовки к ГИА",
        "до проведения итогового сочинения",
        "По графику ФИС ОКО",
    ],
)
def test_wordings_tied_to_an_outside_schedule(text: str) -> None:
    deadline = parse_deadline(text, ACADEMIC_2024)
    assert (deadline.kind, deadline.start, deadline.end, deadline.warnings) == ("event", None, None, [])


@pytest.mark.parametrize(
    ("text", "period", "start", "end"),
    [
        ("март – апрель 2025 г.", ACADEMIC_2024, D(2025, 3, 1), D(2025, 4, 30)),
        ("II полугодие", ACADEMIC_2024, D(2025, 1, 1), D(2025, 5, 31)),
        ("второе полугодие", ACADEMIC_2024, D(2025, 1, 1), D(2025, 5, 31)),
        ("В течение I полугодия", ACADEMIC_2024, D(2024, 9, 1), D(2024, 12, 31)),
        ("первый квартал 2023 года", YEARS_2022_2024, D(2023, 1, 1), D(2023, 3, 31)),
        ("IV квартал", YEAR_2022, D(2022, 10, 1), D(2022, 12, 31)),
        (
            "в течение II полугодия 2024-2025 учебного года",
            YEARS_2022_2024,
            D(2025, 1, 1),
            D(2025, 5, 31),
        ),
        ("Сентябрь 2024 – май 2025", ACADEMIC_2024, D(2024, 9, 1), D(2025, 5, 31)),
    ],
)
def test_parts_of_the_year(text: str, period: PlanPeriod, start: date, end: date) -> None:
    deadline = parse_deadline(text, period)
    assert (deadline.kind, deadline.start, deadline.end) == ("range", start, end)


def test_a_half_year_in_a_plan_of_several_years_is_not_guessed() -> None:
    deadline = parse_deadline("II полугодие", YEARS_2022_2024)
    assert (deadline.kind, deadline.start, deadline.end) == ("unknown", None, None)
    assert deadline.warnings == ["Не удалось определить год для срока «II полугодие»: укажите даты вручную."]
