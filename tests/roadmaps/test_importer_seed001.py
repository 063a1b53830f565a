"""Seed 001: one school's (МКОУ «СОШ №20», Izobilny) 2022-2024 plan; its header repeats, once misprinted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmaps.importer import ParsedMeasure, ParsedRoadmap, parse_roadmap
from roadmaps.importer.responsible import is_school_heads

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"
STEM = "001_15714ccce30c90f6"
SECTIONS = [
    ("1", "Аналитическая работа"),
    ("2", "Выявление причин и условий, способствующих необъективному проведению оценочных процедур"),
    (
        "3",
        "Меры по повышению компетентности руководящих и педагогических работников по вопросам объективности "
        "образовательных результатов",
    ),
    (
        "4",
        "Организационные мероприятия по повышению объективности оценивания образовательных результатов "
        "обучающихся",
    ),
    (
        "5",
        "Формирование у участников образовательных отношений позитивного отношения к объективной оценке "
        "образовательных результатов",
    ),
]
COUNTS = {"1": 7, "2": 4, "3": 15, "4": 5, "5": 6}


def load(suffix: str) -> ParsedRoadmap:
    path = SEEDS / f"{STEM}{suffix}"
    return parse_roadmap(path.read_bytes(), path.name)


@pytest.fixture(scope="module", params=[".txt", ".docx"])
def roadmap(request: pytest.FixtureRequest) -> ParsedRoadmap:
    return load(request.param)


def measure(roadmap: ParsedRoadmap, number: str) -> ParsedMeasure:
    (found,) = [m for m in roadmap.measures if m.number == number]
    return found


def test_title_period_and_approval(roadmap: ParsedRoadmap) -> None:
    assert roadmap.title == (
        "План мероприятий, направленный на обеспечение объективности проведения оценочных процедур в "
        "общеобразовательных организациях Изобильненского городского округа на 2022- 2024 годы"
    )
    assert (roadmap.period.start, roadmap.period.end) == (date(2022, 1, 1), date(2024, 12, 31))
    assert roadmap.as_json()["approval"] == {
        "approved_by": "В.Д. Мазепа",
        "order_number": "149",
        "order_date": "2022-07-01",
    }


def test_sections_from_rows_and_from_headings_between_tables(roadmap: ParsedRoadmap) -> None:
    assert [(s.number, s.title) for s in roadmap.sections] == SECTIONS
    assert {s.number: len(s.measures) for s in roadmap.sections} == COUNTS


def test_numbers_in_order_with_repeated_headers_skipped(roadmap: ParsedRoadmap) -> None:
    expected = [f"{section}.{item}" for section, count in COUNTS.items() for item in range(1, count + 1)]
    assert [m.number for m in roadmap.measures] == expected
    assert not any(m.title in {"Мероприятия", ""} for m in roadmap.measures)
    assert not [w for w in roadmap.warnings if "повторно" in w or "пропущен" in w]


def test_columns_that_the_plan_does_not_have_are_empty(roadmap: ParsedRoadmap) -> None:
    assert {m.form for m in roadmap.measures} == {None}
    assert {m.expected_result for m in roadmap.measures} == {None}
    assert roadmap.appendices == []


def test_measure_text(roadmap: ParsedRoadmap) -> None:
    assert measure(roadmap, "3.14").title == (
        "Анализ самодиагностики с предоставлением аналитической справки в отдел образования."
    )
    assert measure(roadmap, "1.3").title == (
        "Анализ объективности выдачи медалей РФ «За особые успехи в учении» МКОУ «СОШ №20» ИГОСК"
    )


@pytest.mark.parametrize(
    ("number", "responsible"),
    [
        ("1.1", ["Администрация ОО"]),
        ("1.4", ["Администрация ОО", "Руководители ШМО"]),
        ("1.7", ["Администрация", "Руководители ШМО"]),
        ("3.10", ["Администрация ОО", "Классные руководители"]),
        ("3.14", ["Заместитель руководителя по УВР"]),
        ("5.2", ["Администрация ОО", "Педагог-психолог"]),
        ("5.5", ["Администрация ОО", "Руководители ПМО"]),
    ],
)
def test_roles_run_together_are_split(roadmap: ParsedRoadmap, number: str, responsible: list[str]) -> None:
    assert measure(roadmap, number).responsible == responsible


def test_school_administration_is_the_school(roadmap: ParsedRoadmap) -> None:
    assert is_school_heads(measure(roadmap, "1.1").responsible[0])
    assert not is_school_heads(measure(roadmap, "1.4").responsible[1])


@pytest.mark.parametrize(
    ("number", "text", "kind", "start", "end", "months"),
    [
        ("1.1", "В течение года", "continuous", "2022-01-01", "2024-12-31", []),
        ("1.2", "июль-август", "range", "2022-07-01", "2022-08-31", [7, 8]),
        ("1.4", "Август, ноябрь", "range", "2022-08-01", "2022-11-30", [8, 11]),
        ("1.6", "По отдельному графику", "event", None, None, []),
        ("1.7", "ОО до 01 июля", "date", None, "2022-07-01", [7]),
        ("2.1", "ежегодно", "recurring", "2022-01-01", "2024-12-31", []),
        (
            "3.3",
            "Регулярно, при подготовке к проведению оценочной процедуры",
            "recurring",
            "2022-01-01",
            "2024-12-31",
            [],
        ),
        ("3.5", "август 2021", "range", "2021-08-01", "2021-08-31", [8]),
        ("3.11", "2022-2024 год", "continuous", "2022-01-01", "2024-12-31", []),
        ("3.12", "Ежегодно Сентябрь", "recurring", "2022-01-01", "2024-12-31", [9]),
        ("4.2", "постоянно при проведении оценочных процедур", "continuous", "2022-01-01", "2024-12-31", []),
        ("4.5", "Ежегодно август-сентябрь", "recurring", "2022-01-01", "2024-12-31", [8, 9]),
        ("5.3", "Постоянно", "continuous", "2022-01-01", "2024-12-31", []),
    ],
)
def test_deadlines(roadmap: ParsedRoadmap, number: str, text: str, kind: str, start, end, months) -> None:
    found = measure(roadmap, number)
    assert found.deadline_text == text
    assert found.deadline.as_json() == {"kind": kind, "start": start, "end": end, "months": months}


def test_deadline_warnings(roadmap: ParsedRoadmap) -> None:
    assert (
        "Мероприятие 3.5: срок «август 2021» (01.08.2021–31.08.2021) выходит за период плана "
        "01.01.2022–31.12.2024."
    ) in roadmap.warnings
    guessed = sorted(w.split(":")[0] for w in roadmap.warnings if "не указан год" in w)
    assert guessed == sorted(f"Мероприятие {n}" for n in ["1.2", "1.3", "1.4", "1.5", "1.7", "3.10", "3.14"])


def test_txt_and_docx_give_the_same_roadmap() -> None:
    assert load(".txt").as_json() == load(".docx").as_json()
