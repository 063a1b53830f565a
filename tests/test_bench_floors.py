"""The floor of an Excel file (bench.floors): its own cells written again from memory, the same values and
the same look, so that a file's figure is its build beside what nothing can beat."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from bench.floors import read_cells, same_cells
from common.xlsx import table_to_xlsx


def _built() -> bytes:
    """A file shaped like the project's: a bold header, dates, numbers, long text and coloured cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Исполнение")
    header = WriteOnlyCell(sheet, value="Мероприятие")
    header.font = Font(bold=True)
    sheet.append([header, "Срок"])
    for number, colour in enumerate(("C6EFCE", "FFC7CE", "C6EFCE"), start=1):
        status = WriteOnlyCell(sheet, value=f"статус {number}")
        status.fill = PatternFill("solid", start_color=colour, end_color=colour)
        when = WriteOnlyCell(sheet, value=date(2025, 2, number))
        when.number_format = "DD.MM.YYYY"
        sheet.append([f"Мероприятие № {number} " * 5, when, number * 1.5, None, status])
    legend = workbook.create_sheet("Легенда")
    legend.append(["Дорожная карта", datetime(2025, 1, 2, 3, 4)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cells(content: bytes) -> list[list[list[tuple]]]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        [
            [(c.value, c.data_type, c.font.bold, c.fill.fgColor.rgb, c.number_format) for c in row]
            for row in sheet.iter_rows()
        ]
        for sheet in workbook.worksheets
    ]


def test_the_floor_writes_the_same_values_and_looks_on_every_sheet() -> None:
    built = _built()
    again = same_cells(built)()
    assert _cells(again) == _cells(built)
    assert load_workbook(io.BytesIO(again)).sheetnames == ["Исполнение", "Легенда"]
    assert _cells(again)[0][2][4][3] == "00FFC7CE"  # the second status keeps its red


def test_cells_of_one_look_are_built_from_one_prototype() -> None:
    sheets = read_cells(_built())
    looks = sheets[0].looks
    # The header's bold, the date format and two colours: three statuses share two looks.
    assert len(looks) == 4
    styled = [look for row in sheets[0].rows for _, look in row if look >= 0]
    assert sorted(set(styled)) == list(range(4)) and len(styled) == 7


def test_a_list_file_and_its_floor_hold_the_same_rows() -> None:
    built = table_to_xlsx(
        title="Претенденты",
        headers=["ФИО", "Дата рождения", "Балл"],
        rows=[["Иванова Анна", date(2008, 5, 1), 5], ["=СУММ(A1)", None, 4.5]],
    )
    assert _cells(same_cells(built)()) == _cells(built)
