"""One parser over the readers' intermediate form (paragraphs and tables of cell strings).

The document is read in three parts:

* the preamble — everything before the first table whose header names the measure columns: an order
  («ПРИКАЗ … ПРИКАЗЫВАЮ …»), «УТВЕРЖДАЮ» blocks, the plan's title and section headings;
* the measure tables — columns found by their header wording, in any order and any subset; repeated
  headers skipped; section rows, rows split by a page break, and headings between tables recognised;
* what follows — «Приложение №…» tables kept as appendices, glossaries ignored, a signatory noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from common.imports.cells import cell_text
from roadmaps.deadlines import parse_deadline
from roadmaps.plan_period import PlanPeriod, period_from_title

from .errors import RoadmapImportError
from .parsed import Approval, ParsedAppendix, ParsedMeasure, ParsedRoadmap, ParsedSection
from .readers import Paragraph, RawDocument, Table
from .responsible import find_person, split_responsible

TEXT_ROLES = ("title", "form", "deadline", "responsible", "result")

_HEADER_ROLES = (
    # «Форма отчётности», «форма представления результата» name the result, not the form of the measure.
    ("result", re.compile(r"^форм\w*\s+(?:отчет|представлени|завершени|контрол)|^отчетност")),
    ("form", re.compile(r"^форм|категори\w*\s+охват")),
    ("extra_date", re.compile(r"резервн|дополнительн\w*\s+(?:срок|дат|дн|день)")),
    (
        "deadline",
        re.compile(r"срок|^дата|^период|^когда|^время\s+проведени|^(?:основн\w+\s+)?(?:день|дни)(?![а-я])"),
    ),
    ("responsible", re.compile(r"ответствен|исполнител")),
    ("result", re.compile(r"результат|итогов\w*\s+документ|показател|контрольн\w*\s+событи|^выход|^продукт")),
    # «№», «№ п/п», «N» and «N п/п» (legal databases print «№» as a Latin N), «No», «#», «п/п».
    ("number", re.compile(r"^№|^n\s*п|^nn?\.?$|^no\.?(?:\s|$)|^#$|п\s*/\s*п|д\s*/\s*п|^п\.\s?п\.?$|^номер")),
    (
        "title",
        re.compile(
            r"мероприяти|наименовани|направлени|содержани|^задач|^действи|^вид\w*\s+(?:деятел|работ)|^тема"
            r"|^предмет"
        ),
    ),
)
_HEADER_CELL_MAX = 80
# A second header row under a merged «Сроки» cell: «основной | резервный», «1 этап | 2 этап».
_SUBHEADER_CELL = re.compile(
    r"^(?:основн|резервн|дополнительн|дата|срок|день|дни|\d\s*(?:этап|волна|день)|(?:i{1,3}|iv)\s*этап)"
)

_MEASURE_NUMBER = re.compile(r"^(\d{1,3}(?:\s?\.\s?\d{1,3})*)\s*[.)]?$")
_NUMBER_AND_TEXT = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*[.)]?\s+(\S.*)$", re.S)
_ROMAN = r"[IVXLC]{1,6}"
_ROMAN_NUMBER = re.compile(rf"^({_ROMAN})\s*\.?$")
_ROMAN_AND_TEXT = re.compile(rf"^({_ROMAN})\s*[.)]\s*(\S.*)$", re.S)

_HEADING = re.compile(rf"^(?i:раздел\s+)?(\d{{1,2}}|{_ROMAN})\s*[.)]?\s+([А-ЯЁA-Z«\"].{{2,}})$")
_HEADING_NUMBER = re.compile(rf"^(?i:раздел\s+)?(\d{{1,2}}|{_ROMAN})\s*\.?$")
_TITLE_START = re.compile(
    r"^[\s\"«“„'*]*(?:план(?![а-яё])|план\s|дорожн\w*\s+карт|комплекс\s+мер|мероприятия\s+по|программа\s"
    r"|перечень\s+мероприятий|график\s|циклограмм)",
    re.I,
)
_APPROVAL_MARK = re.compile(
    r"^\s*(?:утверждаю|утвержд[её]н[оаы]?|согласовано|согласован[аы]?)(?![а-яё])", re.I
)
_AGREED_MARK = re.compile(r"^\s*согласован", re.I)
_ORDER_MARK = re.compile(
    r"^\s*(?:П\s?Р\s?И\s?К\s?А\s?З|Р\s?А\s?С\s?П\s?О\s?Р\s?Я\s?Ж\s?Е\s?Н\s?И\s?Е"
    r"|П\s?О\s?С\s?Т\s?А\s?Н\s?О\s?В\s?Л\s?Е\s?Н\s?И\s?Е)(?:\s|$|№)"
)
_ORDERING = re.compile(
    r"^\s*(?:п\s?р\s?и\s?к\s?а\s?з\s?ы\s?в\s?а\s?ю|п\s?о\s?с\s?т\s?а\s?н\s?о\s?в\s?л\s?я\s?ю|обязываю)",
    re.I,
)
_ORDER_ITEM = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
_APPENDIX_MARK = re.compile(
    r"^\s*(приложени[ея](?:\s*(?:№|No\.?|N)\s*\d+|\s+\d+)?)\s*[.,:]?\s*(.*)$", re.I | re.S
)
_REFERENCE_START = re.compile(r"^\s*к\s+(?:приказу|постановлению|распоряжению|плану|дорожной)", re.I)
_GLOSSARY = re.compile(
    r"^\s*(?:применяем\w+|используем\w+|принят\w+)?\s*(?:сокращени|условные\s+обозначени|список\s+сокращений)",
    re.I,
)
_EXAM_YEAR = re.compile(r"(?:ГИА|ЕГЭ|ОГЭ|ГВЭ|ВПР)\s*-?\s*((?:20)\d{2})(?!\d)")
_SIGNATORY_POSITION = re.compile(
    r"^\s*(?:и\.\s?о\.\s*)?(?:начальник|директор|министр|руководител|заведующ|глава|председател|заместитель\s+"
    r"(?:министра|начальника|главы))",
    re.I,
)
_POSITION = re.compile(r"начальник|директор|руководител|заведующ|глава|председател|и\.\s?о\.", re.I)

_MONTHS_GENITIVE = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_DATE_PATTERN = (
    r"(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|[«\"]?(\d{1,2})[»\"]?\s*("
    + "|".join(_MONTHS_GENITIVE)
    + r")\s*(\d{4}))"
)
_DATE = re.compile(_DATE_PATTERN, re.I)
_ORDER_NUMBER = r"(?:№|No\.?|N)\s*([0-9A-Za-zА-Яа-я][0-9A-Za-zА-Яа-я\-/]*)"
_ORDER_NUMBER_THEN_DATE = re.compile(_ORDER_NUMBER + r"\s*,?\s*от\s*" + _DATE_PATTERN, re.I)
_ORDER_DATE_THEN_NUMBER = re.compile(
    r"(?:от\s*)?" + _DATE_PATTERN + r"\s*(?:г\.?|года)?\s*,?\s*" + _ORDER_NUMBER, re.I
)


# --- small text helpers ------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """The text on one line, by the toolkit's one cell-to-text rule (control characters removed too)."""
    return cell_text(text)


