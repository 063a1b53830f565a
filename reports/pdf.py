"""PDF builders (WeasyPrint): data in, bytes out.

Every document is A4 in a serif font with Cyrillic (DejaVu Serif from Debian's fonts-dejavu-core,
then Liberation Serif or PT Serif), with page numbers from CSS @page counters and table headers
repeated on every page (thead). The style sheet is inlined into the HTML, so nothing is fetched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint reports every layout step at INFO; with the project's INFO root logger that floods every
# command and worker log, so only its warnings get through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402  (after the logger is quietened: it logs while importing)

if TYPE_CHECKING:
    from .documents import ProtocolDocument, RoadmapDocument
    from .mock_exam_document import MockExamsDocument


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def protocol_html(*, document: ProtocolDocument) -> str:
    return render_to_string("reports/print/protocol.html", {"doc": document})


def protocol_pdf(*, document: ProtocolDocument) -> bytes:
    return html_to_pdf(protocol_html(document=document))


def roadmap_html(*, document: RoadmapDocument) -> str:
    return render_to_string("reports/print/roadmap.html", {"doc": document})


def roadmap_pdf(*, document: RoadmapDocument) -> bytes:
    return html_to_pdf(roadmap_html(document=document))


def mock_exams_html(*, document: MockExamsDocument, back_url: str = "") -> str:
    """The one layout of the schedule: the PDF, and the web print page (``back_url`` adds its toolbar)."""
    return render_to_string("reports/print/mock_exams.html", {"doc": document, "back_url": back_url})


def mock_exams_pdf(*, document: MockExamsDocument) -> bytes:
    return html_to_pdf(mock_exams_html(document=document))
