"""The region's form of the МКО indicators (objectivity of ВПР) as a one-page A4 PDF: a table
«Показатель / Значение» for one municipality and year, the department's heading, the date and the
department head's signature line. The numbers come from ``assessments.muko``; nothing is counted here."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from assessments.muko import MukoCounts, muko_counts
from schools.models import Municipality, User
from schools.templatetags.ru import format_ru_date

from .documents import name_for_signature
from .pdf import html_to_pdf

TITLE = "Показатели механизмов управления качеством образования: обеспечение объективности результатов ВПР"


@dataclass(frozen=True)
class MukoLine:
    number: int
    label: str
    unit: str
    value: str


@dataclass
class MukoDocument:
    department: str
    municipality: str
    year: int
    title: str
    date_text: str
    head_position: str
    head_name: str
    lines: list[MukoLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def muko_document_of(counts: MukoCounts, *, municipality: Municipality) -> MukoDocument:
    head = (
        User.objects.filter(municipality=municipality, role=User.Role.DEPARTMENT_HEAD, is_active=True)
        .order_by("pk")
        .first()
    )
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(municipality.timezone))
    return MukoDocument(
        department=municipality.department_name,
        municipality=municipality.name,
        year=counts.year,
        title=TITLE,
        date_text=format_ru_date(today),
        head_position=(
            head.position.strip() if head and head.position.strip() else "Начальник управления образования"
        ),
        head_name=name_for_signature(head),
        lines=[
            # The unit stands in its own column: a share's value is «66,7», not «66,7%».
            MukoLine(number, indicator.label, indicator.unit, text.removesuffix("%"))
            for number, (indicator, _, text) in enumerate(counts.lines(), start=1)
        ],
        notes=list(counts.notes),
    )


def muko_document(*, municipality: Municipality, year: int) -> MukoDocument:
    return muko_document_of(muko_counts(municipality=municipality, year=year), municipality=municipality)


def muko_html(*, document: MukoDocument) -> str:
    return render_to_string("reports/print/muko.html", {"doc": document})


def muko_pdf(*, document: MukoDocument) -> bytes:
    return html_to_pdf(muko_html(document=document))
