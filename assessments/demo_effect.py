"""Demo data for «адресные меры» and their effect: for every loaded ВПР year that has a next year loaded,
a targeted measure for each school with signs that year — a methodological visit, lesson observation,
КПК for named (generated) teachers or personal control — and how each school carried it out. Whether the
signs remained is then read from the demo's own ВПР and official lists, never written here: the effect
page shows «признаки сохранились» where the next year flags the school again, «признаки не выявлены»
where it does not.

A measure answering year Y goes into the municipal plan of the school year that starts in Y when the demo
has one (its archived 2023-2024 plan), else into the plan now in force, marked «по итогам ВПР Y года».
Idempotent: a second run finds the measures by their titles and adds nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from roadmaps.models import DeadlineKind, Measure, MeasureScope, Progress, ProgressStatus, Roadmap, TargetKind
from roadmaps.progress import ACTIVE_ROADMAP_STATUSES
from roadmaps.targeted import current_roadmap, next_number, targeted_measure_save
from schools.models import Municipality, School

from .flag_years import flag_history

KINDS = (
    (
        TargetKind.METHODICAL_VISIT,
        "Методический выезд в {school}: анализ организации и проверки ВПР {year} года, консультации учителей",
        "",
    ),
    (
        TargetKind.LESSON_OBSERVATION,
        "Посещение уроков русского языка и математики в 5–7 классах {school}: система текущего оценивания",
        "Абдуллаева З.М.\nГасанов Р.А.",
    ),
    (
        TargetKind.TEACHER_TRAINING,
        "КПК «Объективность оценивания образовательных результатов» для учителей {school}",
        "Магомедова П.Ш.\nИсаев К.Б.",
    ),
    (
        TargetKind.PERSONAL_CONTROL,
        "Персональный контроль проведения и проверки ВПР в {school}: присутствие представителя УО",
        "",
    ),
)
MAX_SCHOOLS_A_YEAR = 4


def _roadmap_for(municipality: Municipality, year: int) -> tuple[Roadmap | None, int | None]:
    """The plan a measure on the signs of ``year`` goes into, and the basis year to write (None: implied)."""
    own = (
        Roadmap.objects.filter(municipality=municipality, school__isnull=True, period_start__year=year)
        .exclude(status=Roadmap.Status.DRAFT)
        .order_by("-period_start")
        .first()
    )
    if own is not None:
        return own, None
    return current_roadmap(municipality=municipality, today=timezone.localdate()), year


def _deadline(roadmap: Roadmap, year: int) -> tuple[str, datetime.date]:
    day = datetime.date(year, 12, 20)
    if not roadmap.period_start <= day <= roadmap.period_end:
        # A plan of a later school year: before its winter break.
        day = min(roadmap.period_end, datetime.date(roadmap.period_start.year, 12, 20))
    return f"До {day:%d.%m.%Y}", day


def _carried_out(measure: Measure, index: int) -> None:
    """How the schools stand on it: a measure of a past plan is done; of the plan in force, in progress."""
    active = (
        measure.roadmap.status in ACTIVE_ROADMAP_STATUSES
        and measure.roadmap.period_end >= timezone.localdate()
    )
    status = ProgressStatus.IN_PROGRESS if active and index % 2 else ProgressStatus.DONE
    comment = (
        "Выезд проведён, справка по итогам № 14/" + str(20 + index)
        if status == ProgressStatus.DONE
        else "График посещений согласован со школой"
    )
    Progress.objects.filter(measure=measure, version=0).update(
        status=status,
        comment=comment,
        version=1,
        updated_at=timezone.now(),
        done_on=min(measure.deadline_end, timezone.localdate()) if status == ProgressStatus.DONE else None,
    )


def _school_measure(roadmap: Roadmap, basis: int | None, year: int, school: School, index: int) -> None:
    kind, title, teachers = KINDS[index % len(KINDS)]
    title = title.format(school=school.short_name, year=year)
    if Measure.objects.filter(roadmap=roadmap, title=title).exists():
        return
    deadline_text, deadline = _deadline(roadmap, year)
    measure = Measure(
        roadmap=roadmap,
        number=next_number(roadmap),
        title=title,
        form="Адресная методическая помощь школе",
        deadline_text=deadline_text,
        deadline_kind=DeadlineKind.DATE,
        deadline_end=deadline,
        responsible_text="Методисты ИМЦ",
        expected_result=f"Признаки необъективности не выявляются по итогам ВПР {year + 1} года",
        target_kind=kind,
        target_teachers=teachers,
        basis_year=basis,
        scope=MeasureScope.SELECTED,
    )
    targeted_measure_save(measure=measure, schools=[school])
    _carried_out(measure, index)


def load_effect_demo(*, municipality: Municipality) -> int:
    """Targeted measures for the schools with signs in each loaded year followed by another loaded year;
    returns how many schools got one this run."""
    history = flag_history(municipality)
    years_with_next = [year for year in history.years if year + 1 in history.took_part]
    schools = {school.pk: school for school in municipality.schools.all()}
    count = 0
    with transaction.atomic():
        for year in years_with_next:
            roadmap, basis = _roadmap_for(municipality, year)
            if roadmap is None:
                continue
            flagged = sorted(set(history.own.get(year, {})) | set(history.official.get(year, {})))
            for index, pk in enumerate(flagged[:MAX_SCHOOLS_A_YEAR]):
                before = Measure.objects.filter(roadmap=roadmap).count()
                _school_measure(roadmap, basis, year, schools[pk], index)
                count += Measure.objects.filter(roadmap=roadmap).count() - before
    return count
