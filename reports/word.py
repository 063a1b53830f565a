""".docx builders (python-docx): the same documents as the PDFs, laid out the same way, to edit in Word.

Departments edit protocols and plans in Word before signing, so every printed document is also a
.docx built from the same data object as its PDF (``documents.py``) and printing the same strings:
A4 with the margins of ГОСТ Р 7.0.97-2016 (20/10/20/20 mm), a serif font, the approval block top right,
tables with their header row repeated on every page, appendices from a new page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table, _Cell

    from .documents import ProtocolDocument, ProtocolRow, RoadmapDocument
    from .mock_exam_document import MockExamsDocument

FONT = "Times New Roman"
BODY_PT = 12
TABLE_PT = 10


# --- the page and the pieces every document uses ----------------------------------------------------


def _new_document(*, landscape: bool = False) -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.right_margin = Mm(20), Mm(10)
    section.bottom_margin, section.left_margin = Mm(15 if landscape else 20), Mm(20)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    # Cyrillic text takes the East Asian/complex font slots in some Word versions: name the font in all.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.line_spacing = 1.0
    return document


def _paragraph(
    document: DocumentObject | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: int | None = None,
    italic: bool = False,
    space_before: int | None = None,
):
    paragraph = document.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    return paragraph


def _labelled(document: DocumentObject, label: str, text: str) -> None:
    """«Председатель — …» with the label in bold, as the PDF prints it."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


def _approval(document: DocumentObject, lines: Iterable[str]) -> None:
    """The block top right (ГОСТ: the approval stamp or «Приложение … к приказу …»)."""
    for line in lines:
        if line:
            paragraph = _paragraph(document, line)
            paragraph.paragraph_format.left_indent = Mm(95)
            paragraph.paragraph_format.space_after = Pt(0)
    document.paragraphs[-1].paragraph_format.space_after = Pt(14)


def _page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _repeat_header(table: Table) -> None:
    """The first row is repeated on every page, as the PDF's <thead>."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell_text(
    cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None
) -> None:
    """One paragraph per line of the text (the PDF keeps the plan's line breaks)."""
    lines = (text or "").split("\n") or [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(TABLE_PT)


def _grid(document: DocumentObject, headers: list[str], widths_mm: list[float]) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, header, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table)
    return table


def _row(table: Table, values: list[str], widths_mm: list[float], *, bold: bool = False) -> list[_Cell]:
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths_mm, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, value, bold=bold)
    return cells


def _save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _dash(value: object) -> str:
    """As the PDF prints a number: «—» for none, a decimal comma."""
    if value is None:
        return "—"
    return str(value).replace(".", ",")


# --- the protocol ------------------------------------------------------------------------------------


