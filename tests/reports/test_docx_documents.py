"""Issue 13, documents: every document also as .docx (python-docx), laid out like the PDF.

Each .docx is opened again with python-docx and its text compared with the PDF's (pypdf): the same
words, the same number of times; and its layout checked against the PDF's: A4, the orientation, the
ГОСТ margins, tables whose header row repeats on every page, appendices from a new page.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from assessments.models import Commission, MockExam, MockExamSchedule, Subject
from reports.builders import build_document
from reports.models import ReportJob
from roadmaps.models import Appendix
from schools.models import User
from tests.factories import UserFactory

from .pdf_checks import pdf_text

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def docx_text(content: bytes) -> str:
    """Every paragraph and every table cell of the body, in document order (as python-docx reads it)."""
    document = Document(io.BytesIO(content))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            # A merged cell's continuation rows are empty cells: nothing is counted twice.
            for cell in child.iter(qn("w:tc")):
                paragraphs = cell.iter(qn("w:p"))
                parts.append(" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs))
    return "\n".join(parts)


def words(text: str) -> Counter:
    """Words of a text. Hyphens join: «учителей-предметников» is one word in both files, whether the PDF
    broke the line after its hyphen or hyphenated a header («Вы-/пускников»)."""
    text = re.sub(r"[-\u00ad\u2010]\s*\n?\s*", "", text)
    return Counter(word.casefold() for word in WORD.findall(text))


def table_header_words(content: bytes) -> set[str]:
    document = Document(io.BytesIO(content))
    header = " ".join(cell.text for table in document.tables for cell in table.rows[0].cells)
    return set(words(header))


def assert_same_text(docx_content: bytes, pdf_content: bytes) -> None:
    in_word, in_pdf = words(docx_text(docx_content)), words(pdf_text(pdf_content))
    assert in_word - in_pdf == Counter(), "only in the .docx"
    # The PDF prints a table's header row again on every page (Word repeats it without a copy in the file).
    extra = in_pdf - in_word
    assert set(extra) <= table_header_words(docx_content), f"only in the PDF: {extra}"


def header_rows_repeat(content: bytes) -> bool:
    document = Document(io.BytesIO(content))
    return all(
        table.rows[0]._tr.find(qn("w:trPr")) is not None
        and table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        for table in document.tables
        if table.style is not None and table.style.name == "Table Grid"
    )


def page_breaks(content: bytes) -> int:
    return sum(
        1
        for br in Document(io.BytesIO(content)).element.body.iter(qn("w:br"))
        if br.get(qn("w:type")) == "page"
    )


def assert_gost_page(content: bytes, *, landscape: bool) -> None:
    section = Document(io.BytesIO(content)).sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))
    assert size == ((297, 210) if landscape else (210, 297))
    assert (round(section.top_margin.mm), round(section.right_margin.mm), round(section.left_margin.mm)) == (
        20,
        10,
        20,
    )


def _both(kind: str, params: dict, owner) -> tuple[bytes, bytes, str]:
    pdf = build_document(kind=f"{kind}-pdf", params=params, owner=owner)
    word = build_document(kind=f"{kind}-docx", params=params, owner=owner)
    assert word.content_type.endswith("wordprocessingml.document")
    assert word.filename.endswith(".docx") and word.filename[:-5] == pdf.filename[:-4]
    return word.content, pdf.content, word.filename


def test_the_protocol_docx_reads_like_its_pdf(march_meeting, department_head, school_a, school_b):
    march_meeting.school_rows.filter(school=school_a).update(graduates=20, candidates=3, share=15)
    word, pdf, _ = _both("protocol", {"meeting": march_meeting.pk}, department_head)
    assert_same_text(word, pdf)
    assert_gost_page(word, landscape=False)
    assert header_rows_repeat(word)
    assert page_breaks(word) == 1  # the appendix with each school's share starts a new page
    text = docx_text(word)
    assert "ПОВЕСТКА ДНЯ" in text and "1.1. Информацию принять к сведению." in text
    assert not re.search(r"\.\s*\.", text)


def test_the_protocol_docx_with_a_long_attendance_keeps_the_list_appendix(
    march_meeting, department_head, municipality
):
    march_meeting.attendees.add(
        *[
            UserFactory(role=User.Role.METHODIST, municipality=municipality, position="Методист УО")
            for _ in range(16)
        ]
    )
    word, pdf, _ = _both("protocol", {"meeting": march_meeting.pk}, department_head)
    assert_same_text(word, pdf)
    assert "Список присутствовавших" in docx_text(word)
    assert page_breaks(word) == 2


def test_the_roadmap_docx_reads_like_its_pdf(medal_plan, department_head):
    word, pdf, _ = _both("roadmap", {"roadmap": medal_plan.pk}, department_head)
    assert_same_text(word, pdf)
    assert_gost_page(word, landscape=True)
    assert header_rows_repeat(word)
    assert "Приложение" in docx_text(word) and "к приказу МКУ «Кумторкалинское УО»" in docx_text(word)


@pytest.fixture
def plan_schedule(medal_plan, municipality, school_a, school_b):
    """A schedule built from the plan's own Приложение №2, its commission from Приложение №3, and a date
    outside the plan's period (seed 000 has 20.12.2024 in a 2023-2024 plan)."""
    schedule_appendix = Appendix.objects.create(roadmap=medal_plan, title="Приложение №2 График", order=1)
    Appendix.objects.create(
        roadmap=medal_plan,
        title="Приложение № 3 Состав комиссии",
        order=2,
        rows=[["№", "Предмет", "ФИО", "ОО"]],
    )
    schedule = MockExamSchedule.objects.create(
        municipality=municipality,
        period_start=datetime.date(2023, 9, 1),
        period_end=datetime.date(2024, 8, 31),
        source_appendix=schedule_appendix,
    )
    russian = Subject.objects.get(name="Русский язык")
    moscow = datetime.timezone(datetime.timedelta(hours=3))
    for subject, moment, school in (
        (russian, datetime.datetime(2024, 12, 20, 11, 0), school_a),
        (Subject.objects.get(name="Математика"), datetime.datetime(2024, 1, 16, 10, 0), school_b),
    ):
        MockExam.objects.create(
            schedule=schedule, subject=subject, venue=school, starts_at=timezone.make_aware(moment, moscow)
        )
    Commission.objects.create(schedule=schedule, subject=russian).members.set(
        [
            UserFactory(
                role=User.Role.COMMISSION_MEMBER,
                municipality=municipality,
                school=school_b,
                last_name="Проверкина",
            ),
            UserFactory(
                role=User.Role.COMMISSION_MEMBER,
                municipality=municipality,
                school=school_a,
                last_name="Оценкина",
            ),
        ]
    )
    # Another schedule of the same year with its own commission: it must not leak into this document.
    other = MockExamSchedule.objects.create(
        municipality=municipality,
        period_start=datetime.date(2023, 9, 1),
        period_end=datetime.date(2024, 8, 31),
    )
    Commission.objects.create(schedule=other, subject=russian).members.set(
        [UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, last_name="Чужакова")]
    )
    return schedule


