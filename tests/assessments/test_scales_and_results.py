"""Conversion scales as data, the medal lines, and pupil_exam_scores for the medals app."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.results import ExamScore, pupil_exam_scores
from assessments.scales import medal_lines_missed, parse_points, scale_book

from .factories import (
    EgeResultFactory,
    MockExamFactory,
    MockExamScheduleFactory,
    MockWorkFactory,
    PupilFactory,
    ScoreScaleFactory,
    subject,
)


def test_points_are_read_from_text_with_any_separator():
    assert parse_points("0 3; 5,8\n10") == [0, 3, 5, 8, 10]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "начиная с 0"),
        ("0 5 x", "Первичный балл 2: «x» — не целое число."),
        ("0 50 101", "Первичный балл 2: тестовый балл 101 больше 100."),
        ("0 10 9", "Первичный балл 2: тестовый балл 9 меньше, чем у предыдущего (10)."),
    ],
)
def test_bad_points_are_refused_saying_which_primary_score(text, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_points(text)


def test_a_year_without_its_scale_uses_the_latest_earlier_one(db):
    ScoreScaleFactory(year=2022, points=[0, 10, 20])
    ScoreScaleFactory(year=2024, points=[0, 30, 60])
    book = scale_book()
    russian = subject().pk
    assert book.convert(subject_id=russian, year=2023, primary=2) == 20
    assert book.convert(subject_id=russian, year=2025, primary=2) == 60
    assert book.convert(subject_id=russian, year=2021, primary=2) is None
    assert book.convert(subject_id=russian, year=2024, primary=3) is None


@pytest.mark.parametrize(
    ("score", "missed"),
    [
        (70, []),
        (69, ["ниже 70 (I степени)"]),
        (60, ["ниже 70 (I степени)"]),
        (59, ["ниже 70 (I степени)", "ниже 60 (II степени)"]),
        (None, []),
    ],
)
def test_medal_lines_at_their_boundaries(score, missed):
    assert medal_lines_missed(score) == missed


def test_pupil_exam_scores_gives_ege_and_mock_scores_by_date(municipality, school_a):
    pupil = PupilFactory(school=school_a)
    other = PupilFactory(school=school_a)
    ScoreScaleFactory(year=2024, points=list(range(0, 101, 2)))
    schedule = MockExamScheduleFactory(municipality=municipality)
    exam = MockExamFactory(
        schedule=schedule,
        venue=school_a,
        round=2,
        starts_at=timezone.make_aware(datetime.datetime(2024, 3, 6, 23, 30), datetime.UTC),
    )
    MockWorkFactory(exam=exam, pupil=pupil, primary_score=36)
    MockWorkFactory(
        exam=MockExamFactory(schedule=schedule, venue=school_a, subject=subject("Математика")), pupil=pupil
    )
    EgeResultFactory(pupil=pupil, score_100=81, primary_score=45)
    scores = pupil_exam_scores(pupil_ids=[pupil.pk, other.pk])
    assert list(scores) == [pupil.pk]
    assert scores[pupil.pk] == [
        ExamScore("mock", subject("Математика"), None, None, datetime.date(2024, 1, 16), "первый пробный"),
        # 23:30 UTC is already 7 March in Moscow (UTC+3): the date is the municipality's.
        ExamScore("mock", subject(), 72, 36, datetime.date(2024, 3, 7), "второй пробный"),
        ExamScore("ege", subject(), 81, 45, datetime.date(2024, 5, 30), ""),
    ]


def test_pupil_exam_scores_takes_a_constant_number_of_queries(
    municipality, school_a, django_assert_num_queries
):
    schedule = MockExamScheduleFactory(municipality=municipality)
    exam = MockExamFactory(schedule=schedule, venue=school_a)
    pupils = [PupilFactory(school=school_a) for _ in range(6)]
    for pupil in pupils:
        MockWorkFactory(exam=exam, pupil=pupil, primary_score=20)
        EgeResultFactory(pupil=pupil)
    with django_assert_num_queries(3):
        scores = pupil_exam_scores(pupil_ids=[p.pk for p in pupils])
    assert all(len(items) == 2 for items in scores.values())


def test_pupil_exam_scores_of_nobody_is_empty(db):
    assert pupil_exam_scores(pupil_ids=[]) == {}
