"""The browser import of a roadmap: what was read is kept on the server between the preview and the
confirmation, the person corrects it, and only then is anything saved.

The parsed document lives in the session (stored in the database) as JSON. The preview shows every
measure as text; a person opens one row at a time to correct it, so a post carries the plan's header and
at most one measure, whatever the size of the plan (Django refuses a post of over 1,000 fields). Each
correction is checked by a form whose limits are the model's, and before saving every measure is checked
by the same form, so a value read from the file that the database cannot hold is named, not a crash.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

from django import forms
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common.forms import PeriodCheckMixin

from .deadlines import KINDS, ParsedDeadline
from .importer.parsed import Approval, ParsedAppendix, ParsedMeasure, ParsedRoadmap, ParsedSection
from .importer.responsible import split_responsible
from .models import DeadlineKind, Measure, Roadmap, Section
from .plan_period import PlanPeriod

SESSION_KEY = "roadmap_import"
MEASURE_PREFIX = "m"


def _max(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _date_field(label: str, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: str, *, max_length: int | None, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


class PreviewHeaderForm(PeriodCheckMixin, forms.Form):
    """The plan's own lines: its name, period and approval."""

    title = _text("Наименование", max_length=None, required=True, rows=3)
    period_start = _date_field("Начало периода", required=True)
    period_end = _date_field("Конец периода", required=True)
    approved_by = _text("Кем утверждена", max_length=_max(Roadmap, "approved_by"))
    order_number = _text("Номер приказа", max_length=_max(Roadmap, "order_number"))
    order_date = _date_field("Дата приказа", required=False)


class MeasureCorrectionForm(forms.Form):
    """One measure as the person corrects it; the limits are those of ``Measure``."""

    number = _text("№", max_length=_max(Measure, "number"))
    title = _text("Мероприятие", max_length=None, required=True, rows=2)
    form = _text("Форма", max_length=None, rows=2)
    deadline_text = _text("Сроки как в документе", max_length=_max(Measure, "deadline_text"))
    kind = forms.ChoiceField(
        label="Вид срока",
        choices=[(kind, DeadlineKind(kind).label) for kind in KINDS],
    )
    start = _date_field("Начало срока", required=False)
    end = _date_field("Окончание срока", required=False)
    responsible_text = _text("Ответственные", max_length=None, rows=2)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Окончание срока раньше начала.")
        return data


class PreviewRowForm(forms.Form):
    """Which measure is open for correction: a position in the plan, nothing else."""

    row = forms.IntegerField(min_value=0, max_value=10**6)

    def __init__(self, *args, measures: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures

    def clean_row(self) -> int:
        row = self.cleaned_data["row"]
        if row >= self.measures:
            raise forms.ValidationError(f"В плане нет строки {row + 1}: строк всего {self.measures}.")
        return row


def to_session(parsed: ParsedRoadmap) -> dict:
    data = parsed.as_json(full=True)
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
                    extra_dates=[dict(item) for item in m.get("extra_dates", [])],
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
            signed_by=data.get("order", {}).get("signed_by"),
            appendix=data.get("order", {}).get("appendix"),
        ),
        period=PlanPeriod(_date(period["start"]), _date(period["end"]))
        if period["start"] and period["end"]
        else None,
        sections=sections,
        appendices=[ParsedAppendix(title=a["title"], rows=a["rows"]) for a in data["appendices"]],
        warnings=list(data["warnings"]),
        source_name=data.get("source_name", ""),
    )


def header_initial(parsed: ParsedRoadmap) -> dict[str, object]:
    return {
        "title": parsed.title,
        "period_start": parsed.period.start if parsed.period else None,
        "period_end": parsed.period.end if parsed.period else None,
        "approved_by": parsed.approval.approved_by or "",
        "order_number": parsed.approval.order_number or "",
        "order_date": parsed.approval.order_date,
    }


def measure_initial(measure: ParsedMeasure) -> dict[str, object]:
    return {
        "number": measure.number,
        "title": measure.title,
        "form": measure.form or "",
        "deadline_text": measure.deadline_text,
        "kind": measure.deadline.kind,
        "start": measure.deadline.start,
        "end": measure.deadline.end,
        "responsible_text": measure.responsible_text,
    }


def _as_posted(initial: Mapping[str, object], prefix: str | None = None) -> dict[str, str]:
    """The values as the browser would post them back unchanged."""
    posted = {}
    for name, value in initial.items():
        key = f"{prefix}-{name}" if prefix else name
        posted[key] = value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))
    return posted


def apply_header(parsed: ParsedRoadmap, cleaned: Mapping) -> None:
    parsed.title = cleaned["title"]
    parsed.period = PlanPeriod(cleaned["period_start"], cleaned["period_end"])
    parsed.approval = Approval(
        approved_by=cleaned["approved_by"] or None,
        order_number=cleaned["order_number"] or None,
        order_date=cleaned["order_date"],
    )


def apply_measure(measure: ParsedMeasure, cleaned: Mapping) -> None:
    """One corrected measure; the person named responsible are read again only if that text changed."""
    kind = cleaned["kind"]
    measure.number = cleaned["number"]
    measure.title = cleaned["title"]
    measure.form = cleaned["form"] or None
    if cleaned["responsible_text"] != measure.responsible_text:
        measure.responsible_text = cleaned["responsible_text"]
        measure.responsible = split_responsible(cleaned["responsible_text"])
    months = measure.deadline.months if kind == measure.deadline.kind else []
    measure.deadline_text = cleaned["deadline_text"]
    measure.deadline = ParsedDeadline(kind=kind, start=cleaned["start"], end=cleaned["end"], months=months)


def measure_label(index: int, measure: ParsedMeasure) -> str:
    number = measure.number if len(measure.number) <= 20 else measure.number[:20] + "…"
    return f"Строка {index + 1} (№ {number or '—'})"


def _form_errors(form: forms.Form) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        where = f"{form.fields[name].label}: " if name in form.fields else ""
        messages += [f"{where}{error}" for error in errors]
    return messages


def plan_problems(parsed: ParsedRoadmap) -> list[tuple[int | None, str]]:
    """Everything that keeps the plan, as it now stands, from being saved: (measure position or None, text).

    Each measure goes through the same form as a correction, so a value read from the file that is too
    long for its column or holds a NUL character is named here, with its row, before the database sees it.
    """
    problems: list[tuple[int | None, str]] = []
    header = PreviewHeaderForm(data=_as_posted(header_initial(parsed)))
    problems += [(None, message) for message in _form_errors(header)]
    section_max = _max(Section, "number")
    for section in parsed.sections:
        if section.number and len(section.number) > section_max:
            problems.append((None, f"Номер раздела «{section.number[:20]}…» длиннее {section_max} символов."))
    for index, measure in enumerate(parsed.measures):
        form = MeasureCorrectionForm(data=_as_posted(measure_initial(measure)))
        label = measure_label(index, measure)
        problems += [(index, f"{label}: {message}") for message in _form_errors(form)]
    return problems


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
