"""Readers: .docx, .xlsx and .txt into one intermediate form — paragraphs and tables of cell strings.

Every reader keeps the document order and leaves the text as written (no trimming beyond what the
format forces); the parser does all interpretation.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import docx
import python_calamine
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement

from common.imports.cells import cell_text, clean_text
from common.imports.safety import broken_utf8_line, zip_problem

from .errors import RoadmapImportError

SUPPORTED_SUFFIXES = (".docx", ".xlsx", ".txt")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


Block = Paragraph | Table


@dataclass
class RawDocument:
    filename: str
    blocks: list[Block]


def check_suffix(filename: str) -> None:
    """Refuse an unsupported extension by the name alone, before the content is read."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return
    if suffix in {".doc", ".xls", ".rtf", ".odt"}:
        raise RoadmapImportError(
            f"Файл «{filename}» сохранён в формате {suffix}, который не поддерживается: "
            "откройте его в Word или Excel и сохраните как .docx или .xlsx."
        )
    raise RoadmapImportError(
        f"Файл «{filename}» имеет неподдерживаемое расширение «{suffix or 'без расширения'}»: "
        "загрузите документ Word (.docx), книгу Excel (.xlsx) или текст (.txt)."
    )


def read_document(data: bytes, filename: str) -> RawDocument:
    """Dispatch on the file's extension; the caller has already checked the size."""
    check_suffix(filename)
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".docx":
        return RawDocument(filename, read_docx(data, filename))
    if suffix == ".xlsx":
        return RawDocument(filename, read_xlsx(data, filename))
    return RawDocument(filename, read_txt(data, filename))


# --- zip containers ----------------------------------------------------------------------------------


def check_zip_container(data: bytes, filename: str, kind: str) -> None:
    """Refuse what is not a zip, a truncated or corrupted zip, a zip bomb and a package with macros, before
    any library parses it.

    The package checks are the import toolkit's (``common.imports.zip_problem``: sizes counted while
    actually decompressing); an old Office file and a file that is no zip at all get the importer's own words.
    """
    if data.startswith(_OLE_SIGNATURE):
        raise RoadmapImportError(
            f"Файл «{filename}» — документ старого формата Office (.doc/.xls) с расширением другого формата: "
            "сохраните его как .docx или .xlsx."
        )
    if not data.startswith(_ZIP_SIGNATURE):
        raise RoadmapImportError(
            f"Файл «{filename}» не является {kind}: его содержимое не похоже на формат Office."
        )
    what = "документ Word (.docx)" if ".docx" in kind else "книга Excel (.xlsx)"
    if problem := zip_problem(data, filename, what=what):
        raise RoadmapImportError(problem)


# --- .docx -------------------------------------------------------------------------------------------


def read_docx(data: bytes, filename: str) -> list[Block]:
    check_zip_container(data, filename, "документом Word (.docx)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise RoadmapImportError(
                f"Файл «{filename}» не является документом Word: в нём нет основного текста."
            )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for broken packages
        raise RoadmapImportError(
            f"Файл «{filename}» не удалось открыть как документ Word: он повреждён."
        ) from exc

    paragraph_tag, table_tag = qn("w:p"), qn("w:tbl")
    content_tags = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
    blocks: list[Block] = []

    def walk(element: BaseOxmlElement) -> None:
        for child in element.iterchildren():
            if child.tag == paragraph_tag:
                blocks.append(Paragraph(clean_text(child.text)))
            elif child.tag == table_tag:
                blocks.append(_docx_table(child))
            elif child.tag in content_tags:
                walk(child)

    walk(document.element.body)
    return blocks