def excerpt(text: str, limit: int = 80) -> str:
    """The start of a long text for a warning, cut at a word."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def clean_cell(text: str) -> str:
    """Each line by the toolkit's one cell-to-text rule (trimmed, spaces collapsed, control characters
    removed); empty lines dropped; line breaks kept."""
    lines = (cell_text(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _date_from_match(groups: tuple[str | None, ...]) -> date | None:
    day, month, year, word_day, word_month, word_year = groups
    try:
        if day and month and year:
            return date(int(year), int(month), int(day))
        if word_day and word_month and word_year:
            return date(int(word_year), _MONTHS_GENITIVE[word_month.lower()], int(word_day))
    except ValueError:
        return None
    return None


def find_date(text: str) -> date | None:
    match = _DATE.search(text)
    return _date_from_match(match.groups()) if match else None


def find_order(text: str) -> tuple[str | None, date | None]:
    """«Приказ №149 от 01.07.2022 г.», «от 27.11.2023 № 312», «№312 от 27.11.2023г.» → number and date."""
    if match := _ORDER_NUMBER_THEN_DATE.search(text):
        return match.group(1), _date_from_match(match.groups()[1:])
    if match := _ORDER_DATE_THEN_NUMBER.search(text):
        return match.group(7), _date_from_match(match.groups()[:6])
    return None, None


def _number_of(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(".")


def split_number(cell: str) -> tuple[str | None, str]:
    """«1.1.» → ("1.1", ""); «3. Меры по…» → ("3", "Меры по…"); «Итого» → (None, "Итого")."""
    text = one_line(cell)
    if not text:
        return None, ""
    for pattern in (_MEASURE_NUMBER, _ROMAN_NUMBER):
        if match := pattern.match(text):
            return _number_of(match.group(1)), ""
    for pattern in (_NUMBER_AND_TEXT, _ROMAN_AND_TEXT):
        if match := pattern.match(text):
            return _number_of(match.group(1)), match.group(2)
    return None, text


# --- tables ------------------------------------------------------------------------------------------


def _header_text(cell: str) -> str:
    return one_line(cell).lower().replace("ё", "е")


def header_roles(row: list[str]) -> dict[str, int] | None:
    """Column index of each role when the row is a header of the measure table, else None.

    Further date columns («Резервный срок», a second «Дата») are not roles: see ``date_columns``.
    Columns the importer does not use («Примечание», «Отметка о выполнении») may stand beside them.
    """
    roles: dict[str, int] = {}
    unknown = 0
    for index, cell in enumerate(row):
        text = _header_text(cell)
        if not text:
            continue
        if len(text) > _HEADER_CELL_MAX or _MEASURE_NUMBER.match(text):
            return None
        role = next((name for name, pattern in _HEADER_ROLES if pattern.search(text)), None)
        if role is None:
            unknown += 1
        elif role == "extra_date":
            continue
        elif role not in roles:
            roles[role] = index
        elif role == "title" and "мероприяти" in text and "мероприяти" not in _header_text(row[roles[role]]):
            # «Направление | Мероприятие» or «Задача | Мероприятия»: the measure is the title.
            roles["title"] = index
    known = len(roles)
    if "title" in roles and ("deadline" in roles or "responsible" in roles) and unknown <= max(1, known - 2):
        return roles
    return None


def date_columns(row: list[str], roles: dict[str, int]) -> list[tuple[int, str]]:
    """Date columns after the main one, with their headers: «Резервный срок 1», a second «Дата»…"""
    found = []
    for index, cell in enumerate(row):
        text = _header_text(cell)
        if not text or index in roles.values():
            continue
        role = next((name for name, pattern in _HEADER_ROLES if pattern.search(text)), None)
        if role in {"extra_date", "deadline"}:
            found.append((index, one_line(cell)))
    return found


def subheader(row: list[str], header: list[str], roles: dict[str, int]) -> list[tuple[int, str]] | None:
    """A second header row under a merged «Сроки» cell («основной | резервный»): the date columns it names,
    each labelled with the header above it; None when the row is not such a header."""
    cells = [(index, one_line(cell)) for index, cell in enumerate(row) if one_line(cell)]
    if not cells or any(len(text) > 40 or _MEASURE_NUMBER.match(text) for _, text in cells):
        return None
    # A measure always has a title; a header row has none, or repeats the merged header cell above.
    title_at = roles.get("title", -1)
    title = one_line(row[title_at]) if 0 <= title_at < len(row) else ""
    if title and title != (one_line(header[title_at]) if title_at < len(header) else ""):
        return None
    all_dates = all(_SUBHEADER_CELL.match(_header_text(text)) for _, text in cells)
    # Other sub-columns («ФИО | должность» under «Ответственные») are a header row only where a cell stands
    # under the empty part of a merged header cell.
    under_merged = any(index < len(header) and not one_line(header[index]) for index, _ in cells)
    if not all_dates and not under_merged:
        return None
    dates: list[tuple[int, str]] = []
    parent = ""
    for index in range(len(row)):
        above = one_line(header[index]) if index < len(header) else ""
        parent = above or parent
        text = one_line(row[index])
        if not text or not _SUBHEADER_CELL.match(_header_text(text)):
            continue
        label = f"{parent}: {text}" if parent and parent.lower() != text.lower() else text
        dates.append((index, label))
    return dates


def _is_column_numbering(row: list[str]) -> bool:
    """The «1 | 2 | 3 | 4» row under a header."""
    values = [one_line(cell) for cell in row if one_line(cell)]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _cleaned_rows(table: Table) -> list[list[str]]:
    rows = [[clean_cell(cell) for cell in row] for row in table.rows]
    return [row for row in rows if any(row)]


@dataclass
class _Row:
    number: str | None
    cells: dict[str, str]
    extra: list[str]
    number_text: str = ""
    # Further date columns: (the column's header, the cell's text).
    dates: list[tuple[str, str]] = field(default_factory=list)
    # "none": the table has no number column; "column": it has one.
    number_column: str = "column"
    # The column of the row's first filled cell: a merged section row stands in the first column.
    first_index: int = 0
    # «2. Аналитическая работа» written in the number cell, the title cell empty: a merged section row.
    title_in_number_cell: bool = False

    def filled(self) -> list[tuple[str, str]]:
        found = [("number", self.number_text)] if self.number_text else []
        found += [(role, self.cells[role]) for role in TEXT_ROLES if self.cells.get(role)]
        return found + [("extra", text) for text in self.extra]


@dataclass
class _Heading:
    number: str | None
    title: str | None


def _make_row(row: list[str], roles: dict[str, int], dates: list[tuple[int, str]] | None = None) -> _Row:
    cells = {
        role: row[index] if index < len(row) else "" for role, index in roles.items() if role != "number"
    }
    dates = dates or []
    mapped = set(roles.values()) | {index for index, _ in dates}
    extra = [cell for index, cell in enumerate(row) if index not in mapped and cell]
    found_dates = [(label, row[index]) for index, label in dates if index < len(row) and row[index]]
    number, number_text = (None, "")
    if "number" in roles:
        number, number_text = split_number(row[roles["number"]] if roles["number"] < len(row) else "")
    elif cells.get("title"):
        # No «№» column: the number may open the title («1.1. Изучение…»).
        found, rest = split_number(cells["title"])
        if found is not None and rest[:1].isupper():
            number, cells["title"] = found, rest
    title_in_number_cell = False
    if number is not None and number_text and not cells.get("title"):
        cells["title"], number_text = number_text, ""
        title_in_number_cell = True
    first_index = next((index for index, cell in enumerate(row) if cell), 0)
    number_column = "column" if "number" in roles else "none"
    return _Row(
        number, cells, extra, number_text, found_dates, number_column, first_index, title_in_number_cell
    )


# --- the parts of the document -----------------------------------------------------------------------


@dataclass
class _Body:
    entries: list[_Row | _Heading] = field(default_factory=list)
    date_headers: list[str] = field(default_factory=list)
    main_date_header: str = ""
    captions: int = 0
    appendices: list[ParsedAppendix] = field(default_factory=list)
    appendix_references: list[str] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)


@dataclass
class _Preamble:
    title: str | None = None
    approval: Approval = field(default_factory=Approval)
    has_order: bool = False
    order_signed: bool = False
    headings: list[_Heading] = field(default_factory=list)
    text: str = ""
    # The line between the title and the table; a section title when later sections are captioned alike.
    caption: str | None = None


def _flatten(block: Paragraph | Table) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    return [line for row in block.rows for cell in row for line in cell.split("\n")]


def _headings_in(paragraphs: list[str]) -> list[_Heading]:
    headings: list[_Heading] = []
    pending: str | None = None
    for text in paragraphs:
        if pending is not None:
            headings.append(_Heading(pending, text))
            pending = None
        elif match := _HEADING_NUMBER.match(text):
            pending = _number_of(match.group(1))
        elif match := _HEADING.match(text):
            headings.append(_Heading(_number_of(match.group(1)), match.group(2).strip()))
    return headings


def _approval_block(paragraphs: list[str], start: int) -> list[int]:
    """«УТВЕРЖДАЮ» and the lines under it: position, name, date or order, until something else begins."""
    block = [start]
    dated = bool(find_date(paragraphs[start]))
    named = bool(find_person(paragraphs[start]))
    for index in range(start + 1, min(start + 9, len(paragraphs))):
        text = paragraphs[index]
        if (
            _TITLE_START.match(text)
            or _HEADING.match(text)
            or _HEADING_NUMBER.match(text)
            or _APPROVAL_MARK.match(text)
            or _ORDER_MARK.match(text)
            or _APPENDIX_MARK.match(text)
            or len(text) > 200
        ):
            break
        if dated and (named or not find_person(text)):
            break
        block.append(index)
        dated = dated or bool(find_date(text))
        named = named or bool(find_person(text))
    return block


_REFERENCE = re.compile(r"(?:^|\s)к\s+(?:приказу|постановлению|распоряжению|решению)", re.I)
_APPROVE_PLAN = re.compile(r"утверд\w*", re.I)
_APPENDIX_IN_TEXT = re.compile(
    r"\(\s*(приложени[ея](?:\s*(?:№|N)\s*\d+|\s+\d+)?)|(прилагаем\w*)|согласно\s+(приложени\w*(?:\s*(?:№|N)\s*\d+)?)",
    re.I,
)


def _appendix_label(written: str) -> str:
    """«Приложение N 2», «ПРИЛОЖЕНИЕ №2» → «Приложение № 2»; «приложению» → «Приложение»."""
    number = re.search(r"\d+", written)
    return f"Приложение № {number.group(0)}" if number else "Приложение"


def _appendix_in_order(lines: list[str]) -> str | None:
    """«1. Утвердить план мероприятий … (приложение № 1)» or «… прилагаемый план»: the plan is the order's
    appendix."""
    for text in lines:
        if not _APPROVE_PLAN.search(text):
            continue
        found = list(_APPENDIX_IN_TEXT.finditer(text))
        numbered = [m for m in found if re.search(r"\d", m.group(0))]
        if match := (numbered or found or [None])[0]:
            return _appendix_label(match.group(1) or match.group(3) or "")
    return None


def _stamp_block(paragraphs: list[str], start: int, used: set[int]) -> list[int]:
    """«Приложение N 2» and the lines of its stamp under it, until the order's number and date are read."""
    block = [start]
    for index in range(start + 1, min(start + 6, len(paragraphs))):
        text = paragraphs[index]
        if find_order(" ".join(paragraphs[i] for i in block))[0] is not None:
            break
        if (
            index in used
            or _TITLE_START.match(text)
            or _APPROVAL_MARK.match(text)
            or _APPENDIX_MARK.match(text)
            or _HEADING.match(text)
            or len(text) > 120
        ):
            break
        block.append(index)
    if find_order(" ".join(paragraphs[i] for i in block))[0] is None and not _REFERENCE.search(
        " ".join(paragraphs[i] for i in block)
    ):
        return [start]
    return block


