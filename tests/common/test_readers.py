"""The readers and the one cell-to-text rule: every format, encodings and separators, control characters,
and the safety checks written once."""

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from common.imports import (
    TableError,
    cell_date,
    cell_int,
    cell_text,
    clean_text,
    docx_paragraphs,
    docx_tables,
    file_problem,
    iter_table_rows,
    read_csv,
    read_table,
    read_text,
    sheet_names,
    zip_problem,
)


def xlsx_bytes(rows, title="Лист1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROWS = [["ФИО", "Класс"], ["Иванов Иван", "11А"]]
DATA = Path(__file__).resolve().parent.parent / "data" / "tables"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8", ","),
        ("utf-8", "\t"),
        ("utf-8-sig", ";"),
        ("cp1251", ";"),
        ("cp1251", ","),
        ("cp1251", "\t"),
    ],
)
def test_a_csv_in_any_usual_encoding_and_separator(encoding, delimiter):
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    assert read_csv(text.encode(encoding), "f.csv") == ROWS


def test_a_csv_with_quotes_and_a_separator_inside_a_value():
    content = 'ФИО;Школа\n"Иванов Иван";"МКОУ «СОШ №1»; корпус 2"\n'.encode("cp1251")
    assert read_csv(content, "f.csv") == [["ФИО", "Школа"], ["Иванов Иван", "МКОУ «СОШ №1»; корпус 2"]]


def test_a_utf8_csv_with_stray_bytes_is_refused_with_its_line():
    content = "ФИО;Класс\nИванов;11А\n".encode() + b"\xff\xfe\n"
    with pytest.raises(TableError, match="Строка 3"):
        read_csv(content, "f.csv")


def test_xlsx_and_xls_named_xlsx_are_read_from_a1():
    content = xlsx_bytes([["Реестр"], *ROWS])
    assert read_table(content, "f.xlsx") == [["Реестр", ""], *ROWS]
    # an .xlsx saved under the old extension is read too
    assert read_table(content, "f.xls")[1] == ROWS[0]


def test_a_real_xls_is_read():
    """tests/data/tables/register.xls: a BIFF8 workbook as old Excel writes it (made once with xlwt)."""
    rows = read_table((DATA / "register.xls").read_bytes(), "register.xls")
    assert rows[0] == ["ФИО", "Класс", "Дата рождения", "Медаль", "Предыдущая ОО", "Дата перевода"]
    assert rows[1][:2] == ["Гаджиева Амина Руслановна", "11Б"]
    assert sheet_names((DATA / "register.xls").read_bytes(), "register.xls") == ["Реестр"]


def test_something_else_named_xls_is_refused():
    with pytest.raises(TableError, match=r"не читается как таблица Excel \(\.xls\)"):
        read_table(b"just text, not a workbook", "f.xls")


def test_sheet_names_and_streaming_rows(tmp_path):
    content = xlsx_bytes(ROWS, title="Реестр")
    assert sheet_names(content, "f.xlsx") == ["Реестр"]
    path = tmp_path / "f.xlsx"
    path.write_bytes(content)
    assert [[cell_text(c) for c in row] for row in iter_table_rows(path=path, name="f.xlsx")] == ROWS
    csv_path = tmp_path / "f.csv"
    csv_path.write_bytes("ФИО;Класс\nИванов Иван;11А\n".encode("cp1251"))
    assert list(iter_table_rows(path=csv_path, name="f.csv")) == ROWS


def test_an_xlsx_cell_with_an_escaped_nul_is_read_without_it():
    content = xlsx_bytes([["ФИО"], ["Иванов_x0000_ Иван"]])
    assert read_table(content, "f.xlsx")[1] == ["Иванов Иван"]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_control_characters_are_removed_but_tabs_and_line_breaks_kept(char):
    assert clean_text(f"а{char}б\tв\nг\r\nд") == "аб\tв\nг\nд"
    assert cell_text(f" Иванов{char} Иван _x0001_") == "Иванов Иван"


def test_a_csv_with_nul_bytes_gives_clean_cells():
    assert read_csv("ФИО;Класс\nИва\x00нов;11А\n".encode(), "f.csv")[1] == ["Иванов", "11А"]


def test_the_cell_to_text_rule():
    assert cell_text(None) == ""
    assert cell_text(5.0) == "5"
    assert cell_text(4.5) == "4.5"
    assert cell_text(datetime.datetime(2024, 5, 30)) == "30.05.2024"
    assert cell_text(datetime.datetime(2024, 5, 30, 10, 0)) == "30.05.2024 10:00"
    assert cell_text(datetime.date(2006, 4, 5)) == "05.04.2006"
    assert cell_text("  Иванов \n Иван  ") == "Иванов Иван"
    assert cell_text(True) == "да"
    assert (cell_int("3"), cell_int(3.0), cell_int("3.5"), cell_int(True)) == (3, 3, None, None)
    assert cell_date("05.04.2006") == cell_date("2006-04-05") == datetime.date(2006, 4, 5)
    assert cell_date("31.02.2006") is None


def docx_bytes():
    document = docx.Document()
    document.add_paragraph("Приложение №2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "№", "Предмет"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Химия"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_tables_and_paragraphs():
    content = docx_bytes()
    assert docx_tables(content, "f.docx") == [[["№", "Предмет"], ["1", "Химия"]]]
    assert docx_paragraphs(content, "f.docx")[0] == "Приложение №2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_text_files_in_any_usual_encoding(encoding):
    assert read_text("План мероприятий\n1. Анализ".encode(encoding), "f.txt") == "План мероприятий\n1. Анализ"


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_safety_checks():
    assert "макросы" in zip_problem(_zip({"xl/vbaProject.bin": b"x"}), "m.xlsx")
    bomb = _zip({"xl/a.xml": b"0" * (101 * 1024 * 1024)})
    assert "при распаковке занимает больше 100 МБ" in zip_problem(bomb, "b.xlsx")
    assert "повреждён" in zip_problem(b"PK\x03\x04broken", "t.xlsx")
    assert "другой формат" in zip_problem(b"%PDF-1.4", "p.xlsx")
    assert file_problem(b"", "e.xlsx") == "Файл «e.xlsx» пустой."
    assert "не похож на таблицу Excel" in file_problem(b"%PDF-1.4 ....", "p.xlsx")
    assert file_problem(xlsx_bytes(ROWS), "ok.xlsx") is None


def test_a_file_over_the_limit_is_refused_before_reading(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(TableError, match="можно не больше"):
        read_table(b"x" * 2000, "big.csv")
