"""The browser import of a roadmap: what was read is kept between the preview and the confirmation,
the person corrects it, and only then is anything saved.

The parsed document travels in the session as JSON; the corrections come back as form fields named
after each measure's position (``m-<i>-title``) and are applied before saving.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .deadlines import KINDS, ParsedDeadline, Period
from .importer.parsed import Approval, ParsedAppendix, ParsedMeasure, ParsedRoadmap, ParsedSection
from .importer.responsible import split_responsible

SESSION_KEY = "roadmap_import"
EDITABLE_MEASURE_FIELDS = (
    "number",
    "title",
    "form",
    "deadline_text",
    "kind",
    "start",
    "end",
    "responsible_text",
)


def to_session(parsed: ParsedRoadmap) -> dict:
    data = parsed.as_json()
    # as_json leaves out the nesting of sub-items; the preview must keep it.
    for measure_json, measure in zip(
        (m for s in data["sections"] for m in s["measures"]), parsed.measures, strict=True
    ):
        measure_json["parent_number"] = measure.parent_number
    data["source_name"] = parsed.source_name
    return data


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def from_session(data: Mapping) -> ParsedRoadmap:
    period = data["period"]
    sections = []
    order = 0
    for section in data["sections"]:
        measures = []
        for m in section["measures"]:
            deadline = m["deadline"]
            measures.append(
                ParsedMeasure(
                    number=m["number"],
                    title=m["title"],
                    form=m["form"],
                    deadline_text=m["deadline_text"],
                    deadline=ParsedDeadline(
                        kind=deadline["kind"],
                        start=_date(deadline["start"]),
                        end=_date(deadline["end"]),
                        months=list(deadline["months"]),
                    ),
                    responsible_text=m["responsible_text"],
                    responsible=list(m["responsible"]),
                    expected_result=m["expected_result"],
                    parent_number=m.get("parent_number"),
                    order=order,
                )
            )
            order += 1
        sections.append(ParsedSection(number=section["number"], title=section["title"], measures=measures))
    approval = data["approval"]
    return ParsedRoadmap(
        title=data["title"],
        approval=Approval(
            approved_by=approval["approved_by"],
            order_number=approval["order_number"],
            order_date=_date(approval["order_date"]),
        ),
        period=Period(_date(period["start"]), _date(period["end"]))
        if period["start"] and period["end"]
        else None,
        sections=sections,
        appendices=[ParsedAppendix(title=a["title"], rows=a["rows"]) for a in data["appendices"]],
        warnings=list(data["warnings"]),
        source_name=data.get("source_name", ""),
    )


def apply_corrections(parsed: ParsedRoadmap, post: Mapping[str, str]) -> list[str]:
    """Apply the corrections made in the preview; returns errors in Russian (nothing applied if any)."""
    errors: list[str] = []

    def read_date(name: str, label: str) -> date | None:
        value = (post.get(name) or "").strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            errors.append(f"{label}: «{value}» — не дата.")
            return None

    title = (post.get("title") or "").strip()
    if not title:
        errors.append("Наименование дорожной карты не может быть пустым.")
    start, end = read_date("period_start", "Начало периода"), read_date("period_end", "Конец периода")
    if not (start and end):
        errors.append("Укажите период плана: начало и конец.")
    elif end < start:
        errors.append("Конец периода раньше его начала.")
    order_date = read_date("order_date", "Дата приказа")

    corrected = []
    for index, measure in enumerate(parsed.measures):
        prefix = f"m-{index}-"
        label = f"Строка {index + 1} (№ {measure.number or '—'})"
        values = {name: (post.get(prefix + name) or "").strip() for name in EDITABLE_MEASURE_FIELDS}
        if not values["title"]:
            errors.append(f"{label}: пустое наименование мероприятия.")
        kind = values["kind"] or measure.deadline.kind
        if kind not in KINDS:
            errors.append(f"{label}: неизвестный вид срока «{kind}».")
        m_start = read_date(prefix + "start", f"{label}, начало срока")
        m_end = read_date(prefix + "end", f"{label}, окончание срока")
        if m_start and m_end and m_end < m_start:
            errors.append(f"{label}: окончание срока раньше начала.")
        corrected.append((measure, values, kind, m_start, m_end))
    if errors:
        return errors

    parsed.title = title
    parsed.period = Period(start, end)
    parsed.approval = Approval(
        approved_by=(post.get("approved_by") or "").strip() or None,
        order_number=(post.get("order_number") or "").strip() or None,
        order_date=order_date,
    )
    for measure, values, kind, m_start, m_end in corrected:
        measure.number = values["number"]
        measure.title = values["title"]
        measure.form = values["form"] or None
        if values["responsible_text"] != measure.responsible_text:
            measure.responsible_text = values["responsible_text"]
            measure.responsible = split_responsible(values["responsible_text"])
        months = measure.deadline.months if kind == measure.deadline.kind else []
        measure.deadline_text = values["deadline_text"]
        measure.deadline = ParsedDeadline(kind=kind, start=m_start, end=m_end, months=months)
    return []


def import_template_xlsx() -> bytes:
    """The workbook a department can fill in when its plan is not yet a Word document."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Дорожная карта"
    sheet.append(
        [
            "План мероприятий (дорожная карта) по обеспечению объективности оценочных процедур "
            "на 2025-2026 учебный год"
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "№ п/п",
            "Наименование мероприятия",
            "Форма проведения, категория охвата",
            "Сроки",
            "Ответственные",
            "Планируемый результат",
        ]
    )
    sheet.append(["1", "Аналитическая работа", "", "", "", ""])
    sheet.append(
        [
            "1.1",
            "Анализ результатов ВПР в разрезе школ",
            "Совещание с руководителями ОО",
            "Октябрь – ноябрь 2025 г.",
            "Методисты УО, руководители ОО.",
            "Выявление школ группы риска",
        ]
    )
    sheet.append(
        [
            "1.2",
            "Выборочная перепроверка работ претендентов на медаль",
            "Перепроверка по списку",
            "До 1 марта 2026 года",
            "Методисты УО",
            "Протокол перепроверки",
        ]
    )
    for column, width in zip("ABCDEF", (8, 60, 35, 22, 30, 35), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