def protocol_docx(*, document: ProtocolDocument) -> bytes:
    doc = _new_document()
    _paragraph(doc, document.department, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "ПРОТОКОЛ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=13, space_before=14)
    _paragraph(doc, document.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    requisites = doc.add_table(rows=1, cols=2)
    requisites.cell(0, 0).paragraphs[0].add_run(f"{document.date:%d.%m.%Y}")
    number = requisites.cell(0, 1).paragraphs[0]
    number.add_run(f"№ {document.number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(doc, document.place)

    _labelled(doc, "Председатель", f" — {document.chair_line}")
    _labelled(doc, "Секретарь", f" — {document.secretary_line}")
    _labelled(doc, "Присутствовали:", f" {document.attendees_text}")

    _paragraph(doc, "ПОВЕСТКА ДНЯ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=12)
    for index, item in enumerate(document.items, start=1):
        paragraph = _paragraph(doc, f"{index}. {item.agenda_line}")
        paragraph.paragraph_format.left_indent = Mm(9)
        paragraph.paragraph_format.first_line_indent = Mm(-6)
        if item.speaker_line:
            paragraph.add_run().add_break()
            paragraph.add_run(item.speaker_line)

    for item in document.items:
        _paragraph(doc, f"{item.number}. СЛУШАЛИ:", bold=True, space_before=8)
        _paragraph(doc, item.heard)
        if item.status_text:
            _paragraph(doc, item.status_text)
        if item.table_note:
            _paragraph(doc, item.table_note)
        if item.spoke:
            _paragraph(doc, "ВЫСТУПИЛИ:", bold=True)
            for line in item.spoke:
                _paragraph(doc, line)
        _paragraph(doc, "РЕШИЛИ:", bold=True)
        for line in item.decided or ["Решение не записано."]:
            _paragraph(doc, line)

    signatures = doc.add_table(rows=2, cols=3)
    for row, (label, name) in zip(
        signatures.rows, (("Председатель", document.chair), ("Секретарь", document.secretary)), strict=True
    ):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run("")
        who = row.cells[2].paragraphs[0]
        who.add_run(name)
        who.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    if not document.attendees_inline:
        _page_break(doc)
        _approval(doc, ["Приложение 1", document.reference])
        _paragraph(doc, "Список присутствовавших", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        widths = [14, 166]
        table = _grid(doc, ["№", "Фамилия И.О., должность"], widths)
        for index, line in enumerate([*document.attendees, *document.invited], start=1):
            _row(table, [str(index), line], widths)

    if document.rows:
        _page_break(doc)
        _approval(doc, [f"Приложение{document.appendix_number}", document.reference])
        _paragraph(
            doc,
            "Показатели доли претендентов на медаль «За особые успехи в учении» по каждой ОО, "
            f"выпуск {document.year} г.",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        widths = [9, 56, 20, 20, 18, 20, 37]
        table = _grid(
            doc,
            [
                "№",
                "Общеобразовательная организация",
                "Выпускников 11 кл.",
                "Претендентов",
                "Доля, %",
                "В группе риска",
                "Скорректированная доля, %",
            ],
            widths,
        )
        for row in document.rows:
            _row(table, [str(row.number), row.school, *_share_cells(row)], widths)
        if document.totals is not None:
            _row(table, ["", document.totals.school, *_share_cells(document.totals)], widths, bold=True)
    return _save(doc)


def _share_cells(row: ProtocolRow) -> list[str]:
    return [
        _dash(row.graduates),
        _dash(row.candidates),
        _dash(row.share),
        _dash(row.candidates_at_risk),
        _dash(row.corrected_share),
    ]


# --- the roadmap as an order's appendix -------------------------------------------------------------


def roadmap_docx(*, document: RoadmapDocument) -> bytes:
    doc = _new_document(landscape=True)
    _approval(doc, document.approval)
    paragraph = _paragraph(doc, document.title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.space_after = Pt(10)
    widths = [16, 64, 53, 32, 43, 59]
    table = _grid(
        doc,
        [
            "№ п/п",
            "Наименование мероприятия",
            "Форма проведения, категория охвата",
            "Сроки",
            "Ответственные лица и исполнители",
            "Планируемый результат проведения",
        ],
        widths,
    )
    if not document.rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell_text(merged, "В дорожной карте пока нет мероприятий.", align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in document.rows:
        if row.is_section:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            title = f"{row.number.rstrip('.')}. {row.title}" if row.number else row.title
            _cell_text(merged, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            continue
        cells = _row(
            table, [row.number, row.title, row.form, row.deadline, row.responsible, row.result], widths
        )
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if row.execution:
            note = cells[3].add_paragraph()
            run = note.add_run(f"Исполнение: {row.execution}")
            run.italic = True
            run.font.size = Pt(9)
    return _save(doc)


# --- the mock-exam schedule and its commission --------------------------------------------------------


def mock_exams_docx(*, document: MockExamsDocument) -> bytes:
    doc = _new_document()
    _approval(doc, document.schedule_approval)
    _paragraph(doc, document.schedule_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = [11, 40, 68, 36, 25]
    table = _grid(doc, ["№", "Предмет", "Место проведения", "Дата проведения", "Участников"], widths)
    for exam in document.exams:
        cells = _row(
            table,
            [
                str(exam.number),
                f"{exam.subject} ({exam.round})",
                exam.venue,
                exam.when,
                str(exam.participants),
            ],
            widths,
        )
        if exam.warning:
            note = cells[3].add_paragraph()
            run = note.add_run(exam.warning)
            run.italic = True
            run.font.size = Pt(9)
    if not document.exams:
        cells = table.add_row().cells
        _cell_text(cells[0].merge(cells[-1]), "Экзаменов нет.")

    _page_break(doc)
    _approval(doc, document.commission_approval)
    _paragraph(doc, document.commission_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = [11, 40, 54, 75]
    table = _grid(doc, ["№", "Предмет", "ФИО", "Наименование ОО"], widths)
    for group in document.commissions:
        if not group.members:
            cells = _row(table, [str(group.number), group.subject, "Комиссия не назначена", ""], widths)
            cells[2].merge(cells[3])
            continue
        first_row = len(table.rows)
        for index, (name, school) in enumerate(group.members):
            _row(
                table,
                [str(group.number) if index == 0 else "", group.subject if index == 0 else "", name, school],
                widths,
            )
        if len(group.members) > 1:
            # One «№» and «Предмет» cell for the whole group, as the PDF's rowspan.
            for column in (0, 1):
                top = table.cell(first_row, column)
                top.merge(table.cell(len(table.rows) - 1, column))
    return _save(doc)
