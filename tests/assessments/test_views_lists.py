"""The list pages of the section: filters, sortable columns, row count, pagination and an Excel export
that follows the filters; the commission member's export stays depersonalised."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import MockExamSchedule, MockWork, ObserverAssignment
from schools.models import User

from ..factories import UserFactory
from .factories import (
    MockExamFactory,
    MockExamScheduleFactory,
    MockWorkFactory,
    ObserverFactory,
    ProcedureFactory,
    PupilFactory,
    ScoreScaleFactory,
    subject,
)


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [
        list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]


def _get(client, user, name: str, query: str = ""):
    client.force_login(user)
    return client.get(reverse(f"assessments:{name}") + query)


# --- roles: every list page changed or added here --------------------------------------------------------

PAGES = {
    "schedule_list": {"department_head", "coordinator", "methodist_a", "head_a"},
    "scale_list": {"department_head", "coordinator", "methodist_a", "head_a"},
    "observer_list": {"department_head", "coordinator", "methodist_a"},
    "procedure_list": {"department_head", "coordinator", "methodist_a"},
    "observer_gaps": {"department_head", "coordinator", "methodist_a"},
    "appendix_list": {"department_head", "coordinator"},
    "my_works": {"member"},
}


@pytest.mark.parametrize("export", ["", "?export=xlsx"])
@pytest.mark.parametrize("role", ["department_head", "coordinator", "methodist_a", "head_a", "member"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_list_page_and_its_export_open_only_for_the_roles_it_serves(client, request, name, role, export):
    response = _get(client, request.getfixturevalue(role), name, export)
    assert response.status_code == (200 if role in PAGES[name] else 403)


# --- the mock-exam schedules ---------------------------------------------------------------------------


@pytest.fixture
def two_years(municipality, school_a):
    old = MockExamScheduleFactory(
        municipality=municipality,
        title="График прошлого года",
        order_number="101",
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2023, 8, 31),
    )
    new = MockExamScheduleFactory(municipality=municipality, title="График этого года", order_number="312")
    MockExamFactory(
        schedule=old, venue=school_a, starts_at=timezone.make_aware(datetime.datetime(2023, 2, 1, 10))
    )
    MockExamFactory(schedule=new, venue=school_a, subject=subject("Математика"))
    return old, new


def test_the_schedule_list_filters_by_school_year_and_counts_rows(client, coordinator, two_years):
    page = _get(client, coordinator, "schedule_list", "?year=2022").content.decode()
    assert "График прошлого года" in page and "График этого года" not in page
    assert 'data-testid="row-count">Показано: 1 из 1' in page


def test_the_schedule_list_finds_a_schedule_by_its_order_number(client, coordinator, two_years):
    page = _get(client, coordinator, "schedule_list", "?q=312").content.decode()
    assert "График этого года" in page and "График прошлого года" not in page


def test_the_schedule_list_sorts_by_a_column_both_ways(client, coordinator, two_years):
    ascending = _get(client, coordinator, "schedule_list", "?sort=title").content.decode()
    descending = _get(client, coordinator, "schedule_list", "?sort=-title").content.decode()
    assert ascending.index("График прошлого") < ascending.index("График этого")
    assert descending.index("График этого") < descending.index("График прошлого")
    assert 'href="?sort=-title">График ▲' in ascending


def test_the_schedule_export_has_the_exams_of_the_filtered_schedules_only(client, coordinator, two_years):
    rows = _sheet(_get(client, coordinator, "schedule_list", "?year=2023&export=xlsx"))
    assert rows[0][:4] == ["График", "Приказ", "Предмет", "Этап"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("График этого года", "№312 от 27.11.2023", "Математика")
    ]


def test_the_schedule_list_pages_by_fifty(client, coordinator, municipality):
    MockExamSchedule.objects.bulk_create(
        MockExamSchedule(
            municipality=municipality,
            title=f"График {n:02d}",
            period_start=datetime.date(2023, 9, 1),
            period_end=datetime.date(2024, 8, 31),
        )
        for n in range(51)
    )
    first = _get(client, coordinator, "schedule_list", "?sort=title").content.decode()
    second = _get(client, coordinator, "schedule_list", "?sort=title&page=2").content.decode()
    assert "Показано: 50 из 51" in first and "Стр. 1 из 2" in first and "page=2" in first
    assert "Показано: 1 из 51" in second and "График 50" in second


def test_an_empty_schedule_list_tells_a_manager_what_to_do(client, coordinator, head_a):
    page = _get(client, coordinator, "schedule_list").content.decode()
    assert "Нажмите «Создать из приложения к плану»" in page
    assert reverse("assessments:appendix_list") in page
    page = _get(client, head_a, "schedule_list").content.decode()
    assert "Их составляет начальник УО" in page and reverse("assessments:appendix_list") not in page


def test_a_filter_that_finds_nothing_says_so(client, coordinator, two_years):
    page = _get(client, coordinator, "schedule_list", "?q=нет-такого").content.decode()
    assert "Ничего не найдено. Измените фильтры" in page


# --- observers, procedures, gaps ------------------------------------------------------------------------


@pytest.fixture
def observers(municipality, school_a, school_b):
    busy = ObserverFactory(municipality=municipality, last_name="Зоркая", school=school_a)
    idle = ObserverFactory(municipality=municipality, last_name="Бдительный", school=school_b)
    procedure = ProcedureFactory(municipality=municipality, schools=[school_b])
    ObserverAssignment.objects.create(procedure=procedure, school=school_b, observer=busy)
    return busy, idle


def test_the_observer_list_filters_by_name_school_and_assignments(client, coordinator, observers, school_b):
    assert "Бдительный" not in _get(client, coordinator, "observer_list", "?q=зорк").content.decode()
    page = _get(client, coordinator, "observer_list", f"?school={school_b.pk}").content.decode()
    assert "Бдительный" in page and "Зоркая" not in page
    page = _get(client, coordinator, "observer_list", "?assigned=no").content.decode()
    assert "Бдительный" in page and "Зоркая" not in page and "Показано: 1 из 1" in page


def test_the_observer_export_follows_the_sort_and_the_filters(client, coordinator, observers):
    rows = _sheet(_get(client, coordinator, "observer_list", "?sort=-assignments&export=xlsx"))
    assert [(r[0].split()[0], r[4]) for r in rows[1:]] == [("Зоркая", 1), ("Бдительный", 0)]
    rows = _sheet(_get(client, coordinator, "observer_list", "?assigned=yes&export=xlsx"))
    assert len(rows) == 2 and rows[1][0].startswith("Зоркая")


@pytest.fixture
def procedures(municipality, school_a, school_b):
    vpr = ProcedureFactory(
        municipality=municipality, schools=[school_a, school_b], held_on=datetime.date(2024, 4, 16)
    )
    oge = ProcedureFactory(
        municipality=municipality,
        kind="oge",
        subject=subject("Математика"),
        grade=9,
        schools=[school_a],
        held_on=datetime.date(2024, 5, 20),
    )
    observer = ObserverFactory(municipality=municipality)
    ObserverAssignment.objects.create(procedure=vpr, school=school_a, observer=observer)
    return vpr, oge


def test_the_procedure_list_filters_by_kind_and_dates_and_counts_gaps(client, coordinator, procedures):
    page = _get(client, coordinator, "procedure_list", "?kind=oge").content.decode()
    assert "ОГЭ Математика 9 класс" in page and "ВПР Русский язык" not in page
    page = _get(client, coordinator, "procedure_list", "?held_to=2024-04-30").content.decode()
    assert "ВПР Русский язык 5 класс" in page and "ОГЭ Математика" not in page and "Показано: 1 из 1" in page


def test_the_procedure_export_has_schools_and_gaps_per_procedure(client, coordinator, procedures):
    rows = _sheet(_get(client, coordinator, "procedure_list", "?sort=date&export=xlsx"))
    assert rows[0] == ["Дата", "Процедура", "Школ", "Без наблюдателя"]
    assert [r[1:] for r in rows[1:]] == [["ВПР Русский язык 5 класс", 2, 1], ["ОГЭ Математика 9 класс", 1, 1]]
    assert rows[1][0].date() == datetime.date(2024, 4, 16)


def test_the_gaps_page_filters_by_school_and_sorts(client, coordinator, procedures, school_a, school_b):
    page = _get(client, coordinator, "observer_gaps", f"?school={school_a.pk}").content.decode()
    assert "Показано: 1 из 1" in page and "ОГЭ Математика" in page and "ВПР Русский язык" not in page
    rows = _sheet(_get(client, coordinator, "observer_gaps", "?sort=school&export=xlsx"))
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("ОГЭ Математика 9 класс", "МКОУ «Школа А»"),
        ("ВПР Русский язык 5 класс", "МКОУ «Школа Б»"),
    ]


def test_a_methodist_sees_the_gaps_of_curated_schools_only(client, methodist_a, procedures):
    rows = _sheet(_get(client, methodist_a, "observer_gaps", "?export=xlsx"))
    assert {r[2] for r in rows[1:]} == {"МКОУ «Школа А»"}


def test_a_gaps_filter_that_finds_nothing_does_not_claim_full_coverage(client, coordinator, procedures):
    page = _get(client, coordinator, "observer_gaps", "?kind=ege").content.decode()
    assert "По этим фильтрам пробелов нет" in page and "В каждой школе" not in page


# --- scales ------------------------------------------------------------------------------------------------


def test_the_scale_list_filters_by_subject_and_exports(client, coordinator):
    ScoreScaleFactory(year=2024, points=[0, 3, 5])
    ScoreScaleFactory(subject=subject("Математика"), year=2024, points=[0, 6, 11, 17])
    page = _get(client, coordinator, "scale_list", f"?subject={subject('Математика').pk}").content.decode()
    assert "0 6 11 17" in page and "0 3 5" not in page
    rows = _sheet(_get(client, coordinator, "scale_list", "?sort=subject&export=xlsx"))
    assert rows[1:] == [
        ["Русский язык", 2024, "общая", 2, "0 3 5"],
        ["Математика", 2024, "общая", 3, "0 6 11 17"],
    ]


# --- a commission member's works ------------------------------------------------------------------------


@pytest.fixture
def member_works(member, schedule, school_a):
    ScoreScaleFactory(year=2024, points=list(range(51)))
    exam = MockExamFactory(schedule=schedule, venue=school_a)
    maths = MockExamFactory(
        schedule=schedule,
        venue=school_a,
        subject=subject("Математика"),
        starts_at=timezone.make_aware(datetime.datetime(2024, 3, 12, 10)),
    )
    pupil = PupilFactory(school=school_a, last_name="Секретова")
    scored = MockWorkFactory(exam=exam, pupil=pupil, code="700001", checker=member, primary_score=33)
    open_ = MockWorkFactory(exam=maths, pupil=PupilFactory(school=school_a), code="700002", checker=member)
    other = UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=member.municipality)
    MockWorkFactory(exam=exam, pupil=PupilFactory(school=school_a), code="799999", checker=other)
    return scored, open_


def test_a_member_filters_their_works_by_the_score_state(client, member, member_works):
    page = _get(client, member, "my_works", "?state=missing").content.decode()
    assert "700002" in page and "700001" not in page and "Показано: 1 из 1" in page


def test_a_member_filters_their_works_by_exam_and_sees_only_their_exams(client, member, member_works):
    scored, _ = member_works
    response = _get(client, member, "my_works", f"?exam={scored.exam_id}")
    labels = [label for _, label in response.context["filter"].form.fields["exam"].choices]
    assert labels == [
        "все",
        "Русский язык (первый пробный), 16.01.2024",
        "Математика (первый пробный), 12.03.2024",
    ]
    page = response.content.decode()
    assert "700001" in page and "700002" not in page and "799999" not in page


def test_the_members_export_has_codes_and_scores_and_never_a_name_or_a_school(client, member, member_works):
    rows = _sheet(_get(client, member, "my_works", "?sort=code&export=xlsx"))
    assert rows[0] == [
        "Код работы",
        "Предмет",
        "Этап",
        "Дата экзамена",
        "Первичный балл",
        "Максимальный балл",
    ]
    assert [r[:3] + r[4:] for r in rows[1:]] == [
        ["700001", "Русский язык", "первый пробный", 33, 50],
        ["700002", "Математика", "первый пробный", None, None],  # no scale for Математика yet
    ]
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "Секретова" not in cells and "Школа" not in cells and "799999" not in cells


def test_the_members_page_sorts_by_score(client, member, member_works):
    page = _get(client, member, "my_works", "?sort=-score").content.decode()
    assert page.index("700001") < page.index("700002")


def test_a_member_without_works_is_told_when_they_come(client, member):
    page = _get(client, member, "my_works").content.decode()
    assert "Назначенных вам работ нет" in page
    # An empty list offers nothing to filter or export (the member's home page).
    assert "Показано: 0 из 0" not in page and "export=xlsx" not in page


def test_the_members_page_reads_the_scales_once_whatever_the_number_of_works(
    client, member, member_works, django_assert_max_num_queries
):
    MockWork.objects.bulk_create(
        MockWork(
            exam=member_works[0].exam,
            pupil=PupilFactory(school=member_works[0].pupil.school),
            code=f"71{n:04d}",
        )
        for n in range(20)
    )
    MockWork.objects.filter(code__startswith="71").update(checker=member)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(reverse("assessments:my_works"))