def _read_preamble(paragraphs: list[str], warnings: list[str]) -> _Preamble:
    preamble = _Preamble(text=" ".join(paragraphs))
    used: set[int] = set()

    for index, text in enumerate(paragraphs):
        if index in used or not _APPROVAL_MARK.match(text):
            continue
        block = _approval_block(paragraphs, index)
        used.update(block)
        if _AGREED_MARK.match(text) or preamble.approval.approved_by:
            continue
        lines = [paragraphs[i] for i in block]
        joined = " ".join(lines)
        number, order_date = find_order(joined)
        preamble.approval = Approval(
            approved_by=next((name for line in lines if (name := find_person(line))), None),
            order_number=number,
            order_date=order_date or find_date(joined),
        )

    order_start = next((i for i, t in enumerate(paragraphs) if i not in used and _ORDER_MARK.match(t)), None)
    if order_start is not None:
        preamble.has_order = True
        ordering = next(
            (i for i in range(order_start, len(paragraphs)) if _ORDERING.match(paragraphs[i])), None
        )
        body_from = ordering if ordering is not None else order_start + 1
        order_end = next(
            (
                i
                for i in range(body_from + 1, len(paragraphs))
                if i in used
                or _TITLE_START.match(paragraphs[i])
                or _APPROVAL_MARK.match(paragraphs[i])
                or _APPENDIX_MARK.match(paragraphs[i])
            ),
            len(paragraphs),
        )
        used.update(range(order_start, order_end))
        header_end = ordering if ordering is not None else order_end
        number, order_date = find_order(" ".join(paragraphs[order_start:header_end]))
        signatory = next(
            (
                name
                for text in reversed(paragraphs[body_from:order_end])
                if not _ORDER_ITEM.match(text) and (name := find_person(text))
            ),
            None,
        )
        approval = preamble.approval
        preamble.approval = Approval(
            approved_by=approval.approved_by or signatory,
            order_number=approval.order_number or number,
            order_date=approval.order_date or order_date,
            signed_by=signatory,
            appendix=approval.appendix or _appendix_in_order(paragraphs[body_from:order_end]),
        )
        preamble.order_signed = signatory is not None

    for index, text in enumerate(paragraphs):
        # «Приложение №1 к приказу … от … №…» above the plan names the order that approves it; the stamp
        # may run over several lines: «Приложение N 2 / к приказу министерства … / от 13.11.2015 N 5976».
        if index in used or not (mark := _APPENDIX_MARK.match(text)):
            continue
        block = _stamp_block(paragraphs, index, used)
        used.update(block)
        stamp = " ".join(paragraphs[i] for i in block)
        approval = preamble.approval
        number, order_date = find_order(stamp)
        if approval.order_number is None and number is not None:
            approval = replace(approval, order_number=number, order_date=approval.order_date or order_date)
        if approval.appendix is None and _REFERENCE.search(stamp):
            approval = replace(approval, appendix=_appendix_label(mark.group(1)))
        preamble.approval = approval

    title_lines: list[int] = []
    start = next((i for i, t in enumerate(paragraphs) if i not in used and _TITLE_START.match(t)), None)
    if start is not None:
        title_lines = [start]
        for index in range(start + 1, min(start + 8, len(paragraphs))):
            text = paragraphs[index]
            if index in used or _HEADING.match(text) or _HEADING_NUMBER.match(text) or _GLOSSARY.match(text):
                break
            if _after_complete_title([paragraphs[i] for i in title_lines], text):
                break
            title_lines.append(index)
    else:
        for index in range(len(paragraphs) - 1, -1, -1):
            if index in used or len(title_lines) == 3:
                break
            title_lines.insert(0, index)
        if title_lines:
            warnings.append("Заголовок плана не распознан: взят текст над таблицей — проверьте его.")
    if title_lines:
        preamble.title = one_line(" ".join(paragraphs[i] for i in title_lines)).strip(" *")
        used.update(title_lines)
    last_used = max(used, default=-1)
    rest = paragraphs[last_used + 1 :]
    preamble.headings = _headings_in(rest)
    if (
        not preamble.headings
        and rest
        and len(" ".join(rest)) <= 200
        and not any(":" in text for text in rest)
    ):
        preamble.caption = one_line(" ".join(rest))
    return preamble


