from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from common.xlsx import ROWS_PER_BATCH, XLSX_CONTENT_TYPE, table_to_xlsx, xlsx_response

UTC = datetime.UTC


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_header_is_bold_frozen_and_filterable_over_every_row():
    content = table_to_xlsx(
        title="Школы",
        headers=["Код", "Школа", "Выполнено"],
        rows=[["A001", "Школа А", 3], ["B001", "Школа Б", 0]],
    )
    sheet = _sheet(content)
    assert sheet.title == "Школы"
    assert [c.value for c in sheet[1]] == ["Код", "Школа", "Выполнено"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["A001", "Школа А", 3],
        ["B001", "Школа Б", 0],
    ]


def test_an_empty_table_keeps_its_header_and_filter():
    sheet = _sheet(table_to_xlsx(title="Пусто", headers=["№", "Мероприятие"], rows=[]))
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:B1"


def test_column_widths_are_applied():
    sheet = _sheet(table_to_xlsx(title="Т", headers=["a", "b"], rows=[["x", "y"]], widths=[12, 60]))
    assert sheet.column_dimensions["A"].width == pytest.approx(12, abs=1)
    assert sheet.column_dimensions["B"].width == pytest.approx(60, abs=1)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+7 928 000-00-00", "-1", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_stays_text(text):
    cell = _sheet(table_to_xlsx(title="Т", headers=["Комментарий"], rows=[[text]]))["A2"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_ordinary_text_and_numbers_are_untouched():
    sheet = _sheet(table_to_xlsx(title="Т", headers=["a", "b"], rows=[["Школа", -5]]))
    assert sheet["A2"].quotePrefix is False
    assert sheet["B2"].value == -5
    assert sheet["B2"].data_type == "n"


def test_dates_stay_real_dates_in_russian_order():
    cell = _sheet(table_to_xlsx(title="Т", headers=["Срок"], rows=[[datetime.date(2024, 2, 15)]]))["A2"]
    assert cell.is_date
    assert cell.value.date() == datetime.date(2024, 2, 15)
    assert cell.number_format == "DD.MM.YYYY"


def test_an_aware_time_is_written_in_the_municipalitys_local_time():
    moment = datetime.datetime(2024, 3, 15, 5, 0, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tomsk")):
        content = table_to_xlsx(title="Т", headers=["Изменено"], rows=[[moment]])
    assert _sheet(content)["A2"].value == datetime.datetime(2024, 3, 15, 12, 0)


def test_a_naive_time_is_written_as_it_is():
    moment = datetime.datetime(2024, 3, 15, 9, 30)
    assert _sheet(table_to_xlsx(title="Т", headers=["t"], rows=[[moment]]))["A2"].value == moment


def test_a_long_title_is_cut_to_excels_31_characters():
    title = "Исполнение мероприятий дорожной карты по школам района"
    assert _sheet(table_to_xlsx(title=title, headers=["a"], rows=[])).title == title[:31]


def test_rows_may_be_a_generator():
    sheet = _sheet(table_to_xlsx(title="Т", headers=["n"], rows=([n] for n in range(3))))
    assert [c.value for c in sheet["A"]][1:] == [0, 1, 2]


def test_rows_over_several_batches_come_out_whole_and_in_order_with_the_filter_over_all():
    count = 2 * ROWS_PER_BATCH + 7
    when = datetime.date(2027, 3, 16)
    sheet = _sheet(
        table_to_xlsx(title="Т", headers=["n", "d", "t"], rows=([n, when, f"={n}"] for n in range(count)))
    )
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == list(range(count))
    assert all(row[1] == datetime.datetime(2027, 3, 16) and row[2] == f"={n}" for n, row in enumerate(rows))
    assert sheet.auto_filter.ref == f"A1:C{count + 1}"


def test_a_generators_rows_are_taken_a_batch_at_a_time_not_all_at_once(monkeypatch):
    taken = []

    def rows():
        for n in range(3 * ROWS_PER_BATCH):
            taken.append(n)
            yield [n]

    seen_when_written = []
    original = WriteOnlyWorksheet.append

    def append(sheet, row):
        seen_when_written.append(len(taken))
        return original(sheet, row)

    monkeypatch.setattr(WriteOnlyWorksheet, "append", append)
    table_to_xlsx(title="Т", headers=["n"], rows=rows())
    # The header, then every row written while no more than its own batch was taken from the generator.
    assert seen_when_written[1] == ROWS_PER_BATCH
    assert max(seen - index for index, seen in enumerate(seen_when_written[1:])) <= ROWS_PER_BATCH


def test_the_response_is_an_excel_attachment():
    response = xlsx_response(b"PK\x03\x04data", "schools.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''schools.xlsx"
    assert response.content == b"PK\x03\x04data"


def test_a_russian_file_name_is_percent_encoded_as_rfc_5987_asks():
    response = xlsx_response(b"", "школы 2024.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%D1%88%D0%BA%D0%BE%D0%BB%D1%8B%202024.xlsx"
    )


def test_plain_values_go_in_as_they_are_and_a_cell_to_style_is_always_a_cell():
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Font

    from common.xlsx import cell_value, make_cell

    sheet = Workbook(write_only=True).create_sheet("Т")
    assert cell_value(sheet, "Школа") == "Школа"
    assert cell_value(sheet, 5) == 5
    assert cell_value(sheet, None) is None
    assert isinstance(cell_value(sheet, "=1+1"), Cell)
    assert isinstance(cell_value(sheet, datetime.date(2026, 3, 1)), Cell)
    for value in ("Школа", 5, None, "=1+1", datetime.date(2026, 3, 1)):
        cell = make_cell(sheet, value)
        cell.font = Font(bold=True)
        assert isinstance(cell, Cell) and cell.font.bold
