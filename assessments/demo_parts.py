"""What the assessments demos (the district's, its other years, the region's second municipality) make
alike: a ВПР from its tasks written «max level», a generated participant, the mark of a primary score, a
ВПР procedure. Generated data only."""

from __future__ import annotations

import datetime

from schools.models import Municipality, School

from .models import Procedure, Subject, VprResult, VprTest


def vpr_test(
    municipality: Municipality,
    *,
    year: int,
    subject_name: str,
    grade: int,
    tasks: str,
    held_on: datetime.date,
) -> tuple[VprTest, bool, list[tuple[int, str]]]:
    """The ВПР of ``year`` (made once), ``tasks`` like «4Б 3Б 2П»; with whether it was made and the tasks'
    (max, level)."""
    spec = [(int(item[:-1]), item[-1]) for item in tasks.split()]
    test, created = VprTest.objects.get_or_create(
        municipality=municipality,
        year=year,
        subject=Subject.objects.get(name=subject_name),
        grade=grade,
        defaults={
            "title": f"ВПР {year} {subject_name} {grade} класс",
            "held_on": held_on,
            "max_score": sum(m for m, _ in spec),
            "tasks": [{"number": str(i + 1), "max": m, "level": level} for i, (m, level) in enumerate(spec)],
        },
    )
    return test, created, spec


def vpr_mark(score: int, boundaries: tuple[int, int, int]) -> int:
    """The mark of a primary score, ``boundaries`` the least scores of «3», «4», «5»."""
    return 2 + sum(1 for b in boundaries if score >= b)


def vpr_participant(
    test: VprTest,
    school: School,
    *,
    code: str,
    n: int,
    scores: list[int | None],
    mark: int,
    journal: int | None,
) -> VprResult:
    """The ``n``-th participant of a school (classes «А» and «Б», variants 1 and 2 in turn), unsaved."""
    return VprResult(
        test=test,
        school=school,
        participant_code=code,
        class_name=f"{test.grade}{'АБ'[n % 2]}",
        variant=str(1 + n % 2),
        task_scores=scores,
        primary_score=sum(s or 0 for s in scores),
        mark=mark,
        journal_mark=journal,
    )


def vpr_procedure(
    municipality: Municipality,
    *,
    subject_name: str,
    grade: int,
    held_on: datetime.date,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> tuple[Procedure, bool]:
    """A ВПР procedure (made once), with its federal window when given; and whether it was made."""
    return Procedure.objects.get_or_create(
        municipality=municipality,
        kind=Procedure.Kind.VPR,
        subject=Subject.objects.get(name=subject_name),
        grade=grade,
        held_on=held_on,
        defaults={"window_start": window[0], "window_end": window[1]} if window else {},
    )
