"""Files the importer must refuse, each with its own Russian message, and never with a library's exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from roadmaps.importer import RoadmapImportError, parse_roadmap
from roadmaps.importer.errors import MAX_BYTES

from .test_importer_variants import PLAN_TABLE, make_docx

SEED_DOCX = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds" / "004_88c78374c9d9ce23.docx"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def refusal(data: bytes, filename: str, **kwargs: int) -> str:
    with pytest.raises(RoadmapImportError) as caught:
        parse_roadmap(data, filename, **kwargs)
    message = str(caught.value)
    assert f"«{filename}»" in message
    return message


def zip_bomb() -> bytes:
    """A «.docx» whose document part inflates to 101 MiB of zeros (about 100 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(101):
                member.write(zeros)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_not_a_docx() -> None:
    assert "не является документом Word (.docx)" in refusal(b"just some text, not a zip", "план.docx")


def test_old_word_format_under_a_docx_name() -> None:
    assert "старого формата" in refusal(OLE_HEADER, "план.docx")


def test_truncated_docx() -> None:
    data = SEED_DOCX.read_bytes()
    assert "повреждён или обрезан" in refusal(data[: len(data) // 2], "план.docx")


def test_a_damaged_member_is_reported_as_damage() -> None:
    data = bytearray(SEED_DOCX.read_bytes())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")
    data[start + 40 : start + 80] = b"\xff" * 40  # inside the compressed document part
    message = refusal(bytes(data), "план.docx")
    assert "повреждён" in message


def test_zip_bomb() -> None:
    assert "больше 100 МБ" in refusal(zip_bomb(), "план.docx")


def test_a_zip_that_is_not_a_word_document() -> None:
    assert "нет основного текста" in refusal(xlsx_bytes(), "план.docx")


def test_broken_xml_inside_a_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")
    assert "не удалось открыть как документ Word" in refusal(out.getvalue(), "план.docx")


def test_docx_with_no_table() -> None:
    data = make_docx("План мероприятий на 2023 год", "Мероприятия будут определены позже.")
    assert "нет ни одной таблицы" in refusal(data, "план.docx")


def test_empty_table() -> None:
    data = make_docx("План мероприятий на 2023 год", [["", "", ""], ["", "", ""]])
    assert "пуста" in refusal(data, "план.docx")


def test_header_without_measures() -> None:
    data = make_docx("План мероприятий на 2023 год", [["№", "Мероприятия", "Сроки", "Ответственные"]])
    assert "нет ни одного мероприятия" in refusal(data, "план.docx")


def test_table_without_measure_columns() -> None:
    data = make_docx("План мероприятий на 2023 год", [["Фамилия", "Школа"], ["Петрова", "СОШ №1"]])
    assert "не найдена таблица мероприятий" in refusal(data, "план.docx")


def test_huge_file_is_refused_before_reading() -> None:
    message = refusal(b"x" * (MAX_BYTES + 1), "план.txt")
    assert "слишком большой (10,1 МБ): допускается не больше 10 МБ" in message


def test_the_size_limit_is_a_parameter() -> None:
    assert "слишком большой" in refusal(SEED_DOCX.read_bytes(), "план.docx", max_bytes=1024)


@pytest.mark.parametrize("filename", ["план.pdf", "план", "план.docx.exe"])
def test_wrong_extension(filename: str) -> None:
    assert "неподдерживаемое расширение" in refusal(SEED_DOCX.read_bytes(), filename)


@pytest.mark.parametrize("filename", ["план.doc", "план.xls"])
def test_old_office_formats_are_named(filename: str) -> None:
    assert "сохраните как .docx или .xlsx" in refusal(OLE_HEADER, filename)


def test_empty_file() -> None:
    assert refusal(b"", "план.docx") == "Файл «план.docx» пуст."


def test_undecodable_text() -> None:
    assert "не удалось прочитать как текст" in refusal(bytes(range(256)), "план.txt")


def test_broken_xlsx() -> None:
    assert "не удалось открыть как книгу Excel" in refusal(SEED_DOCX.read_bytes(), "план.xlsx")


def test_cp1251_text_is_fine() -> None:
    text = (
        "План мероприятий на 2021 год\n\n"
        "№\tМероприятия\tСроки\tОтветственные\n"
        "1.\tАнализ ВПР\tФевраль-март\tУО\n"
    )
    roadmap = parse_roadmap(text.encode("cp1251"), "план.txt")
    (measure,) = roadmap.measures
    assert (measure.title, measure.deadline.kind, measure.deadline.months) == ("Анализ ВПР", "range", [2, 3])


def test_a_good_docx_is_not_refused() -> None:
    roadmap = parse_roadmap(make_docx("План мероприятий на 2022 год", PLAN_TABLE), "план.docx")
    assert len(roadmap.measures) == 2
