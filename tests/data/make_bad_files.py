"""Write the corpus of bad files under tests/data/bad/, byte for byte the same on every run.

    .venv/bin/python tests/data/make_bad_files.py

Files that suit any upload lie in bad/ itself; files shaped like one upload's table lie in a folder named
for that layout (bad/schools, bad/candidates, bad/journal, bad/vpr, bad/ege, bad/roadmap). Which file is
fed to which upload, and what must come of it, is the matrix at the top of tests/test_bad_input.py.

The .xlsx and .docx files are written here, part by part, rather than by openpyxl or python-docx: those
stamp the current time into the package, and some cases need parts no library writes (a formula without
a cached value, a macro project, a zip bomb). Every zip member carries the same fixed timestamp.
The file over the size limit is not here: the test makes it, against a lowered limit.
"""

from __future__ import annotations

import csv
import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

BAD = Path(__file__).resolve().parent / "bad"
STAMP = (2024, 1, 1, 0, 0, 0)
CSV_SEPARATOR = ";"

MUNICIPALITY = "Кумторкалинский район"  # the municipality of the test fixtures
FORMULAS = ("=1+1", '=HYPERLINK("http://example.invalid";"открыть")', "+cmd|' /C calc'!A0", "@SUM(1)")


class Formula(str):
    """A cell holding a formula (written without «=»), saved with no cached value, as a script would."""


Cell = str | int | float | None
Row = Sequence[Cell]


# --- packages ------------------------------------------------------------------------------------------


def _zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode()


PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_cell(ref: str, value: Cell) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Formula):
        return f'<c r="{ref}"><f>{escape(value)}</f></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def xlsx(rows: Sequence[Row], *, macro: bool = False) -> bytes:
    """A workbook of one sheet; with ``macro`` it carries a VBA project, as a macro-enabled book does."""
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(_xlsx_cell(f"{_column(i)}{number}", value) for i, value in enumerate(row))
        lines.append(f'<row r="{number}">{cells}</row>')
    sheet = f'<worksheet xmlns="{SHEET_MAIN}"><sheetData>{"".join(lines)}</sheetData></worksheet>'
    book_type = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if macro
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macro else "")
        + f'<Override PartName="/xl/workbook.xml" ContentType="{book_type}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    )
    book_rels = (
        f'<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{DOCUMENT_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (f'<Relationship Id="rId2" Type="{VBA_PROJECT}" Target="vbaProject.bin"/>' if macro else "")
        + "</Relationships>"
    )
    members = [
        ("[Content_Types].xml", _xml(types)),
        (
            "_rels/.rels",
            _xml(
                f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
                f'Type="{DOCUMENT_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
        ),
        (
            "xl/workbook.xml",
            _xml(
                f'<workbook xmlns="{SHEET_MAIN}" xmlns:r="{DOCUMENT_RELS}"><sheets>'
                '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        ),
        ("xl/_rels/workbook.xml.rels", _xml(book_rels)),
        ("xl/worksheets/sheet1.xml", _xml(sheet)),
    ]
    if macro:
        # Only the container matters here: an OLE header where Office keeps the compiled VBA project.
        members.append(("xl/vbaProject.bin", OLE_SIGNATURE + b"\0" * 504))
    return _zip(members)


def docx(*blocks: str | Sequence[Sequence[str]]) -> bytes:
    """A Word document of paragraphs (strings) and tables (lists of rows)."""

    def paragraph(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = []
    for block in blocks:
        if isinstance(block, str):
            body.append(paragraph(block))
            continue
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{paragraph(text)}</w:tc>" for text in row) + "</w:tr>" for row in block
        )
        width = max(len(row) for row in block)
        grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * width + "</w:tblGrid>"
        body.append(f"<w:tbl>{grid}{rows}</w:tbl>")
    document = f'<w:document xmlns:w="{WORD_MAIN}"><w:body>{"".join(body)}</w:body></w:document>'
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    return _zip(
        [
            ("[Content_Types].xml", _xml(types)),
            (
                "_rels/.rels",
                _xml(
                    f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
                    f'Type="{DOCUMENT_RELS}/officeDocument" Target="word/document.xml"/></Relationships>'
                ),
            ),
            ("word/document.xml", _xml(document)),
        ]
    )


def zip_bomb(workbook: bytes, *, copies: int = 200) -> bytes:
    """A real workbook with a member of 1 MiB of zeros that the central directory names ``copies`` times.

    Every copy truly inflates to 1 MiB (200 MiB in all) while the file stays a few kilobytes: the zeros
    are compressed once, and each directory record points at them.
    """
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    data = _zip([*members, ("xl/media/image1.bin", b"\0" * (1024 * 1024))])
    end = data.rindex(b"PK\x05\x06")
    _, _, _, count, _, _, start, _ = struct.unpack("<IHHHHIIH", data[end : end + 22])
    directory = data[start:end]
    zeros = directory[directory.rindex(b"PK\x01\x02") :]
    directory += zeros * (copies - 1)
    total = count + copies - 1
    return (
        data[:start]
        + directory
        + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, total, total, len(directory), start, 0)
    )


def png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff", 9))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A one-page PDF with no text."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# --- tables --------------------------------------------------------------------------------------------


def csv_text(rows: Sequence[Row], separator: str = CSV_SEPARATOR) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def csv_bytes(rows: Sequence[Row], encoding: str = "utf-8") -> bytes:
    return csv_text(rows).encode(encoding)


def mixed_separators(above: Sequence[Row], header: Row, rows: Sequence[Row]) -> bytes:
    """The header (and what stands above it) split by «;», the rows by «,»: two exports glued together."""
    return (csv_text([*above, header], ";") + csv_text(rows, ",")).encode()


def broken_utf8(rows: Sequence[Row], word: str) -> bytes:
    """UTF-8 with one stray byte in the middle of ``word`` (in the first data row)."""
    data = csv_bytes(rows)
    encoded = word.encode()
    half = len(encoded) // 2 - (len(encoded) // 2) % 2  # between two letters, never inside one
    return data.replace(encoded, encoded[:half] + b"\xff" + encoded[half:], 1)


class Layout:
    """One upload's table: its header, good rows, and the rows each bad case is made of."""

    def __init__(
        self,
        *,
        header: list[str],
        good: list[list[Cell]],
        drop: tuple[str, ...],
        formulas: list[Cell],
        broken_word: str,
        above: Callable[[list[str]], list[Row]] = lambda header: [],
    ) -> None:
        self.header, self.good, self.drop = header, good, drop
        self.formulas, self.broken_word, self.above = formulas, broken_word, above

    def table(self, rows: Sequence[Row], header: list[str] | None = None) -> list[Row]:
        header = header or self.header
        return [*self.above(header), header, *rows]

    def with_values(self, values: dict[str, Cell]) -> list[Cell]:
        """The first good row with some cells changed, by column title."""
        row = list(self.good[0])
        for column, value in values.items():
            row[self.header.index(column)] = value
        return row

    def files(self) -> dict[str, bytes]:
        kept = [i for i, name in enumerate(self.header) if name not in self.drop]
        narrow = [self.header[i] for i in kept]
        unknown = [f"Столбец {i + 1}" for i in range(len(self.header))]
        return {
            "missing_columns.csv": csv_bytes(self.table([[r[i] for i in kept] for r in self.good], narrow)),
            "unknown_headers.xlsx": xlsx([unknown, *self.good]),
            "header_wrong_row.csv": csv_bytes([*self.above(self.header), *self.good, self.header]),
            "duplicates.csv": csv_bytes(self.table([self.good[0], self.good[0]])),
            "formulas.csv": csv_bytes(self.table([self.formulas])),
            "formulas.xlsx": xlsx(self.table([[_as_formula(v) for v in self.formulas]])),
            "cp1251.csv": csv_bytes(self.table(self.good), "cp1251"),
            "header_only.csv": csv_bytes(self.table([])),
            "mixed_separators.csv": mixed_separators(self.above(self.header), self.header, self.good),
            "bad_utf8.csv": broken_utf8(self.table(self.good), self.broken_word),
        }


def _as_formula(value: Cell) -> Cell:
    """In the workbook, «=…» cells become real formulas; the others stay text that only looks like one."""
    if isinstance(value, str) and value.startswith("="):
        return Formula(value[1:])
    return value


# --- the layouts ---------------------------------------------------------------------------------------

SCHOOLS = Layout(
    header=["Код", "Краткое наименование", "Полное наименование", "Тип", "Муниципалитет"],
    good=[
        [
            "N0101",
            "МКОУ «Новая СОШ»",
            "Муниципальное казённое общеобразовательное учреждение «Новая средняя школа»",
            "СОШ",
            MUNICIPALITY,
        ]
    ],
    drop=("Код", "Краткое наименование"),  # type and municipality may be left out
    formulas=[FORMULAS[0], FORMULAS[1], FORMULAS[2], FORMULAS[3], MUNICIPALITY],
    broken_word="Новая",
)

CANDIDATES = Layout(
    header=[
        "ФИО",
        "Класс",
        "Дата рождения",
        "Степень медали",
        "Учебный год",
        "Предыдущая школа",
        "Дата перевода",
    ],
    good=[["Претендентова Амина Руслановна", "11А", "14.03.2006", "I", "2023-2024", "", ""]],
    drop=("Дата рождения", "Класс"),  # «Учебный год» may be left out
    formulas=[FORMULAS[1], "11А", FORMULAS[0], FORMULAS[3], FORMULAS[2], "", ""],
    broken_word="Амина",
)

JOURNAL = Layout(
    header=["ФИО", "Класс", "Учебный год", "Предмет", "Период", "Вид работы", "Дата", "Отметка", "Учитель"],
    good=[
        [
            "Арсланова Динара Маратовна",
            "11А",
            "2023-2024",
            "Русский язык",
            "",
            "контрольная работа",
            "12.10.2023",
            "5",
            "Учителева Патимат Алиевна",
        ]
    ],
    drop=("Предмет", "Отметка"),
    formulas=[
        "Арсланова Динара Маратовна",
        "11А",
        "2023-2024",
        FORMULAS[1],
        "",
        "контрольная работа",
        FORMULAS[3],
        FORMULAS[0],
        FORMULAS[2],
    ],
    broken_word="Динара",
)

VPR_TASKS = (("1", 2, "Б"), ("2", 1, "Б"), ("3", 1, "П"))
VPR_HEADER = [
    "ОО",
    "Муниципалитет",
    "Название ОО",
    "Код участника",
    "Класс",
    "Вариант",
    *(f"{number} ({points}б)" for number, points, _ in VPR_TASKS),
    "Первичный балл",
    "Отметка",
    "Отметка по журналу",
]


def vpr_above(header: list[str], *, held_on: str = "16.04.2024") -> list[Row]:
    levels = {f"{number} ({points}б)": level for number, points, level in VPR_TASKS}
    return [
        ["ВПР 2024 Русский язык 5 класс"],
        ["Предмет: Русский язык"],
        ["Максимальный первичный балл: 4"],
        [f"Дата проведения: {held_on}"],
        [levels.get(name, "") for name in header],
    ]


def vpr_row(code: str, mark: Cell, journal: Cell = 4) -> list[Cell]:
    return ["edu100001", MUNICIPALITY, "МКОУ «Школа А»", code, "5А", "1", 2, 1, 0, 3, mark, journal]


VPR = Layout(
    header=VPR_HEADER,
    good=[vpr_row("10001", 4), vpr_row("10002", 3, 3)],
    drop=("Отметка", "Отметка по журналу"),
    formulas=[
        "edu100001",
        FORMULAS[1],
        "",
        "10001",
        "5А",
        "1",
        FORMULAS[0],
        1,
        0,
        FORMULAS[3],
        FORMULAS[2],
        4,
    ],
    broken_word="Кумторкалинский",
    above=vpr_above,
)

EGE = Layout(
    header=[
        "Код ОО",
        "Фамилия",
        "Имя",
        "Отчество",
        "Дата рождения",
        "Код участника",
        "Предмет",
        "Дата экзамена",
        "Первичный балл",
        "Тестовый балл",
    ],
    good=[["A001", "Арсланова", "Динара", "Маратовна", "", "", "Русский язык", "30.05.2024", "38", "72"]],
    drop=("Код ОО", "Дата экзамена"),
    formulas=[
        "A001",
        FORMULAS[1],
        "Динара",
        "Маратовна",
        "",
        FORMULAS[3],
        "Русский язык",
        "30.05.2024",
        FORMULAS[2],
        FORMULAS[0],
    ],
    broken_word="Динара",
)

ROADMAP_TITLE = "План мероприятий по обеспечению объективности оценочных процедур на 2023-2024 учебный год"
ROADMAP_HEADER = ["№", "Мероприятия", "Сроки", "Ответственные"]


def roadmap_txt(*rows: Sequence[str], header: Sequence[str] = ROADMAP_HEADER) -> str:
    lines = [ROADMAP_TITLE, "", "\t".join(header), *("\t".join(row) for row in rows)]
    return "\r\n".join(lines) + "\r\n"


def roadmap_files() -> dict[str, bytes]:
    good = ("1.", "Анализ результатов ВПР по школам", "Февраль-март", "Методисты УО")
    return {
        "cp1251.txt": roadmap_txt(good).encode("cp1251"),
        "date_feb31.txt": roadmap_txt(("1.", "Совещание руководителей ОО", "31.02.2024", "УО")).encode(),
        "date_month13.txt": roadmap_txt(("1.", "Совещание руководителей ОО", "2024-13-01", "УО")).encode(),
        "date_outside_year.txt": roadmap_txt(
            ("1.", "Совещание руководителей ОО", "20.12.2024", "УО")
        ).encode(),
        "duplicates.txt": roadmap_txt(good, good).encode(),
        "formulas.xlsx": xlsx(
            [
                [ROADMAP_TITLE],
                ROADMAP_HEADER,
                ["1.", FORMULAS[1], FORMULAS[2], FORMULAS[3]],
                ["2.", "Мониторинг сайтов ОО", Formula("1+1"), "Методисты УО"],
            ]
        ),
        "bad_utf8.txt": broken_utf8_text(roadmap_txt(good), "Анализ"),
        "missing_columns.docx": docx(ROADMAP_TITLE, [["№", "Ответственные"], ["1.", "Методисты УО"]]),
        "unknown_headers.docx": docx(ROADMAP_TITLE, [["Фамилия", "Школа"], ["Петрова", "СОШ №1"]]),
        "header_only.txt": roadmap_txt().encode(),
    }


def broken_utf8_text(text: str, word: str) -> bytes:
    encoded = word.encode()
    return text.encode().replace(encoded, encoded[:4] + b"\xff" + encoded[4:], 1)


def layout_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for folder, layout in (
        ("schools", SCHOOLS),
        ("candidates", CANDIDATES),
        ("journal", JOURNAL),
        ("vpr", VPR),
        ("ege", EGE),
    ):
        files.update({f"{folder}/{name}": data for name, data in layout.files().items()})
    files.update({f"roadmap/{name}": data for name, data in roadmap_files().items()})

    # Impossible dates: a day that does not exist, a 13th month, a real date outside the school year.
    c, j, e = CANDIDATES, JOURNAL, EGE
    dates = {
        "candidates": (
            c.with_values({"Дата рождения": "31.02.2006"}),
            c.with_values({"Дата рождения": "2006-13-01"}),
            c.with_values({"Предыдущая школа": "B001", "Дата перевода": "01.09.2020"}),
        ),
        "journal": (
            j.with_values({"Дата": "31.02.2024"}),
            j.with_values({"Дата": "2024-13-01"}),
            j.with_values({"Дата": "15.09.2024"}),
        ),
        "ege": (
            e.with_values({"Дата экзамена": "31.02.2024"}),
            e.with_values({"Дата экзамена": "2024-13-01"}),
            e.with_values({"Дата экзамена": "30.05.2099"}),
        ),
    }
    for folder, rows in dates.items():
        layout = {"candidates": c, "journal": j, "ege": e}[folder]
        for case, row in zip(("date_feb31", "date_month13", "date_outside_year"), rows, strict=True):
            files[f"{folder}/{case}.csv"] = csv_bytes(layout.table([row]))
    for case, held_on in (
        ("date_feb31", "31.02.2024"),
        ("date_month13", "2024-13-01"),
        ("date_outside_year", "16.04.2025"),  # the file says «ВПР 2024»
    ):
        rows = [*vpr_above(VPR_HEADER, held_on=held_on), VPR_HEADER, *VPR.good]
        files[f"vpr/{case}.csv"] = csv_bytes(rows)

    # Impossible marks (for the register: impossible medal degrees; for ЕГЭ: impossible test scores).
    files["journal/marks.csv"] = csv_bytes(
        j.table([j.with_values({"Отметка": mark}) for mark in ("6", "0", "отл", "-1", "4.5")])
    )
    files["vpr/marks.csv"] = csv_bytes(
        VPR.table([vpr_row(f"1000{i}", mark) for i, mark in enumerate(("6", "0", "отл", "-1", "4.5"), 1)])
    )
    files["ege/marks.csv"] = csv_bytes(
        e.table([e.with_values({"Тестовый балл": score}) for score in ("-1", "4.5", "отл", "101")])
    )
    files["candidates/marks.csv"] = csv_bytes(
        c.table(
            [
                c.with_values({"ФИО": name, "Степень медали": degree})
                for name, degree in (
                    ("Претендентова Амина Руслановна", "III"),
                    ("Образцова Мадина Тимуровна", "0"),
                    ("Отличникова Сабина Ильясовна", "отл"),
                )
            ]
        )
    )
    return files


def generic_files() -> dict[str, bytes]:
    """Files that are bad for every upload, whatever its table looks like."""
    workbook = xlsx(JOURNAL.table(JOURNAL.good))
    document = docx(ROADMAP_TITLE, [ROADMAP_HEADER, ["1.", "Анализ результатов ВПР", "Март 2024", "УО"]])
    return {
        "empty.xlsx": b"",
        "empty.csv": b"",
        "empty.txt": b"",
        "png_named.xlsx": png(),
        "pdf_named.docx": pdf(),
        "text_named.xlsx": "ФИО;Класс;Отметка\r\nАрсланова Динара Маратовна;11А;5\r\n".encode(),
        "truncated.xlsx": workbook[: len(workbook) // 2],
        "truncated.docx": document[: len(document) // 2],
        "zip_bomb.xlsx": zip_bomb(workbook),
        "macro.xlsm": xlsx(JOURNAL.table(JOURNAL.good), macro=True),
        "macro_inside.xlsx": xlsx(JOURNAL.table(JOURNAL.good), macro=True),
        "no_extension": workbook,
        "passwd.xlsx": b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
        "empty_sheet.xlsx": xlsx([]),
        "no_table.docx": docx(ROADMAP_TITLE, "Мероприятия будут определены позже."),
    }


def corpus() -> dict[str, bytes]:
    return {**generic_files(), **layout_files()}


def write_corpus(target: Path = BAD) -> list[Path]:
    written = []
    for name, data in sorted(corpus().items()):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else BAD)
    print(f"Записано файлов: {len(paths)}")
