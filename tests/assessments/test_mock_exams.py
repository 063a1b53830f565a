"""The schedule rules of Приложение №2: no venue/time clash, a warning outside the plan period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.mock_exams import exam_clashes, exam_save, mock_exam_schedule, period_warning
from assessments.models import Commission, MockExam, MockWork
from schools.models import User

from ..factories import UserFactory
from .factories import MockExamFactory, MockExamScheduleFactory, PupilFactory, subject


def at(day: int, hour: int, minute: int = 0, month: int = 1, year: int = 2024) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def exam(schedule, school_a):
    return MockExamFactory(schedule=schedule, venue=school_a, starts_at=at(16, 10), duration_minutes=235)


def test_an_overlapping_exam_at_the_same_venue_clashes(exam, school_a):
    assert exam_clashes(venue=school_a, starts_at=at(16, 13, 50), duration_minutes=60) == [exam]
    assert exam_clashes(venue=school_a, starts_at=at(16, 9), duration_minutes=61) == [exam]


def test_exams_back_to_back_or_elsewhere_do_not_clash(exam, school_a, school_b):
    assert exam_clashes(venue=school_a, starts_at=at(16, 13, 55), duration_minutes=60) == []
    assert exam_clashes(venue=school_a, starts_at=at(16, 9), duration_minutes=60) == []
    assert exam_clashes(venue=school_b, starts_at=at(16, 10), duration_minutes=235) == []
    assert exam_clashes(venue=school_a, starts_at=at(16, 10), duration_minutes=235, exclude_pk=exam.pk) == []


def test_saving_a_clashing_exam_is_refused_in_russian(exam, schedule, school_a):
    clash = MockExam(schedule=schedule, subject=subject("Математика"), venue=school_a, starts_at=at(16, 12))
    with pytest.raises(
        ValidationError, match="в это время уже идёт экзамен: Русский язык \\(первый пробный\\)"
    ):
        exam_save(exam=clash, pupils=[])
    assert not MockExam.objects.filter(subject__name="Математика").exists()


def test_the_seed_date_outside_the_plan_period_is_warned_about(schedule, school_a):
    exam = MockExam(schedule=schedule, subject=subject(), venue=school_a, starts_at=at(20, 11, month=12))
    assert exam_save(exam=exam, pupils=[]) == [
        "Дата 20.12.2024 вне периода плана (01.09.2023 – 31.08.2024): проверьте год."
    ]


def test_the_period_is_judged_on_the_municipalitys_own_calendar(municipality, school_a):
    municipality.timezone = "Asia/Tomsk"
    municipality.save()
    schedule = MockExamScheduleFactory(municipality=municipality)
    # 31 August 2024, 20:00 UTC is already 1 September in Tomsk (UTC+7): outside a plan ending 31 August.
    late = timezone.make_aware(datetime.datetime(2024, 8, 31, 20, 0), datetime.UTC)
    assert "01.09.2024" in period_warning(schedule=schedule, starts_at=late)
    assert period_warning(schedule=schedule, starts_at=late - datetime.timedelta(hours=4)) is None


def test_each_participant_gets_a_random_six_digit_code_and_removal_keeps_scored_works(schedule, school_a):
    pupils = [PupilFactory(school=school_a) for _ in range(3)]
    exam = MockExam(schedule=schedule, subject=subject(), venue=school_a, starts_at=at(16, 10))
    exam_save(exam=exam, pupils=pupils)
    codes = list(exam.works.values_list("code", flat=True))
    assert len(codes) == 3 and all(len(c) == 6 and c.isdigit() for c in codes)
    MockWork.objects.filter(pupil=pupils[0]).update(primary_score=30)
    with pytest.raises(ValidationError, match="уже есть баллы"):
        exam_save(exam=exam, pupils=pupils[1:])
    exam_save(exam=exam, pupils=pupils[:1])
    assert list(exam.works.values_list("pupil", flat=True)) == [pupils[0].pk]


def test_mock_exam_schedule_is_plain_data_with_the_commission(
    municipality, schedule, school_a, school_b, django_assert_max_num_queries
):
    exam = MockExamFactory(schedule=schedule, venue=school_a, starts_at=at(20, 11, month=12))
    exam_save(exam=exam, pupils=[PupilFactory(school=school_b)])
    member = UserFactory(
        role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_b, last_name="Проверкина"
    )
    Commission.objects.create(schedule=schedule, subject=subject()).members.add(member)
    MockExamFactory(
        schedule=MockExamScheduleFactory(municipality=municipality, period_start=datetime.date(2024, 9, 1))
    )
    with django_assert_max_num_queries(3):
        rows = mock_exam_schedule(municipality=municipality, year=2023)
    assert len(rows) == 1
    row = rows[0]
    assert (row.subject, row.round, row.venue, row.participants) == (
        "Русский язык",
        "первый пробный",
        school_a.short_name,
        1,
    )
    assert (row.starts_at.hour, str(row.starts_at.tzinfo)) == (11, "Europe/Moscow")
    assert [(m.name, m.school) for m in row.commission] == [("Проверкина М.П.", school_b.short_name)]
    assert row.warning.startswith("Дата 20.12.2024 вне периода плана")
