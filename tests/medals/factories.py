"""Factories for medal data: generated pupils and marks, never real people."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import factory
from factory.django import DjangoModelFactory
from openpyxl import Workbook

from assessments.models import Subject
from medals.models import Candidate, Grade, MedalDegree, Recheck, SchoolYearIndicator, Source, WorkKind
from schools.models import Pupil
from tests.factories import SchoolFactory

JOURNAL_HEADER = [
    "ФИО",
    "Класс",
    "Учебный год",
    "Предмет",
    "Период",
    "Вид работы",
    "Дата",
    "Отметка",
    "Учитель",
]
REGISTER_HEADER = [
    "ФИО",
    "Класс",
    "Дата рождения",
    "Степень медали",
    "Учебный год",
    "Предыдущая школа",
    "Дата перевода",
]


def subject(name: str) -> Subject:
    return Subject.objects.get(name=name)


class PupilFactory(DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Sequence(lambda n: f"Ученикова{n}")
    first_name = "Алина"
    middle_name = "Руслановна"
    birth_date = datetime.date(2006, 5, 4)
    grade = 11
    letter = "А"


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    pupil = factory.SubFactory(PupilFactory)
    school = factory.LazyAttribute(lambda o: o.pupil.school)
    graduation_year = 2024
    degree = MedalDegree.FIRST


class GradeFactory(DjangoModelFactory):
    """A mark entered by hand (no extract version)."""

    class Meta:
        model = Grade

    candidate = factory.SubFactory(CandidateFactory)
    source = Source.JOURNAL
    subject = factory.LazyFunction(lambda: subject("Русский язык"))
    academic_year = 2023
    class_name = "11А"
    period = ""
    work_kind = WorkKind.CONTROL
    work_title = "Контрольная работа"
    work_date = datetime.date(2023, 10, 12)
    mark = "5"
    value = factory.LazyAttribute(lambda o: int(o.mark) if o.mark.isdigit() else None)
    teacher = "Учителева Мадина Ахмедовна"


class RecheckFactory(DjangoModelFactory):
    class Meta:
        model = Recheck

    code = factory.Sequence(lambda n: f"24-T{n:04d}")
    candidate = factory.SubFactory(CandidateFactory)
    subject = factory.LazyFunction(lambda: subject("Русский язык"))
    academic_year = 2023
    class_name = "11А"
    work_kind = WorkKind.CONTROL
    work_title = "Контрольная работа"
    work_date = factory.Sequence(lambda n: datetime.date(2023, 10, 1) + datetime.timedelta(days=n % 200))
    original_mark = "5"
    original_value = 5
    teacher = "Учителева Мадина Ахмедовна"
    reasons = ["Журнал и тетрадь расходятся"]


class SchoolYearIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYearIndicator

    school = factory.SubFactory(SchoolFactory)
    year = 2024
    graduates = 20


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", delimiter: str = ";"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(row)
    return path