def _after_complete_title(title: list[str], text: str) -> bool:
    """A line in sentence case after a title that already named its period is a section heading, not more
    title: «План … на 2024-2025 учебный год» / «Организационная работа». Lines in capitals, in brackets or
    starting in lower case go on with the title."""
    if period_from_title(" ".join(title)) is None:
        return False
    first = text.lstrip(' «"*')[:1]
    # «Муниципального казённого учреждения …», «В МКОУ «СОШ № 3»»: the plan's owner goes on with the title.
    word = text.split()[0].lower() if text.split() else ""
    if re.fullmatch(r"[а-яё-]+(?:ого|его|ой|ей|ых|их)|в|во|на|по|для|при|среди", word):
        return False
    return first.isupper() and not text.isupper()


def _appendix(
    label: str | None, lines: list[str], rows: list[list[str]], count: int
) -> tuple[ParsedAppendix, str]:
    """An appendix with its title («Приложение №2. График …») and the text of its «к приказу …» reference."""
    reference: list[str] = []
    caption: list[str] = []
    in_reference = False
    for line in lines:
        if _REFERENCE_START.match(line):
            in_reference = True
        if in_reference:
            reference.append(line)
            in_reference = find_date(" ".join(reference)) is None
        else:
            caption.append(line)
    heading = " ".join(caption)
    title = f"{label}. {heading}" if label and heading else label or heading or f"Таблица {count}"
    return ParsedAppendix(title, [[one_line(cell) for cell in row] for row in rows]), " ".join(reference)


