"""The web print page of a mock-exam schedule: the PDF's own document and HTML, shown in the browser.

It answers at the schedule's address in the ``assessments`` namespace (``assessments:schedule_print``);
config/urls.py adds ``assessments_patterns`` to that namespace, so assessments need not import reports.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from assessments.access import schedule_for_user_or_404, viewer_required

# The print page is the PDF's own HTML: its stylesheet and column widths stand inline, and its «Печать»
# button calls window.print() (allowed by that handler's hash alone).
PRINT_BUTTON_HASH = "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='"  # of «window.print()»
PRINT_PAGE_CSP = {"style-src": ["'unsafe-inline'"], "script-src": ["'unsafe-hashes'", PRINT_BUTTON_HASH]}


@viewer_required
@csp_update(PRINT_PAGE_CSP)
def schedule_print(request: HttpRequest, pk: int) -> HttpResponse:
    # Printed one way only: the same document and template as the PDF (reports/print/mock_exams.html).
    # Imported here: the PDF machinery (WeasyPrint) is loaded by the page that prints, not by every page.
    from .mock_exam_document import mock_exams_document
    from .pdf import mock_exams_html

    schedule = schedule_for_user_or_404(request.user, pk)
    document = mock_exams_document(schedule=schedule)
    back = reverse("assessments:schedule_detail", args=[schedule.pk])
    return HttpResponse(mock_exams_html(document=document, back_url=back))


# Added by config/urls.py to the assessments namespace, under /assessments/.
assessments_patterns = [path("mock-exams/<int:pk>/print/", schedule_print, name="schedule_print")]
