"""Demo data for the region's pages: a second municipality of the same installation with its own ВПР,
official list and observers, so «Регион» shows two municipalities side by side and a region total that
is their sum. Generated schools and numbers only; the years are the years the demo district has.

The second municipality's story: in the first year one school «повысила» marks (an own sign) and another
stood on the official list; the department took targeted measures (a methodological visit to both) in its
plan for the next school year; the next year the first school's marks match the journal while the other
stays on the list; observers came to three of five schools each year.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from roadmaps.demo import demo_school
from roadmaps.models import DeadlineKind, Measure, ProgressStatus, Roadmap, TargetKind
from roadmaps.targeted import targeted_measure_save
from schools.models import Municipality, School

from .aggregates import refresh_aggregates
from .demo_parts import vpr_mark, vpr_participant, vpr_procedure, vpr_test
from .models import Observer, ObserverAssignment, OfficialFlag, VprResult, VprTest

SECOND = "Изобильненский городской округ"
SCHOOLS = (
    ("IZ01", "МКОУ «СОШ №1» ИГОСК", School.Kind.SOSH),
    ("IZ03", "МКОУ «Гимназия №3» ИГОСК", School.Kind.GYMNASIUM),
    ("IZ07", "МКОУ «СОШ №7» ИГОСК", School.Kind.SOSH),
    ("IZ12", "МКОУ «ООШ №12» ИГОСК", School.Kind.OOSH),
)
# Русский язык, 5 класс: tasks «max level» and the least primary score for «3», «4», «5».
TASKS = "4Б 3Б 2Б 3Б 2Б 2П 3П 2П"
BOUNDARIES = (8, 13, 18)
OBSERVERS = (("Светлова", "Анна", "Павловна"), ("Добролюбов", "Игорь", "Сергеевич"))


def _schools(municipality: Municipality) -> list[School]:
    schools = list(municipality.schools.filter(is_active=True).order_by("code"))
    for code, name, kind in SCHOOLS:
        school, created = demo_school(code, name, kind, municipality=municipality, login=f"edu26{code[2:]}05")
        if created:
            schools.append(school)
    return sorted(schools, key=lambda s: s.code)[:5]


def _vpr(
    municipality: Municipality, schools: list[School], year: int, first: bool, rng: random.Random
) -> None:
    test, created, spec = vpr_test(
        municipality,
        year=year,
        subject_name="Русский язык",
        grade=5,
        tasks=TASKS,
        held_on=datetime.date(year, 4, 18),
    )
    if not created:
        return
    results = []
    for index, school in enumerate(schools):
        raised = first and index == 2  # the first year: this school's journal is below its ВПР marks
        for n in range(16 + 3 * index):
            ability = rng.random()
            scores = [min(m, round(m * ability * rng.uniform(0.7, 1.2))) for m, _ in spec]
            mark = vpr_mark(sum(scores), BOUNDARIES)
            journal = max(2, mark - 1) if raised and rng.random() < 0.5 else mark
            code = f"9{year % 100}{index + 1}{n + 1:03d}"
            results.append(
                vpr_participant(test, school, code=code, n=n, scores=scores, mark=mark, journal=journal)
            )
    VprResult.objects.bulk_create(results)
    refresh_aggregates(tests=[test])


def _observers(municipality: Municipality, schools: list[School], year: int) -> None:
    procedure, created = vpr_procedure(
        municipality, subject_name="Русский язык", grade=5, held_on=datetime.date(year, 4, 18)
    )
    if not created:
        return
    procedure.schools.set(schools)
    people = [
        Observer.objects.get_or_create(
            municipality=municipality,
            last_name=last,
            first_name=first,
            defaults={"middle_name": middle, "organisation": "родительская общественность"},
        )[0]
        for last, first, middle in OBSERVERS
    ]
    # Observers come to three of the five schools; two observers, so nobody is booked twice a day...
    for school, observer in zip(schools[:2], people, strict=True):
        ObserverAssignment.objects.create(procedure=procedure, school=school, observer=observer)
    # ...and the third school's observer comes on the school's own later date.
    ObserverAssignment.objects.create(
        procedure=procedure, school=schools[2], observer=people[0], held_on=datetime.date(year, 4, 19)
    )


def _targeted(municipality: Municipality, schools: list[School], year: int) -> None:
    """The plan drawn up after the ВПР of ``year`` with one targeted measure for the two flagged schools,
    carried out; the plan is history now (archived)."""
    title = (
        f"План мероприятий по обеспечению объективности оценочных процедур на {year}-{year + 1} учебный год"
    )
    roadmap, created = Roadmap.objects.get_or_create(
        municipality=municipality,
        school=None,
        title=title,
        defaults={
            "period_start": datetime.date(year, 9, 1),
            "period_end": datetime.date(year + 1, 8, 31),
            "status": Roadmap.Status.ARCHIVED,
            "approved_by": "Начальник отдела образования ИГО СК",
            "archived_at": timezone.now(),
        },
    )
    if not created:
        return
    measure = Measure(
        roadmap=roadmap,
        number="1",
        title="Методический выезд в ОО с признаками необъективности результатов ВПР",
        form="Посещение уроков, анализ журналов и работ ВПР",
        deadline_text=f"Октябрь {year} года",
        deadline_kind=DeadlineKind.RANGE,
        deadline_start=datetime.date(year, 10, 1),
        deadline_end=datetime.date(year, 10, 31),
        responsible_text="Методисты отдела образования",
        expected_result="Рекомендации школам по объективному оцениванию",
        target_kind=TargetKind.METHODICAL_VISIT,
        basis_year=year,
    )
    targeted_measure_save(measure=measure, schools=[schools[2], schools[3]])
    measure.progress.update(status=ProgressStatus.DONE, comment="Выезд проведён, справка направлена в школу.")


def load_region_demo(*, district: Municipality) -> None:
    """Idempotent. The second municipality gets a ВПР of each year the district has (at most the last
    three), official lists of the first two, observers, and a targeted measure after the first year."""
    second = Municipality.objects.filter(name=SECOND).first()
    if second is None:
        return
    years = sorted(set(VprTest.objects.filter(municipality=district).values_list("year", flat=True)))[-3:]
    rng = random.Random(f"region-{second.name}")
    with transaction.atomic():
        schools = _schools(second)
        for position, year in enumerate(years):
            _vpr(second, schools, year, position == 0, rng)
            _observers(second, schools, year)
        # The ООШ stands on the list of the first two years.
        for year in years[:2]:
            OfficialFlag.objects.get_or_create(
                year=year,
                school=schools[3],
                defaults={
                    "municipality": second,
                    "subjects": ["Русский язык, 5 класс"],
                    "source": "перечень.xlsx",
                },
            )
        if years:
            _targeted(second, schools, years[0])
