"""Factories for the test data: generated people and schools, never real ones."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from roadmaps.models import DeadlineKind, Measure, Progress, Roadmap, Section
from schools.models import Municipality, School, User

DEFAULT_PASSWORD = "test-pass-123"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Муниципальный район {n}")
    department_name = factory.LazyAttribute(lambda o: f"МКУ «Управление образования» {o.name}")
    timezone = "Europe/Moscow"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    short_name = factory.Sequence(lambda n: f"МКОУ «СОШ №{n}»")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное казённое общеобразовательное учреждение {o.short_name}"
    )
    kind = School.Kind.SOSH
    fis_oko_login = factory.Sequence(lambda n: f"edu{100000 + n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Мария"
    middle_name = "Петровна"
    last_name = factory.Sequence(lambda n: f"Тестова{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = User.Role.METHODIST
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def curated(self, create: bool, extracted: list[School] | None, **kwargs) -> None:
        if create:
            self.save()
            if extracted:
                self.curated_schools.set(extracted)


class RoadmapFactory(DjangoModelFactory):
    class Meta:
        model = Roadmap

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "План мероприятий (дорожная карта) по обеспечению объективности на 2023-2024 учебный год"
    period_start = datetime.date(2023, 9, 1)
    period_end = datetime.date(2024, 8, 31)
    status = Roadmap.Status.APPROVED


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    roadmap = factory.SubFactory(RoadmapFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = "Аналитическая работа"


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    roadmap = factory.SubFactory(RoadmapFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    title = "Анализ переводов лиц, претендующих на получение медали"
    form = "Запросы в ОО"
    deadline_text = "До 15 февраля 2024 года"
    deadline_kind = DeadlineKind.DATE
    deadline_end = datetime.date(2024, 2, 15)
    responsible_text = "Методисты УО,\nруководители ОО."
    expected_result = "Выявление группы риска"
    per_school = True


class ProgressFactory(DjangoModelFactory):
    class Meta:
        model = Progress

    measure = factory.SubFactory(MeasureFactory)
    school = factory.SubFactory(SchoolFactory)
