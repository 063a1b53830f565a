"""Public observers (общественные наблюдатели): assigned to a procedure and a school, never to the
school where they work; a school holding a procedure without an observer is a gap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from schools.models import School

from .models import Observer, ObserverAssignment, Procedure


class AssignmentError(Exception):
    pass


def observer_assign(*, procedure: Procedure, school: School, observer: Observer) -> ObserverAssignment:
    if observer.municipality_id != procedure.municipality_id:
        raise AssignmentError(f"Наблюдатель {observer.short_name} из другого муниципалитета.")
    if not procedure.schools.filter(pk=school.pk).exists():
        raise AssignmentError(f"{school.short_name} не участвует в процедуре «{procedure}».")
    if observer.school_id == school.pk:
        raise AssignmentError(
            f"Наблюдатель {observer.short_name} работает в {school.short_name}: "
            "в своей школе наблюдать нельзя."
        )
    busy = (
        ObserverAssignment.objects.filter(observer=observer, procedure__held_on=procedure.held_on)
        .exclude(school=school, procedure=procedure)
        .select_related("school", "procedure")
        .first()
    )
    if busy is not None:
        raise AssignmentError(
            f"Наблюдатель {observer.short_name} {procedure.held_on:%d.%m.%Y} уже назначен в "
            f"{busy.school.short_name} («{busy.procedure}»)."
        )
    assignment, created = ObserverAssignment.objects.get_or_create(
        procedure=procedure, school=school, observer=observer
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