def _read_body(blocks: list[Paragraph | Table]) -> _Body:
    body = _Body()
    region = "measures"
    roles: dict[str, int] | None = None
    header_row: list[str] = []
    dates: list[tuple[int, str]] = []
    width = 0
    pending_number: str | None = None
    label: str | None = None
    lines: list[str] = []

    def add_appendix(rows: list[list[str]]) -> None:
        nonlocal label, lines
        appendix, reference = _appendix(label, lines, rows, len(body.appendices) + 1)
        body.appendices.append(appendix)
        if reference:
            body.appendix_references.append(reference)
        label, lines = None, []

    for block in blocks:
        if isinstance(block, Paragraph):
            text = one_line(block.text)
            if not text:
                continue
            if match := _APPENDIX_MARK.match(text):
                region, pending_number = "appendix", None
                label, lines = " ".join(match.group(1).split()), [match.group(2)] if match.group(2) else []
            elif _GLOSSARY.match(text) and region != "appendix":
                region = "glossary"
            elif region == "appendix":
                lines.append(text)
            elif region == "measures":
                if pending_number is not None:
                    body.entries.append(_Heading(pending_number, text))
                    pending_number = None
                elif match := _HEADING_NUMBER.match(text):
                    pending_number = _number_of(match.group(1))
                elif match := _HEADING.match(text):
                    body.entries.append(_Heading(_number_of(match.group(1)), match.group(2).strip()))
                else:
                    body.trailing.append(text)
            continue

        rows = _cleaned_rows(block)
        if region == "glossary" or not rows:
            continue
        if region == "appendix":
            add_appendix(rows)
            continue
        table_width = max(len(row) for row in block.rows)
        header_at = next((i for i, row in enumerate(rows[:3]) if header_roles(row) is not None), None)
        if header_at is not None:
            header = header_row = rows[header_at]
            roles, width = header_roles(header), table_width
            assert roles is not None
            dates = date_columns(header, roles)
            rows = rows[header_at + 1 :]
            if rows and (below := subheader(rows[0], header, roles)) is not None:
                roles, dates = _with_subheader(roles, dates, below)
                rows = rows[1:]
            for _, date_header in dates:
                if date_header not in body.date_headers:
                    body.date_headers.append(date_header)
            if "deadline" in roles and dates and not body.main_date_header:
                body.main_date_header = one_line(header[roles["deadline"]])
        elif roles is None or table_width != width:
            # A table of another shape after the plan, with no «Приложение» line: its caption is above it.
            if body.trailing:
                label, lines = None, [body.trailing.pop()]
            add_appendix(rows)
            continue
        assert roles is not None  # set together with width by the first header
        caption = " ".join(body.trailing)
        if caption and len(caption) <= 300 and (header_at is None or body.entries):
            # Lines between two parts of the measure table: a merged section row of a text export
            # («Работа с учащимися» on a line of its own), or the title of a section whose table repeats
            # the header.
            body.entries.append(_Heading(None, caption))
            body.captions += 1
        body.trailing.clear()
        after_header = False
        for row in rows:
            if header_roles(row) is not None:
                after_header = True
                continue
            if _is_column_numbering(row) or (after_header and subheader(row, header_row, roles) is not None):
                continue
            after_header = False
            if _is_signature(row):
                # «Директор школы | | | Н.Е. Байрачный» under the table: who signed, not a measure.
                body.trailing.append(one_line(" ".join(cell for cell in row if cell)))
                continue
            body.entries.append(_make_row(row, roles, dates))
    return body


def _is_signature(row: list[str]) -> bool:
    """A position in the first column and a name: a signature, not the rest of a split row (whose first
    column, the number, is empty)."""
    cells = [one_line(cell) for cell in row if one_line(cell)]
    text = " ".join(cells)
    return (
        bool(row)
        and bool(one_line(row[0]))
        and len(cells) <= 2
        and len(text) <= 120
        and not any(_MEASURE_NUMBER.match(cell) for cell in cells)
        and _SIGNATORY_POSITION.match(text) is not None
        and find_person(text) is not None
    )