def test_the_mock_exam_documents_print_the_plans_own_appendices(plan_schedule, medal_plan, department_head):
    word, pdf, _ = _both("mock-exams", {"roadmap": medal_plan.pk}, department_head)
    assert_same_text(word, pdf)
    assert_gost_page(word, landscape=False)
    assert header_rows_repeat(word)
    flat = " ".join(pdf_text(pdf).split())
    assert "Приложение №2 к приказу МКУ «Кумторкалинское УО» № 312 от 27.11.2023" in flat
    assert "Приложение №3 к приказу МКУ «Кумторкалинское УО» № 312 от 27.11.2023" in flat
    assert "Оценкина" in flat and "Проверкина" in flat and "Чужакова" not in flat
    # The date outside the plan's period is marked as the web page marks it.
    assert "Дата 20.12.2024 вне периода плана (01.09.2023 – 31.08.2024): проверьте год." in flat
    assert "Дата 20.12.2024 вне периода плана" in docx_text(word)


def test_the_web_print_page_is_the_same_document(client, plan_schedule, department_head):
    from reports.mock_exam_document import mock_exams_document
    from reports.pdf import mock_exams_html

    client.force_login(department_head)
    page = client.get(reverse("assessments:schedule_print", args=[plan_schedule.pk])).content.decode()
    document_html = mock_exams_html(document=mock_exams_document(schedule=plan_schedule))
    body = document_html.split("<body>")[1]
    assert body.strip() in page  # the same body, plus the print/back bar shown on screen only
    assert "Назад к графику" in page and "@media print" in page


@pytest.mark.parametrize("kind", ["protocol-docx", "roadmap-docx", "mock-exams-docx"])
def test_build_report_writes_each_docx(tmp_path, kind, march_meeting, plan_schedule):
    out = tmp_path / f"{kind}.docx"
    call_command("build_report", kind, "--out", str(out))
    assert Document(str(out)).paragraphs  # opens in python-docx, not empty


def test_the_docx_kinds_are_report_jobs(client, march_meeting, department_head):
    assert {"protocol-docx", "roadmap-docx", "mock-exams-docx"} <= set(ReportJob.Kind.values)
    client.force_login(department_head)
    response = client.post(
        reverse("reports:job_order"), {"kind": "protocol-docx", "meeting": march_meeting.pk}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert job.kind == "protocol-docx"


def test_a_word_button_stands_beside_every_pdf(
    client, march_meeting, plan_schedule, medal_plan, department_head
):
    client.force_login(department_head)
    meeting = client.get(reverse("reports:meeting_detail", args=[march_meeting.pk])).content.decode()
    assert 'value="protocol-docx"' in meeting and "Word" in meeting
    schedule = client.get(reverse("assessments:schedule_detail", args=[plan_schedule.pk])).content.decode()
    assert 'value="mock-exams-pdf"' in schedule and 'value="mock-exams-docx"' in schedule
    roadmap = client.get(reverse("roadmaps:roadmap_detail", args=[medal_plan.pk])).content.decode()
    assert 'value="roadmap-pdf"' in roadmap and 'value="roadmap-docx"' in roadmap