def _docx_table(tbl: CT_Tbl) -> Table:
    """Rows by grid column; a horizontally merged cell gives its text once and empty strings after it.

    python-docx's ``row.cells`` repeats a merged cell's text across its columns, so the rows are read
    from the XML: each <w:tc> once, padded by its gridSpan; a vertically continued cell is empty.
    """
    table = Table()
    above: dict[int, str] = {}  # the text of the cell that starts a vertical merge, by grid column
    for tr in tbl.tr_lst:
        row: list[str] = [""] * tr.grid_before
        for tc in tr.tc_lst:
            column = len(row)
            if tc.vMerge == "continue":
                # One «Ответственные» cell over several measures belongs to each of them; the first column
                # (the number) stays empty, so a measure spread over two rows stays one measure.
                text = above.get(column, "") if column > 0 else ""
            else:
                text = clean_text("\n".join(p.text for p in tc.iterchildren(qn("w:p"))))
                above[column] = text
            row.append(text)
            row.extend([""] * (tc.grid_span - 1))
        table.rows.append(row)
    return table


# --- .xlsx -------------------------------------------------------------------------------------------


def read_xlsx(data: bytes, filename: str) -> list[Block]:
    """Every visible sheet: the lines above the first row of two or more cells become paragraphs."""
    check_zip_container(data, filename, "книгой Excel (.xlsx)")
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=True)
            for meta in workbook.sheets_metadata
            if meta.visible == python_calamine.SheetVisibleEnum.Visible
        ]
    except Exception as exc:  # calamine raises its own errors and plain ValueError for broken books
        raise RoadmapImportError(
            f"Файл «{filename}» не удалось открыть как книгу Excel: он повреждён."
        ) from exc

    blocks: list[Block] = []
    for rows in sheets:
        cells = [[_xlsx_cell(value) for value in row] for row in rows]
        first_wide = next(
            (i for i, row in enumerate(cells) if sum(1 for c in row if c.strip()) >= 2), len(cells)
        )
        for row in cells[:first_wide]:
            blocks.extend(Paragraph(c) for c in row if c.strip())
        if first_wide < len(cells):
            width = max(len(row) for row in cells[first_wide:])
            blocks.append(Table([row + [""] * (width - len(row)) for row in cells[first_wide:]]))
    return blocks


def _xlsx_cell(value: object) -> str:
    """The toolkit's one cell-to-text rule (``common.imports.cell_text``: numbers, dates, control
    characters); a text cell keeps its line breaks, which the parser reads (one person per line)."""
    if isinstance(value, str):
        return clean_text(value)
    return cell_text(value)


# --- .txt --------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1251, but not UTF-8 with stray bytes."""
    candidates = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ["utf-8-sig", "cp1251"]
    line = broken_utf8_line(data) if candidates[0] == "utf-8-sig" else None
    if line is not None:
        raise RoadmapImportError(
            f"Файл «{filename}», строка {line}: в тексте UTF-8 встречаются байты, которые не являются "
            "буквами UTF-8 (файл повреждён). Сохраните его заново в кодировке UTF-8."
        )
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    raise RoadmapImportError(
        f"Файл «{filename}» не удалось прочитать как текст: это не текст в кодировке UTF-8 или Windows-1251."
    )


def read_txt(data: bytes, filename: str) -> list[Block]:
    """Two shapes of Word's text export.

    * Tab-separated rows: a line with tabs between cells is a table row (seeds 001 and 004).
    * One cell per line: every cell starts with a tab, its further lines do not, and rows are separated
      by blank lines (seed 000). A blank line may also fall inside a row, so short groups of cells are
      joined until the row has as many cells as the table's first row.
    """
    text = decode_text(data, filename)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines = [line.replace("**", "") for line in lines]
    leading = sum(1 for line in lines if line.startswith("\t"))
    inner = sum(1 for line in lines if re.search(r"\S\t+\S", line) and not line.startswith("\t"))
    if leading > inner:
        return _read_cell_per_line(lines)
    return _read_tab_rows(lines)


