"""ВПР as held since 2025: each school chooses its own date(s) inside the federal window of a procedure.

The school head enters the dates of their school, the coordinator (or the department head) of any school
of the procedure. A date outside the window is refused with a Russian message.
"""

from __future__ import annotations

from datetime import date

from schools.models import School, User

from .models import ObserverAssignment, Procedure, SchoolProcedureDay


class DateError(Exception):
    pass


def school_days(*, procedure: Procedure, school: School) -> list[date]:
    """The dates the school holds the procedure on: its own, or the procedure's one date."""
    days = list(
        SchoolProcedureDay.objects.filter(procedure=procedure, school=school).values_list(
            "held_on", flat=True
        )
    )
    if days or procedure.has_window:
        return sorted(days)
    return [procedure.held_on]


def school_day_problem(
    *, procedure: Procedure, school: School, day: date, takes_part: bool | None = None
) -> str | None:
    """Why ``school`` cannot hold ``procedure`` on ``day``, in Russian; None when it can. The one rule of the
    per-school form and of the imported list. ``takes_part``: whether the school is among the procedure's
    schools, when the caller knows it already."""
    if not procedure.has_window:
        return (
            f"У процедуры «{procedure}» одна дата для всех школ ({procedure.held_on:%d.%m.%Y}): "
            "свою дату школа не выбирает."
        )
    if takes_part is None:
        takes_part = procedure.schools.filter(pk=school.pk).exists()
    if not takes_part:
        return f"{school.short_name} не участвует в процедуре «{procedure}»."
    if not procedure.window_start <= day <= procedure.window_end:
        return (
            f"Дата {day:%d.%m.%Y} вне федерального периода проведения «{procedure}»: "
            f"с {procedure.window_start:%d.%m.%Y} по {procedure.window_end:%d.%m.%Y}."
        )
    return None


def school_day_add(
    *, procedure: Procedure, school: School, day: date, user: User | None
) -> SchoolProcedureDay:
    problem = school_day_problem(procedure=procedure, school=school, day=day)
    if problem:
        raise DateError(problem)
    found, created = SchoolProcedureDay.objects.get_or_create(
        procedure=procedure, school=school, held_on=day, defaults={"entered_by": user}
    )
    if not created:
        raise DateError(f"Дата {day:%d.%m.%Y} у {school.short_name} уже есть.")
    return found


def school_day_remove(*, procedure: Procedure, school: School, day: date) -> None:
    booked = ObserverAssignment.objects.filter(procedure=procedure, school=school, held_on=day)
    if booked.exists():
        raise DateError(
            f"На {day:%d.%m.%Y} в {school.short_name} уже назначен наблюдатель: сначала снимите назначение."
        )
    deleted, _ = SchoolProcedureDay.objects.filter(procedure=procedure, school=school, held_on=day).delete()
    if not deleted:
        raise DateError(f"Даты {day:%d.%m.%Y} у {school.short_name} нет.")
