"""Factories for assessments: generated pupils, exams and results, never real people."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from assessments.aggregates import refresh_aggregates
from assessments.models import (
    EgeResult,
    MockExam,
    MockExamSchedule,
    MockWork,
    Observer,
    Procedure,
    ScoreScale,
    Subject,
    VprResult,
    VprTest,
)
from schools.models import Pupil

from ..factories import MunicipalityFactory, SchoolFactory


def subject(name: str = "Русский язык") -> Subject:
    return Subject.objects.get(name=name)


class PupilFactory(DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Sequence(lambda n: f"Учеников{n}")
    first_name = "Иван"
    middle_name = "Петрович"
    grade = 11
    letter = "А"


class MockExamScheduleFactory(DjangoModelFactory):
    class Meta:
        model = MockExamSchedule

    municipality = factory.SubFactory(MunicipalityFactory)
    order_number = "312"
    order_date = datetime.date(2023, 11, 27)
    period_start = datetime.date(2023, 9, 1)
    period_end = datetime.date(2024, 8, 31)


class MockExamFactory(DjangoModelFactory):
    class Meta:
        model = MockExam

    schedule = factory.SubFactory(MockExamScheduleFactory)
    subject = factory.LazyFunction(subject)
    round = MockExam.Round.FIRST
    venue = factory.SubFactory(SchoolFactory)
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2024, 1, 16, 10, 0)))


class MockWorkFactory(DjangoModelFactory):
    class Meta:
        model = MockWork

    exam = factory.SubFactory(MockExamFactory)
    pupil = factory.SubFactory(PupilFactory)
    code = factory.Sequence(lambda n: f"{100000 + n}")


class ScoreScaleFactory(DjangoModelFactory):
    class Meta:
        model = ScoreScale

    subject = factory.LazyFunction(subject)
    year = 2024
    points = factory.LazyFunction(lambda: [min(100, p * 2) for p in range(51)])


class VprTestFactory(DjangoModelFactory):
    class Meta:
        model = VprTest

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    subject = factory.LazyFunction(subject)
    grade = 5
    title = factory.LazyAttribute(lambda o: f"ВПР {o.year} {o.subject} {o.grade} класс")
    held_on = datetime.date(2024, 4, 16)
    max_score = 10
    tasks = factory.LazyFunction(
        lambda: [
            {"number": "1", "max": 4, "level": "Б"},
            {"number": "2", "max": 3, "level": "Б"},
            {"number": "3", "max": 3, "level": "П"},
        ]
    )


class VprResultFactory(DjangoModelFactory):
    class Meta:
        model = VprResult

    test = factory.SubFactory(VprTestFactory)
    school = factory.SubFactory(SchoolFactory)
    participant_code = factory.Sequence(lambda n: f"{10000 + n}")
    class_name = "5"
    variant = "1"
    task_scores = factory.LazyFunction(lambda: [2, 2, 1])
    primary_score = 5
    mark = 3
    journal_mark = 3

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved, and its school's line of the ВПР recounted, as the admin does: results built one by one
        keep their aggregates (no signal does it)."""
        result = super()._create(model_class, *args, **kwargs)
        refresh_aggregates(tests=[result.test], school_ids=[result.school_id])
        return result


class EgeResultFactory(DjangoModelFactory):
    class Meta:
        model = EgeResult

    pupil = factory.SubFactory(PupilFactory)
    subject = factory.LazyFunction(subject)
    year = 2024
    exam_date = datetime.date(2024, 5, 30)
    score_100 = 72


class ObserverFactory(DjangoModelFactory):
    class Meta:
        model = Observer

    municipality = factory.SubFactory(MunicipalityFactory)
    last_name = factory.Sequence(lambda n: f"Наблюдателев{n}")
    first_name = "Олег"
    middle_name = "Ильич"
    organisation = "родительская общественность"


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Procedure.Kind.VPR
    subject = factory.LazyFunction(subject)
    grade = 5
    held_on = datetime.date(2024, 4, 16)

    @factory.post_generation
    def schools(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.schools.set(extracted)
