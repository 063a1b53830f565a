"""Seed 004: Kumtorkala district, 2021, approved («УТВЕРЖДАЮ») by the head of the department on 26.02.2021."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmaps.importer import ParsedMeasure, ParsedRoadmap, parse_roadmap
from roadmaps.importer.responsible import is_school_heads

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"
STEM = "004_88c78374c9d9ce23"


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
        '"Дорожная карта " по обеспечению объективности оценки образовательных результатов '
        'в МО Кумторкалинский район" на 2021 год'
    )
    assert (roadmap.period.start, roadmap.period.end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert roadmap.as_json()["approval"] == {
        "approved_by": "М.-Д.М.Агалаев",
        "order_number": None,
        "order_date": "2021-02-26",
    }


def test_section_rows_without_deadline(roadmap: ParsedRoadmap) -> None:
    assert [(s.number, s.title) for s in roadmap.sections] == [
        (
            "1",
            "Мероприятия, предусматривающие анализ причин необъективности результатов оценочных процедур "
            "в каждой ОО",
        ),
        (
            "2",
            "Проведение информационно-разъяснительной работы, формирование позитивного отношения "
            "к объективной оценке",
        ),
        (
            "3",
            "Контроль за организацией и проведением процедур оценки качества образования "
            "на муниципальном уровне",
        ),
    ]
    assert [[m.number for m in s.measures] for s in roadmap.sections] == [
        ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"],
        ["2.1", "2.2"],
        ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"],
    ]


def test_a_clean_document_has_no_warnings(roadmap: ParsedRoadmap) -> None:
    assert roadmap.warnings == []


@pytest.mark.parametrize(
    ("number", "text", "kind", "start", "end", "months"),
    [
        ("1.1", "Январь 2021 г", "range", "2021-01-01", "2021-01-31", [1]),
        ("1.2", "Февраль-март 2021 г", "range", "2021-02-01", "2021-03-31", [2, 3]),
        ("1.3", "Февраль-апрель 2021 г", "range", "2021-02-01", "2021-04-30", [2, 4]),
        ("1.4", "В течение года", "continuous", "2021-01-01", "2021-12-31", []),
        ("1.6", "Февраль 2021г", "range", "2021-02-01", "2021-02-28", [2]),
        ("1.7", "Март 2021г", "range", "2021-03-01", "2021-03-31", [3]),
        ("2.1", "Февраль-март", "range", "2021-02-01", "2021-03-31", [2, 3]),
        ("2.2", "Начало марта", "range", "2021-03-01", "2021-03-31", [3]),
        ("3.1", "Март-май 2021г", "range", "2021-03-01", "2021-05-31", [3, 5]),
        ("3.4", "Март-май 2021г", "range", "2021-03-01", "2021-05-31", [3, 5]),
    ],
)
def test_deadlines(roadmap: ParsedRoadmap, number: str, text: str, kind: str, start, end, months) -> None:
    found = measure(roadmap, number)
    assert found.deadline_text == text
    assert found.deadline.as_json() == {"kind": kind, "start": start, "end": end, "months": months}


@pytest.mark.parametrize(
    ("number", "responsible"),
    [
        ("1.1", ["Муниципальный координатор"]),
        ("1.3", ["Муниципальный координатор", "руководители ОО"]),
        ("1.6", ["Муниципальный координатор", "завучи", "школьные координаторы"]),
        ("2.2", ["Муниципальный координатор ВПР", "руководители ОО", "звучи ОО"]),
        ("3.2", ["Муниципальный координатор ВПР"]),
        ("3.5", ["Муниципальный координатор ВПР", "руководит. ОО"]),
    ],
)
def test_responsible(roadmap: ParsedRoadmap, number: str, responsible: list[str]) -> None:
    assert measure(roadmap, number).responsible == responsible


def test_which_measures_every_school_executes(roadmap: ParsedRoadmap) -> None:
    per_school = {m.number for m in roadmap.measures if any(is_school_heads(r) for r in m.responsible)}
    assert per_school == {"1.3", "1.4", "1.5", "1.7", "2.1", "2.2", "3.1", "3.3", "3.5", "3.6"}


def test_txt_and_docx_give_the_same_roadmap() -> None:
    assert load(".txt").as_json() == load(".docx").as_json()
