"""Readers of what people upload: .xlsx/.xlsm/.ods and .xls (python-calamine), .csv (UTF-8, UTF-8 with
BOM or Windows-1251; «,», «;» or tab between values), .docx (tables and paragraphs) and plain text.

Every reader runs the safety checks first and raises TableError with a Russian message naming the file.
Table readers return the rows of the first sheet from cell A1, so that list index + 1 is the row number
Excel shows; ``iter_table_rows`` streams them from a stored file, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path, PurePath

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from .cells import clean_text
from .issues import TableError
from .safety import (
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    broken_utf8_problem,
    size_problem,
    zip_problem,
)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TABLE_SUFFIXES = (".xlsx", ".xls", ".csv")  # what the upload forms offer; .xlsm and .ods are read too
ENCODING_SAMPLE = 64 * 1024


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def suffix_problem(name: str, suffixes: tuple[str, ...] = TABLE_SUFFIXES) -> str | None:
    """Why a file is refused by its extension alone, or None."""
    if suffix_of(name) in suffixes:
        return None
    listed = ", ".join(suffixes[:-1]) + " и " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]
    return f"Файл «{name}»: принимаются только таблицы {listed}."


# --- text and CSV --------------------------------------------------------------------------------------


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """«utf-8-sig» (with or without BOM), «utf-16» with its BOM, or «cp1251»; TableError for UTF-8 with
    stray bytes. ``complete`` False: ``sample`` is the start of a longer file (a letter may be cut)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        sample.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(sample) - 3:
            return "utf-8-sig"  # a multi-byte letter cut by the end of the sample
        problem = broken_utf8_problem(sample)
        if problem:
            raise TableError(problem) from exc
    return "cp1251"


def decode_text(data: bytes, name: str) -> str:
    """The text of a .txt or .csv file, control characters removed."""
    encoding = detect_encoding(data)
    try:
        return clean_text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise TableError(
            f"Файл «{name}» не в кодировке UTF-8 и не в Windows-1251: сохраните его как «CSV UTF-8»."
        ) from exc


