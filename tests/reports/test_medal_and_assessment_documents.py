"""The documents built from the medals and assessments apps: mock exams, candidates, objectivity of ВПР."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assessments.aggregates import refresh_aggregates
from assessments.models import Commission, MockExam, MockExamSchedule, Subject, VprResult, VprTest
from medals.indicators import school_medal_indicators
from medals.models import Candidate, MedalDegree, SchoolYearIndicator
from reports.builders import build_document
from reports.documents import ReportError
from reports.meetings import meeting_rows_prefill
from reports.mock_exam_document import mock_exams_document
from reports.pdf import html_to_pdf, mock_exams_html
from schools.models import Pupil, User
from tests.factories import UserFactory

from .pdf_checks import A4_PORTRAIT, boxes_outside_content, pdf_page_sizes, pdf_pages


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


@pytest.fixture
def mock_schedule(municipality, school_a, school_b):
    schedule = MockExamSchedule.objects.create(
        municipality=municipality,
        order_number="312",
        order_date=datetime.date(2023, 11, 27),
        period_start=datetime.date(2023, 9, 1),
        period_end=datetime.date(2024, 8, 31),
    )
    russian = Subject.objects.get(name="Русский язык")
    for subject, moment, school in (
        (russian, datetime.datetime(2023, 12, 20, 11, 0), school_a),
        (Subject.objects.get(name="Математика"), datetime.datetime(2024, 1, 16, 10, 0), school_b),
    ):
        MockExam.objects.create(
            schedule=schedule,
            subject=subject,
            venue=school,
            starts_at=timezone.make_aware(moment, datetime.timezone(datetime.timedelta(hours=3))),
        )
    commission = Commission.objects.create(schedule=schedule, subject=russian)
    commission.members.set(
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
    return schedule


def test_the_mock_exam_pdf_holds_the_schedule_and_the_commission_as_appendices_2_and_3(
    mock_schedule, department_head
):
    built = build_document(kind="mock-exams-pdf", params={}, owner=department_head)
    pages = [" ".join(text.split()) for text in pdf_pages(built.content)]
    schedule, commission = pages[0], pages[-1]
    assert "Приложение №2 к приказу МКУ «Кумторкалинское УО» № 312 от 27.11.2023" in schedule
    assert "График проведения пробного экзамена в форме ЕГЭ" in schedule
    assert "Русский язык (первый пробный)" in schedule
    assert "20.12.2023 г. в 11.00 ч." in schedule and "16.01.2024 г. в 10.00 ч." in schedule
    assert "Приложение №3" in commission and "Состав комиссии по проверке пробного экзамена" in commission
    assert commission.index("Оценкина М.П.") < commission.index("Проверкина М.П.")
    assert "Комиссия не назначена" in commission
    assert built.filename == "Пробные экзамены 2023-2024.pdf"


def test_nothing_of_the_mock_exam_pdf_is_cut_off(mock_schedule, municipality):
    html = mock_exams_html(document=mock_exams_document(schedule=mock_schedule))
    assert boxes_outside_content(html) == []
    assert pdf_page_sizes(html_to_pdf(html)) == {A4_PORTRAIT}


def test_a_year_without_mock_exams_is_explained(mock_schedule, department_head):
    with pytest.raises(ReportError, match="на 2022-2023 учебный год нет экзаменов"):
        build_document(kind="mock-exams-pdf", params={"year": 2022}, owner=department_head)


@pytest.fixture
def candidates(school_a, school_b):
    made = []
    for school, last_name, transfer in (
        (school_a, "Алиева", None),
        (school_b, "Бекова", datetime.date(2023, 9, 1)),
    ):
        pupil = Pupil.objects.create(
            school=school,
            last_name=last_name,
            first_name="Алина",
            middle_name="Руслановна",
            grade=11,
            letter="А",
        )
        made.append(
            Candidate.objects.create(
                pupil=pupil,
                school=school,
                graduation_year=2024,
                degree=MedalDegree.FIRST,
                previous_school_name='=HYPERLINK("http://x")' if transfer else "",
                transfer_date=transfer,
            )
        )
    return made


def test_the_candidates_register_lists_eligibility_and_risk_reasons(candidates, department_head):
    built = build_document(kind="candidates-xlsx", params={"year": 2024}, owner=department_head)
    sheet = _sheet(built.content)
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in _rows(sheet)}
    assert set(rows) == {"Алиева Алина Руслановна", "Бекова Алина Руслановна"}
    transferred = rows["Бекова Алина Руслановна"]
    assert transferred["Школа"] == "МКОУ «Школа Б»"
    assert transferred["Дата перевода"].date() == datetime.date(2023, 9, 1)
    assert transferred["Предыдущая школа"] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=3, column=header.index("Предыдущая школа") + 1).data_type == "s"
    assert transferred["По правилам медали"]
    assert "перевод" in transferred["Признаки риска"].lower()


def test_a_methodist_gets_the_candidates_of_curated_schools_only(candidates, methodist_a):
    built = build_document(kind="candidates-xlsx", params={}, owner=methodist_a)
    assert [row[0] for row in _rows(_sheet(built.content))] == ["Алиева Алина Руслановна"]


def test_the_coordinator_may_not_take_the_candidates_register(candidates, coordinator):
    with pytest.raises(ReportError, match="Реестр претендентов на медаль недоступен для вашей роли"):
        build_document(kind="candidates-xlsx", params={}, owner=coordinator)


@pytest.fixture
def vpr(municipality, school_a, school_b):
    test = VprTest.objects.create(
        municipality=municipality,
        year=2024,
        subject=Subject.objects.get(name="Русский язык"),
        grade=5,
        title="ВПР 2024 Русский язык 5 класс",
        max_score=10,
        tasks=[{"number": "1", "max": 10, "level": "Б"}],
    )
    marks = {school_a: [(3, 4), (3, 3), (4, 5), (3, 4)], school_b: [(4, 4), (5, 5), (4, 4), (3, 3)]}
    for school, pairs in marks.items():
        for index, (mark, journal) in enumerate(pairs):
            VprResult.objects.create(
                test=test,
                school=school,
                participant_code=f"{school.code}-{index}",
                task_scores=[mark * 2],
                primary_score=mark * 2,
                mark=mark,
                journal_mark=journal,
            )
    refresh_aggregates(tests=[test])  # written row by row, as an import would: its lines recounted after
    return test


def test_the_objectivity_workbook_has_the_shares_by_school_subject_and_grade(vpr, coordinator):
    built = build_document(kind="objectivity-xlsx", params={}, owner=coordinator)
    sheet = _sheet(built.content)
    assert sheet.title == "Объективность ВПР 2024"
    assert sheet.freeze_panes == "A2"
    rows = {row[0]: row for row in _rows(sheet)}
    school_a = rows["МКОУ «Школа А»"]
    assert school_a[1:5] == ["Русский язык", 5, 4, 4]
    assert school_a[5:8] == [75.0, 25.0, 0.0]
    assert rows["МКОУ «Школа Б»"][5:8] == [0.0, 100.0, 0.0]


def test_a_methodist_gets_the_objectivity_of_curated_schools_only(vpr, methodist_b):
    built = build_document(kind="objectivity-xlsx", params={"year": 2024}, owner=methodist_b)
    assert [row[0] for row in _rows(_sheet(built.content))] == ["МКОУ «Школа Б»"]


def test_a_school_heads_objectivity_workbook_has_no_school_column(vpr, head_b):
    sheet = _sheet(build_document(kind="objectivity-xlsx", params={"year": 2024}, owner=head_b).content)
    header = [cell.value for cell in sheet[1]]
    assert "Школа" not in header and header[:2] == ["Предмет", "Класс"]
    assert [row[:2] for row in _rows(sheet)] == [["Русский язык", 5]]  # their school's row only


def test_the_meeting_table_is_prefilled_from_the_medal_indicators(
    march_meeting, candidates, school_a, school_b
):
    SchoolYearIndicator.objects.create(school=school_a, year=2024, graduates=40)
    row_b = march_meeting.school_rows.get(school=school_b)
    row_b.corrected_share = Decimal("2.5")
    row_b.save()
    meeting_rows_prefill(meeting=march_meeting)
    expected = school_medal_indicators(school_ids=[school_a.pk, school_b.pk], year=2024)
    row_a = march_meeting.school_rows.get(school=school_a)
    assert (row_a.graduates, row_a.candidates, row_a.share) == (40, 1, Decimal("2.5"))
    assert row_a.candidates_at_risk == expected[school_a.pk].candidates_at_risk
    row_b.refresh_from_db()
    assert (row_b.graduates, row_b.candidates, row_b.share, row_b.corrected_share) == (
        0,
        1,
        None,
        Decimal("2.5"),
    )