def _complete_row(cells: list[str], lines: list[str], start: int, width: int) -> tuple[list[str], int] | None:
    """A row cut short by a line break inside a cell: Word writes the cell's next line on a line of its own,
    and the row's remaining cells after it. The following lines are joined while they fill the row to
    exactly its width; None when they do not."""
    row = list(cells)
    for index in range(start, min(start + 12, len(lines))):
        line = lines[index]
        if not line.strip():
            return None
        following = line.split("\t")
        if len(row) + len(following) - 1 > width:
            return None
        row[-1] += "\n" + following[0]
        row.extend(following[1:])
        if len(row) == width:
            return row, index - start + 1
    return None


_NOT_A_CELL_LINE = re.compile(
    r"^\s*(?:(?:\d{1,2}|[IVX]{1,5})\s*[.)]?\s+[А-ЯЁA-Z«\"]|(?:\d{1,2}|[IVX]{1,5})\s*\.?\s*$"
    r"|(?i:раздел\s|приложени|применяем|сокращени)|[^а-яё]{12,}$)"
)


_NAME_LINE = re.compile(
    r"^(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)"
)


def _continues_last_cell(table: Table, lines: list[str], index: int) -> bool:
    """A line without tabs right under a full row (no blank line between) is the next line of the row's
    last cell, as Word writes it, unless it reads as a heading or the start of an appendix."""
    previous = lines[index - 1] if index > 0 else ""
    row = table.rows[-1] if table.rows else []
    if "\t" not in previous or not row or not row[-1].strip():
        return False
    line = lines[index].strip()
    # A line of its own that starts with a capital is a merged section row («Работа с учащимися»), unless
    # it is a person's name going on from the cell above.
    goes_on = line[:1].islower() or line[:1] in ",;:-–)" or _NAME_LINE.match(line) is not None
    return goes_on and not _NOT_A_CELL_LINE.match(line)


def _table_width(lines: list[str], start: int) -> int:
    """No line holds more cells than a whole row: the widest line of the table starting at ``start``
    (up to the first blank line) gives its width."""
    widest = 0
    for line in lines[start : start + 60]:
        if not line.strip():
            break
        widest = max(widest, len(line.split("\t")))
    return widest


def _read_tab_rows(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    table: Table | None = None
    width = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" in line and line.strip():
            cells = line.split("\t")
            if table is None:
                table = Table()
                blocks.append(table)
                width = len(cells)
                usual = _table_width(lines, index)
                # A header with a line break inside a cell («Ответственные\nисполнители»).
                if width < usual and (completed := _complete_row(cells, lines, index + 1, usual)):
                    cells, used = completed
                    index += used
                    width = usual
            elif len(cells) < width and (completed := _complete_row(cells, lines, index + 1, width)):
                cells, used = completed
                index += used
            table.rows.append(cells)
        elif line.strip() and table is not None and _continues_last_cell(table, lines, index):
            table.rows[-1][-1] += "\n" + line
        elif line.strip():
            table = None
            blocks.append(Paragraph(line))
        index += 1
    for block in blocks:
        if isinstance(block, Table):
            width = max(len(row) for row in block.rows)
            block.rows = [row + [""] * (width - len(row)) for row in block.rows]
    return blocks


def _read_cell_per_line(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    groups: list[list[str]] = []  # groups of cells between blank lines, for the table being read
    in_cell = False

    def close_table() -> None:
        if groups:
            blocks.append(Table(_rows_from_groups(groups)))
            groups.clear()

    for line in lines:
        if line.startswith("\t"):
            if not groups:
                groups.append([])
            groups[-1].append(line[1:])
            in_cell = True
        elif not line.strip():
            if groups and groups[-1]:
                groups.append([])
            in_cell = False
        elif in_cell:
            groups[-1][-1] += "\n" + line
        else:
            close_table()
            blocks.append(Paragraph(line))
    close_table()
    return blocks


def _rows_from_groups(groups: list[list[str]]) -> list[list[str]]:
    groups = [group for group in groups if group]
    if not groups:
        return []
    width = len(groups[0])
    rows: list[list[str]] = []
    for group in groups:
        if rows and len(rows[-1]) < width and len(rows[-1]) + len(group) <= width:
            rows[-1].extend(group)
        else:
            rows.append(list(group))
    return [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