def detect_delimiter(text: str) -> str:
    """The separator of a CSV file by its first lines: tab, «;» or «,», whichever is most frequent."""
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    sample = "\n".join(lines)
    counts = {sep: sample.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ","


def _csv_reader(lines: Iterator[str] | io.StringIO, delimiter: str) -> Iterator[list[str]]:
    other = "," if delimiter == ";" else ";"
    wide = False
    try:
        for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            filled = [cell for cell in row if cell.strip()]
            # Two exports glued together: below rows of several values, a row read as one value that
            # holds the other separator was written with that one.
            if wide and len(filled) == 1 and filled[0].count(other) >= 2:
                raise TableError(
                    f"Строка {number}: значения разделены «{other}», а в строках выше — «{delimiter}». "
                    "Сохраните файл заново с одним разделителем."
                )
            wide = wide or len(filled) >= 3
            yield [clean_text(cell) for cell in row]
    except csv.Error as exc:
        raise TableError(f"Файл CSV повреждён: {exc}.") from exc


def read_csv(content: bytes, name: str = "файл.csv") -> list[list[str]]:
    text = decode_text(content, name)
    return list(_csv_reader(io.StringIO(text, newline=""), detect_delimiter(text[:8192])))


def iter_csv(path: Path, name: str) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        sample = raw.read(ENCODING_SAMPLE)
    encoding = detect_encoding(sample, complete=len(sample) < ENCODING_SAMPLE)
    delimiter = detect_delimiter(sample.decode(encoding, errors="replace")[:8192])
    with path.open(encoding=encoding, newline="") as text:
        try:
            yield from _csv_reader(text, delimiter)
        except UnicodeDecodeError as exc:
            raise TableError(
                "Файл не в кодировке UTF-8 и не в Windows-1251: сохраните его как «CSV UTF-8»."
            ) from exc


# --- spreadsheets --------------------------------------------------------------------------------------


def _spreadsheet_problem(head_and_stream: io.BufferedIOBase | io.BytesIO, name: str) -> str | None:
    if suffix_of(name) == ".xls":
        head = head_and_stream.read(8)
        head_and_stream.seek(0)
        if head.startswith(ZIP_SIGNATURE):  # an .xlsx saved with the old extension
            return zip_problem(head_and_stream, name)
        if not head.startswith(OLE_SIGNATURE):
            return f"Файл «{name}» не читается как таблица Excel (.xls): по содержимому это другой формат."
        return None
    return zip_problem(head_and_stream, name)


def _unreadable(name: str) -> TableError:
    return TableError(
        f"Файл «{name}» не читается как таблица Excel: возможно, он повреждён или это другой формат."
    )


def read_spreadsheet(content: bytes, name: str, *, sheet: int | str = 0) -> list[list[object]]:
    """One sheet (the first unless ``sheet`` names another) from cell A1, empty rows kept."""
    problem = _spreadsheet_problem(io.BytesIO(content), name)
    if problem:
        raise TableError(problem)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        found = (
            workbook.get_sheet_by_name(sheet)
            if isinstance(sheet, str)
            else workbook.get_sheet_by_index(sheet)
        )
        rows = found.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise _unreadable(name) from exc
    return [[clean_text(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]


def sheet_names(content: bytes, name: str) -> list[str]:
    """The visible sheets of a workbook, in order."""
    problem = _spreadsheet_problem(io.BytesIO(content), name)
    if problem:
        raise TableError(problem)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [meta.name for meta in workbook.sheets_metadata if meta.visible == SheetVisibleEnum.Visible]
    except (CalamineError, ValueError, OSError) as exc:
        raise _unreadable(name) from exc


def iter_spreadsheet(path: Path, name: str) -> Iterator[list[object]]:
    with path.open("rb") as data:
        problem = _spreadsheet_problem(data, name)
    if problem:
        raise TableError(problem)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        for row in workbook.get_sheet_by_index(0).iter_rows():
            yield [clean_text(cell) if isinstance(cell, str) else cell for cell in row]
    except (CalamineError, ValueError, IndexError, OSError) as exc:
        raise _unreadable(name) from exc


# --- any table -----------------------------------------------------------------------------------------


def read_table(
    content: bytes, name: str, *, suffixes: tuple[str, ...] = (*SPREADSHEET_SUFFIXES, ".csv")
) -> list[list[object]]:
    """The first sheet of a spreadsheet or a CSV file, after the size and safety checks."""
    problem = size_problem(len(content), name)
    if problem:
        raise TableError(problem)
    if suffix_of(name) not in suffixes:
        raise TableError(f"Файл «{name}»: ожидается таблица Excel (.xlsx) или CSV.")
    if suffix_of(name) == ".csv":
        return read_csv(content, name)
    return read_spreadsheet(content, name)


def iter_table_rows(
    *, path: Path, name: str, suffixes: tuple[str, ...] = (*SPREADSHEET_SUFFIXES, ".csv")
) -> Iterator[list[object]]:
    """The rows of the first sheet of a stored file, one at a time."""
    suffix = suffix_of(name)
    if suffix not in suffixes:
        raise TableError(suffix_problem(name, tuple(s for s in TABLE_SUFFIXES if s in suffixes)))
    return iter_csv(path, name) if suffix == ".csv" else iter_spreadsheet(path, name)


# --- Word ----------------------------------------------------------------------------------------------


def _docx(content: bytes, name: str):
    import docx  # python-docx is slow to import and only needed here

    problem = size_problem(len(content), name) or zip_problem(content, name, what="документ Word (.docx)")
    if problem:
        raise TableError(problem)
    try:
        return docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for broken packages
        raise TableError(f"Файл «{name}» не удалось открыть как документ Word: он повреждён.") from exc


def docx_tables(content: bytes, name: str) -> list[list[list[str]]]:
    """Every table of a .docx, row by row; a merged cell gives its text once, then empty cells."""
    from docx.oxml.ns import qn

    document = _docx(content, name)
    tables = []
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = []
        for tr in tbl.tr_lst:
            row = [""] * tr.grid_before
            for tc in tr.tc_lst:
                text = (
                    "" if tc.vMerge == "continue" else "\n".join(p.text for p in tc.iterchildren(qn("w:p")))
                )
                row.append(clean_text(text))
                row.extend([""] * (tc.grid_span - 1))
            rows.append(row)
        tables.append(rows)
    return tables


def docx_paragraphs(content: bytes, name: str) -> list[str]:
    """The paragraphs of a .docx outside tables, in order."""
    return [clean_text(paragraph.text) for paragraph in _docx(content, name).paragraphs]


def read_text(content: bytes, name: str) -> str:
    """A plain text file (UTF-8, UTF-16 with BOM or Windows-1251), control characters removed."""
    problem = size_problem(len(content), name)
    if problem:
        raise TableError(problem)
    return decode_text(content, name)