def _with_subheader(
    roles: dict[str, int], dates: list[tuple[int, str]], below: list[tuple[int, str]]
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """The columns named under a merged «Сроки»: the first (or the «основной») is the deadline, the rest
    are further dates."""
    roles = dict(roles)
    main = next((index for index, label in below if "основн" in label.lower()), None)
    if main is None:
        main = next((index for index, label in below if not re.search(r"резерв|дополнит", label, re.I)), None)
    if main is not None:
        roles["deadline"] = main
    known = {index for index, _ in dates}
    merged = [(index, label) for index, label in dates if index != roles.get("deadline")]
    merged += [
        (index, label)
        for index, label in below
        if index != roles.get("deadline") and index not in known and index not in roles.values()
    ]
    return roles, sorted(merged)


# --- rows into sections and measures -----------------------------------------------------------------


def _next_number(entries: list[_Row | _Heading], index: int) -> str | None:
    for entry in entries[index + 1 :]:
        if isinstance(entry, _Heading):
            return None
        if entry.number is not None:
            return entry.number
    return None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def arabic(number: str) -> str:
    """«IV» → «4»; any other number as it is. A section «I» holds the measures «1.1», «1.2»…"""
    if not re.fullmatch(_ROMAN, number):
        return number
    values = [_ROMAN_VALUES[char] for char in number]
    total = sum(
        -value if value < later else value for value, later in zip(values, [*values[1:], 0], strict=True)
    )
    return str(total)


def _top(number: str | None) -> str | None:
    return arabic(number.split(".")[0]) if number and "." in number else None


def _is_section_row(row: _Row, following: str | None) -> bool:
    """A numbered row that heads a section: «1 | Мероприятия, предусматривающие… | | ».

    Its title may stand in any one column (a title that spilled out of its cell) or run over several
    columns, but a row with a deadline, or with both a title and responsible people, is a measure.
    """
    number = row.number or ""
    if "." in number:
        return False
    texts = row.filled()
    has_child = following is not None and following.startswith(arabic(number) + ".")
    # Numbering that restarts in every section: «2 | Аналитическая работа» followed by «1 | Анализ…».
    restarts = following == "1"
    if len(texts) <= 1:
        return (
            not texts
            or has_child
            or restarts
            or row.title_in_number_cell
            or arabic(number) != number
            or not row.cells.get("title")
        )
    cells = row.cells
    return (
        has_child and not cells.get("deadline") and (not cells.get("responsible") or not cells.get("title"))
    )


def _join(first: str, second: str) -> str:
    return f"{first}\n{second}" if first and second else first or second


def _unnumbered_table(entries: list[_Row | _Heading]) -> str | None:
    """ "none" when the table has no number column and no row carries a number; "empty" when its number
    column is empty in every row (Word's automatic numbering leaves no text); None otherwise."""
    rows = [entry for entry in entries if isinstance(entry, _Row)]
    # A section row «2. Аналитическая работа» merged across the table may carry a number; measures do not.
    if not rows or any(row.number is not None and len(row.filled()) > 1 for row in rows):
        return None
    if all(row.number_column == "none" for row in rows):
        return "none"
    with_title = [row for row in rows if row.cells.get("title") and len(row.filled()) > 1]
    return "empty" if len(with_title) >= 2 else None


def _starts_lower(text: str) -> bool:
    letter = next((char for char in text if char.isalpha()), "")
    return letter.islower() or (bool(text) and text[0] in ",;:-–)")


def _classify_unnumbered(entries: list[_Row | _Heading], warnings: list[str]) -> list[_Heading | _Row]:
    """A table without numbers: every row a measure, numbered 1, 2, 3 … in order; a row holding only one
    cell is a section heading; a row whose title is missing or goes on in lower case without a deadline
    is the rest of the row above, split by a page break. Each guess is warned about."""
    result: list[_Heading | _Row] = []
    last_measure: _Row | None = None
    count = 0
    for index, entry in enumerate(entries):
        if isinstance(entry, _Heading):
            result.append(entry)
            last_measure = None
            continue
        filled = entry.filled()
        title = one_line(entry.cells.get("title", ""))
        if len(filled) == 1:
            # One cell: a section row (merged, or in the first column), or a piece of a split row.
            text = one_line(filled[0][1])
            continues = last_measure is not None and (
                _starts_lower(text) or (entry.first_index > 0 and filled[0][0] != "title")
            )
        else:
            continues = last_measure is not None and (
                not title
                or (
                    _starts_lower(title)
                    and not (entry.cells.get("deadline") and last_measure.cells.get("deadline"))
                )
            )
        following = entries[index + 1] if index + 1 < len(entries) else None
        # «Семинар для» whose next row goes on «учителей…»: the start of a split row, not a heading.
        split_start = (
            isinstance(following, _Row)
            and following.number is None
            and _starts_lower(one_line(following.cells.get("title", "")))
        )
        if len(filled) == 1 and not continues and not split_start:
            text = one_line(filled[0][1])
            if entry.number is not None:
                result.append(_Heading(entry.number, text))
            elif heading := _HEADING.match(text):
                result.append(_Heading(_number_of(heading.group(1)), heading.group(2).strip()))
            else:
                result.append(_Heading(None, text))
                if entry.first_index > 0:
                    # A row merged across the table (or a line of its own) is a section; one cell elsewhere
                    # may as well be part of a measure.
                    warnings.append(f"Строка «{excerpt(text)}» без номера прочитана как заголовок раздела.")
            last_measure = None
        elif continues:
            assert last_measure is not None
            _continue_row(last_measure, entry)
            shown = title or one_line(" ".join(text for _, text in filled))
            warnings.append(
                f"Строка «{excerpt(shown)}» без номера присоединена к мероприятию {last_measure.number} "
                "как его продолжение (строка, разорванная переходом на новую страницу)."
            )
        else:
            count += 1
            entry.number = str(count)
            result.append(entry)
            last_measure = entry
    return result


def _classify(entries: list[_Row | _Heading], warnings: list[str]) -> list[_Heading | _Row]:
    """Raw rows into section headings and measure rows; a row without a number continues the one above."""
    unnumbered = _unnumbered_table(entries)
    if unnumbered is not None:
        result = _classify_unnumbered(entries, warnings)
        count = sum(1 for item in result if isinstance(item, _Row))
        numbers = f"1–{count}" if count > 1 else "1"
        reason = (
            "В таблице мероприятий нет столбца с номерами"
            if unnumbered == "none"
            else "Столбец номеров в таблице мероприятий пуст (возможно, номера были проставлены "
            "автоматической нумерацией Word)"
        )
        warnings.insert(0, f"{reason}: мероприятия пронумерованы по порядку ({numbers}) — проверьте номера.")
        return result
    result: list[_Heading | _Row] = []
    last_measure: _Row | None = None
    for index, entry in enumerate(entries):
        if isinstance(entry, _Heading):
            result.append(entry)
            last_measure = None
            continue
        cells = entry.cells
        if entry.number is not None:
            if _is_section_row(entry, _next_number(entries, index)):
                title = " ".join(one_line(text) for _, text in entry.filled())
                result.append(_Heading(entry.number, title or None))
                last_measure = None
            else:
                result.append(entry)
                last_measure = entry
            continue
        filled = entry.filled()
        if len(filled) == 1:
            role, text = filled[0]
            heading = _HEADING.match(one_line(text))
            following = _next_number(entries, index)
            new_prefix = last_measure is not None and _top(following) not in {None, _top(last_measure.number)}
            previous = result[-1] if result else None
            if isinstance(previous, _Heading) and previous.number and previous.title is None:
                # «2. | | |» followed by a row holding only the title.
                previous.title = one_line(text)
            elif heading:
                result.append(_Heading(_number_of(heading.group(1)), heading.group(2).strip()))
            elif role == "number" or last_measure is None or new_prefix:
                result.append(_Heading(None, one_line(text)))
            else:
                _continue_row(last_measure, entry)
                continue
            last_measure = None
        elif last_measure is not None:
            _continue_row(last_measure, entry)
        else:
            title = one_line(cells.get("title", ""))
            warnings.append(f"Строка без номера прочитана как отдельное мероприятие: «{excerpt(title)}».")
            result.append(entry)
            last_measure = entry
    return result


def _continue_row(row: _Row, continuation: _Row) -> None:
    """A row that a page break split: its cells go to the end of the row above."""
    for role, text in continuation.cells.items():
        # A vertically merged cell repeats its text on the row below: it is not said twice.
        if text and text != row.cells.get(role):
            row.cells[role] = _join(row.cells.get(role, ""), text)
    row.extra.extend(continuation.extra)
    for label, text in continuation.dates:
        at = next((i for i, (theirs, _) in enumerate(row.dates) if theirs == label), None)
        if at is None:
            row.dates.append((label, text))
        else:
            row.dates[at] = (label, _join(row.dates[at][1], text))
    if continuation.number_text:
        row.cells["title"] = _join(row.cells.get("title", ""), continuation.number_text)


_RESERVE_IN_CELL = re.compile(
    r"[(\[;,]?\s*(?:в\s+)?резервн?\w*(?:\s+(?:дни|день|даты|дата|сроки|срок|период))?\s*[:\-–—]?\s*", re.I
)


def split_reserve(text: str) -> tuple[str, str]:
    """«27.05.2024 (резерв – 10.06.2024)» → ("27.05.2024", "10.06.2024"): the main date and the reserve one
    written in the same cell; the text and "" when the cell names no reserve date after a main one."""
    match = _RESERVE_IN_CELL.search(text)
    if match is None:
        return text, ""
    main = text[: match.start()].strip(" ,;(\n")
    reserve = text[match.end() :].strip(" )];\n")
    if not main or not reserve or not re.search(r"\d", main + reserve):
        return text, ""
    return main, reserve


def _measure(row: _Row, period: PlanPeriod | None, order: int, warnings: list[str]) -> ParsedMeasure:
    cells = row.cells
    number = row.number or ""
    title = one_line(cells.get("title", ""))
    label = f"Мероприятие {number}" if number else f"Мероприятие «{excerpt(title, 60)}»"
    if not title:
        warnings.append(f"{label}: не указано наименование.")
    deadline_text = clean_cell(cells.get("deadline", ""))
    main_text, reserve = split_reserve(deadline_text)
    deadline = parse_deadline(main_text, period)
    warnings.extend(f"{label}: {warning[0].lower()}{warning[1:]}" for warning in deadline.warnings)
    extra_dates = [
        {"label": header, "text": clean_cell(text)} for header, text in row.dates if clean_cell(text)
    ]
    if reserve:
        extra_dates.insert(0, {"label": "Резерв", "text": reserve})
        warnings.append(
            f"{label}: срок прочитан по основной дате «{one_line(main_text)}», "
            f"резервная «{one_line(reserve)}» сохранена как дополнительная."
        )
    responsible_text = clean_cell(cells.get("responsible", ""))
    return ParsedMeasure(
        number=number,
        title=title,
        form=one_line(cells.get("form", "")) or None,
        deadline_text=deadline_text,
        deadline=deadline,
        responsible_text=responsible_text,
        responsible=split_responsible(responsible_text),
        expected_result=one_line(cells.get("result", "")) or None,
        order=order,
        extra_dates=extra_dates,
    )


def _build_sections(
    items: list[_Heading | _Row], period: PlanPeriod | None, warnings: list[str]
) -> list[ParsedSection]:
    numbered_sections = any(isinstance(item, _Heading) and item.number for item in items)
    sections: list[ParsedSection] = []
    implicit: dict[str, ParsedSection] = {}
    current: ParsedSection | None = None
    order = 0
    for index, item in enumerate(items):
        if isinstance(item, _Heading):
            waiting = implicit.pop(arabic(item.number), None) if item.number else None
            if waiting is not None:
                waiting.title = item.title
                continue
            if not any(isinstance(later, _Row) for later in items[index + 1 :]):
                continue
            current = ParsedSection(item.number, item.title)
            sections.append(current)
            continue
        prefix = _top(item.number)
        current_number = arabic(current.number) if current is not None and current.number else None
        under_measure = current is not None and any(m.number == prefix for m in current.measures)
        if numbered_sections and prefix is not None and current_number != prefix and not under_measure:
            # Rows «2.1…» with no «2» heading before them: the heading may come later (seed 001's .docx).
            current = ParsedSection(prefix, None)
            implicit[prefix] = current
            sections.append(current)
        elif current is None:
            current = ParsedSection(None, None)
            sections.append(current)
        order += 1
        current.measures.append(_measure(item, period, order, warnings))
    for section in sections:
        if section.number is not None and section.title is None:
            warnings.append(f"Раздел {section.number}: заголовок раздела не найден.")
    return sections


def _restarts(section: ParsedSection, used: set[str]) -> bool:
    """A section whose numbering starts again from 1 («1», «1.1») after earlier sections used it."""
    first = next((measure.number for measure in section.measures if measure.number), None)
    return first is not None and first.split(".")[0] == "1" and first in used


def _check_numbering(sections: list[ParsedSection], warnings: list[str]) -> None:
    """Repeats and gaps in the numbering; every row is kept as it stands.

    Numbering that starts again from 1 in a new section is not a repeat: it is checked section by section.
    """
    seen: set[str] = set()
    last: dict[tuple[str, ...], int] = {}
    measures: list[ParsedMeasure] = []
    starts: set[int] = set()  # positions where a section starts its numbering again
    for section in sections:
        if measures and _restarts(section, {m.number for m in measures}):
            starts.add(len(measures))
        measures.extend(section.measures)
    for position, measure in enumerate(measures):
        if position in starts:
            seen, last = set(), {}
        number = measure.number
        if not number:
            continue
        parts = number.split(".")
        if number in seen:
            warnings.append(f"Номер {number} встречается повторно: «{excerpt(measure.title)}».")
        elif all(part.isdigit() for part in parts):
            parent, value = tuple(parts[:-1]), int(parts[-1])
            previous = last.get(parent, 0)
            if value > previous + 1:
                prefix = ".".join(parent) + "." if parent else ""
                missing = [f"{prefix}{n}" for n in range(previous + 1, value)]
                shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                noun = "пропущен номер" if len(missing) == 1 else "пропущены номера"
                warnings.append(f"В нумерации мероприятий {noun} {shown} (перед {number}).")
        if all(part.isdigit() for part in parts):
            last[tuple(parts[:-1])] = int(parts[-1])
        seen.add(number)
    numbers: set[str] = set()
    for position, measure in enumerate(measures):
        if position in starts:
            numbers = set()
        numbers.add(measure.number)
        parent = measure.number.rsplit(".", 1)[0] if "." in measure.number else None
        measure.parent_number = parent if parent in numbers else None


def _appendix_date_warnings(
    appendices: list[ParsedAppendix], period: PlanPeriod | None, warnings: list[str]
) -> None:
    """Dates in an appendix's «Дата»/«Срок» column that fall outside the plan period."""
    if period is None:
        return
    for appendix in appendices:
        if not appendix.rows:
            continue
        columns = [i for i, cell in enumerate(appendix.rows[0]) if re.search(r"дата|срок", cell, re.I)]
        for row in appendix.rows[1:]:
            for column in columns:
                if column < len(row) and row[column] and find_date(row[column]):
                    for warning in parse_deadline(row[column], period).warnings:
                        warnings.append(f"{appendix.title.split('.')[0]}: {warning[0].lower()}{warning[1:]}")


# --- the whole document ------------------------------------------------------------------------------


def parse_document(document: RawDocument) -> ParsedRoadmap:
    filename = document.filename
    tables = [(i, block) for i, block in enumerate(document.blocks) if isinstance(block, Table)]
    if not tables:
        raise RoadmapImportError(
            f"В файле «{filename}» нет ни одной таблицы: дорожная карта должна быть таблицей мероприятий "
            "(№, мероприятие, сроки, ответственные)."
        )
    first = None
    for index, table in tables:
        rows = _cleaned_rows(table)
        header_at = next((i for i, row in enumerate(rows[:3]) if header_roles(row) is not None), None)
        if header_at is not None:
            first = (index, rows[:header_at])
            break
    if first is None:
        if all(not _cleaned_rows(table) for _, table in tables):
            raise RoadmapImportError(
                f"Таблица в файле «{filename}» пуста: в ней нет ни одной заполненной строки."
            )
        raise RoadmapImportError(
            f"В файле «{filename}» не найдена таблица мероприятий: ни в одной таблице нет заголовков "
            "столбцов "
            "вроде «№ п/п», «Мероприятия», «Сроки», «Ответственные»."
        )
    first_index, rows_above_header = first

    warnings: list[str] = []
    paragraphs = [one_line(line) for block in document.blocks[:first_index] for line in _flatten(block)]
    paragraphs += [one_line(line) for row in rows_above_header for cell in row for line in cell.split("\n")]
    preamble = _read_preamble([p for p in paragraphs if p], warnings)
    body = _read_body(document.blocks[first_index:])

    headings = list(preamble.headings)
    if preamble.caption and body.captions:
        # «Организационная работа» above the first table, as the later sections are titled above theirs.
        headings.append(_Heading(None, preamble.caption))
    items = _classify([*headings, *body.entries], warnings)
    if not any(isinstance(item, _Row) for item in items):
        raise RoadmapImportError(
            f"Таблица мероприятий в файле «{filename}» пуста: под заголовком нет ни одного мероприятия."
        )

    title = preamble.title
    if not title:
        warnings.append("Заголовок плана не найден: укажите его вручную.")
        title = filename.rsplit(".", 1)[0]
    period = period_from_title(title) or period_from_title(preamble.text)
    if period is None and (exam := _EXAM_YEAR.search(title)):
        # «План подготовки к ГИА-2025»: the school year that ends with that exam season.
        year = int(exam.group(1))
        period = PlanPeriod(date(year - 1, 9, 1), date(year, 8, 31))
        warnings.append(
            f"Период плана взят из «{exam.group(0)}»: {period.describe()} (учебный год, в котором проходит "
            "эта аттестация) — проверьте."
        )
    if period is None:
        warnings.append("Период плана не указан в заголовке: сроки без года не удалось отнести к датам.")

    approval = preamble.approval
    if approval.order_number is None and approval.order_date is None:
        for reference in body.appendix_references:
            number, order_date = find_order(reference)
            if number is not None:
                approval = replace(approval, order_number=number, order_date=order_date)
                warnings.append(
                    f"Реквизиты приказа (№{number}"
                    + (f" от {order_date:%d.%m.%Y}" if order_date else "")
                    + ") взяты из заголовка приложения."
                )
                break
    if preamble.has_order and not preamble.order_signed and approval.approved_by is None:
        signatory = next(
            (
                name
                for text in reversed(body.trailing)
                if _POSITION.search(text) and (name := find_person(text))
            ),
            None,
        )
        approval = replace(approval, approved_by=signatory, signed_by=signatory)

    if body.date_headers:
        shown = ", ".join(f"«{label}»" for label in body.date_headers)
        main = f"из столбца «{body.main_date_header}»" if body.main_date_header else "из первого столбца дат"
        kept = (
            f"даты из столбцов {shown} сохранены у мероприятий как дополнительные — проверьте их."
            if len(body.date_headers) > 1
            else f"даты из столбца {shown} сохранены у мероприятий как дополнительные — проверьте их."
        )
        warnings.append(f"В таблице несколько столбцов дат: срок мероприятия взят {main}, {kept}")
    sections = _build_sections(items, period, warnings)
    _check_numbering(sections, warnings)
    _appendix_date_warnings(body.appendices, period, warnings)
    return ParsedRoadmap(
        title=title,
        approval=approval,
        period=period,
        sections=sections,
        appendices=body.appendices,
        warnings=warnings,
        source_name=filename,
    )
