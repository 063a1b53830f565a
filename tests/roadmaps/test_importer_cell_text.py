"""The roadmap importer reads cells by the import toolkit's one cell-to-text rule: control
characters, raw or as the xlsx escapes «_x0000_», never reach a measure (PostgreSQL refuses NUL in text),
while a cell's line breaks stay, since the parser reads one person per line."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from common.imports import cell_text
from roadmaps.importer import parse_roadmap
from roadmaps.importer.parser import clean_cell, one_line
from roadmaps.importer.readers import _xlsx_cell


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        5.0,
        5.25,
        7,
        datetime.date(2024, 3, 15),
        datetime.datetime(2024, 3, 15, 9, 30),
        datetime.time(9),
    ],
)
def test_a_value_cell_reads_as_every_other_import_reads_it(value) -> None:
    assert _xlsx_cell(value) == cell_text(value)


def test_a_text_cell_loses_control_characters_and_keeps_its_lines() -> None:
    assert _xlsx_cell("Методисты\x00 УО,\nруководители_x001F_ ОО\x7f") == "Методисты УО,\nруководители ОО"
    assert clean_cell("  Зав.\x0b ИМЦ  \n\n Методисты_x0000_  ") == "Зав. ИМЦ\nМетодисты"
    assert one_line("Совещание\x01\n с   руководителями") == "Совещание с руководителями"


def test_escaped_control_characters_in_a_real_shaped_xlsx_plan_are_dropped() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["План мероприятий (дорожная карта) на 2023-2024 учебный год"])
    sheet.append(["№ п/п", "Мероприятия", "Сроки", "Ответственные"])
    sheet.append([1, "Анализ_x0000_ ВПР", "октябрь", "Методисты УО_x0007_,\nруководители ОО"])
    sheet.append([2, "Совещание с руководителями", datetime.date(2024, 3, 15), "Зав.ИМЦ"])
    out = io.BytesIO()
    workbook.save(out)
    roadmap = parse_roadmap(out.getvalue(), "план.xlsx")
    first, second = roadmap.measures
    assert first.title == "Анализ ВПР"
    assert first.responsible == ["Методисты УО", "руководители ОО"]
    assert second.deadline_text == "15.03.2024"
    texts = [m.title + m.deadline_text + " ".join(m.responsible) for m in roadmap.measures]
    assert not any(ch in text for text in texts for ch in "\x00\x07_")
