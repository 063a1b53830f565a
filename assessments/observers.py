"""Public observers (общественные наблюдатели): booked per procedure, school and date, never twice on one
day, never to the school where they work nor to a school of a conflict of interest recorded on the
observer (their child's, a relative's); a school holding a procedure without an observer is a gap.

Since 2025 a ВПР has a federal window and each school its own date(s) (``vpr_dates``): the booking names
one of the school's dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from schools.models import School

from .models import Observer, ObserverAssignment, ObserverConflict, Procedure
from .vpr_dates import school_days


class AssignmentError(Exception):
    pass


def observer_assign(
    *, procedure: Procedure, school: School, observer: Observer, held_on: date | None = None
) -> ObserverAssignment:
    if observer.municipality_id != procedure.municipality_id:
        raise AssignmentError(f"Наблюдатель {observer.short_name} из другого муниципалитета.")
    if not procedure.schools.filter(pk=school.pk).exists():
        raise AssignmentError(f"{school.short_name} не участвует в процедуре «{procedure}».")
    if observer.school_id == school.pk:
        raise AssignmentError(
            f"Наблюдатель {observer.short_name} работает в {school.short_name}: "
            "в своей школе наблюдать нельзя."
        )
    conflict = ObserverConflict.objects.filter(observer=observer, school=school).first()
    if conflict is not None:
        raise AssignmentError(
            f"У наблюдателя {observer.short_name} конфликт интересов в {school.short_name} "
            f"({conflict.get_reason_display()}): наблюдать там нельзя."
        )
    days = school_days(procedure=procedure, school=school)
    if not days:
        raise AssignmentError(
            f"{school.short_name} ещё не выбрала дату «{procedure}» в федеральном периоде: "
            "сначала внесите дату школы."
        )
    day = held_on or (days[0] if len(days) == 1 else None)
    if day is None:
        raise AssignmentError(f"У {school.short_name} несколько дат «{procedure}»: выберите дату.")
    if day not in days:
        raise AssignmentError(f"{school.short_name} не проводит «{procedure}» {day:%d.%m.%Y}.")
    busy = next(
        (
            a
            for a in ObserverAssignment.objects.filter(observer=observer)
            .filter(Q(held_on=day) | Q(held_on=None, procedure__held_on=day))
            .select_related("school", "procedure")
            if not (a.school_id == school.pk and a.procedure_id == procedure.pk)
        ),
        None,
    )
    if busy is not None:
        raise AssignmentError(
            f"Наблюдатель {observer.short_name} {day:%d.%m.%Y} уже назначен в "
            f"{busy.school.short_name} («{busy.procedure}»)."
        )
    assignment, created = ObserverAssignment.objects.get_or_create(
        procedure=procedure,
        school=school,
        observer=observer,
        defaults={"held_on": day if procedure.has_window else None},
    )
    if not created:
        raise AssignmentError(f"Наблюдатель {observer.short_name} уже назначен в {school.short_name}.")
    return assignment


def observer_report(*, assignment: ObserverAssignment, violations: bool, text: str) -> ObserverAssignment:
    if violations and not text.strip():
        raise AssignmentError("Нарушения выявлены: опишите их в отчёте.")
    assignment.violations = violations
    assignment.report_text = text.strip()
    assignment.reported_at = timezone.now()
    assignment.save(update_fields=["violations", "report_text", "reported_at"])
    return assignment


@dataclass(frozen=True)
class Coverage:
    procedure: Procedure
    school: School
    assignments: tuple[ObserverAssignment, ...]

    @property
    def is_gap(self) -> bool:
        return not self.assignments


def procedure_coverage(*, procedures: Iterable[Procedure], schools: QuerySet[School]) -> list[Coverage]:
    """Every (procedure, school) pair among the schools given, with its observers; gaps have none."""
    procedures = list(procedures)
    visible = set(schools.values_list("pk", flat=True))
    assignments: dict[tuple[int, int], list[ObserverAssignment]] = {}
    for a in ObserverAssignment.objects.filter(procedure__in=procedures).select_related("observer"):
        assignments.setdefault((a.procedure_id, a.school_id), []).append(a)
    rows = []
    for procedure in procedures:
        for school in procedure.schools.all():
            if school.pk in visible:
                rows.append(
                    Coverage(procedure, school, tuple(assignments.get((procedure.pk, school.pk), [])))
                )
    return rows
