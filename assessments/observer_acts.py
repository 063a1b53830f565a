"""The observer's act: which stages of a procedure the observer attended, a checklist of violations and
remarks. A violation marked flags the school: the booking's ``violations`` follows the act.

Observers have no login of their own: the coordinator (or the department head) enters the act from the
observer's paper form, and the act records who entered it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from schools.models import User

from .models import ObserverAct, ObserverAssignment

STAGES: tuple[tuple[str, str], ...] = (
    ("materials", "получение и тиражирование материалов"),
    ("conduct", "проведение"),
    ("checking", "проверка работ"),
    ("upload", "загрузка форм"),
)


@dataclass(frozen=True)
class Violation:
    code: str
    stage: str
    text: str


VIOLATIONS: tuple[Violation, ...] = (
    Violation(
        "materials_early", "materials", "материалы получены или тиражированы раньше установленного времени"
    ),
    Violation("materials_leak", "materials", "не обеспечена конфиденциальность материалов"),
    Violation("conduct_time", "conduct", "работа начата или закончена не по установленному времени"),
    Violation(
        "conduct_teacher", "conduct", "в аудитории находился учитель, преподающий этот предмет в классе"
    ),
    Violation("conduct_phones", "conduct", "участники пользовались телефонами, справочными материалами"),
    Violation("conduct_hints", "conduct", "участникам подсказывали, работы выполнялись не самостоятельно"),
    Violation("checking_criteria", "checking", "работы проверялись не по критериям"),
    Violation("checking_teacher", "checking", "работы проверял только учитель класса, без комиссии"),
    Violation("checking_changes", "checking", "в работах исправления после сбора"),
    Violation("upload_mismatch", "upload", "загруженные в ФИС ОКО баллы расходятся с проверенными работами"),
    Violation("upload_late", "upload", "формы загружены с нарушением срока"),
)
STAGE_CODES = {code for code, _ in STAGES}
VIOLATION_BY_CODE = {v.code: v for v in VIOLATIONS}


class ActError(Exception):
    pass


@dataclass(frozen=True)
class ActView:
    """The act as a page and the printout show it: every stage with its violations marked or not."""

    assignment: ObserverAssignment
    act: ObserverAct | None
    stages: tuple[tuple[str, bool, tuple[tuple[Violation, bool], ...]], ...]

    @property
    def flagged(self) -> bool:
        return bool(self.act and self.act.violations)


def act_view(assignment: ObserverAssignment) -> ActView:
    act = ObserverAct.objects.filter(assignment=assignment).first()
    attended = set(act.stages) if act else set()
    marked = set(act.violations) if act else set()
    stages = tuple(
        (
            title,
            code in attended,
            tuple((v, v.code in marked) for v in VIOLATIONS if v.stage == code),
        )
        for code, title in STAGES
    )
    return ActView(assignment=assignment, act=act, stages=stages)


def act_record(
    *,
    assignment: ObserverAssignment,
    stages: Iterable[str],
    violations: Iterable[str],
    remarks: str,
    user: User,
) -> ObserverAct:
    stages, violations = list(dict.fromkeys(stages)), list(dict.fromkeys(violations))
    unknown = [s for s in stages if s not in STAGE_CODES] + [
        v for v in violations if v not in VIOLATION_BY_CODE
    ]
    if unknown:
        raise ActError(f"Неизвестные пункты акта: {', '.join(u[:30] for u in unknown)}.")
    if not stages:
        raise ActError("Отметьте хотя бы один этап, при котором присутствовал наблюдатель.")
    outside = [VIOLATION_BY_CODE[v] for v in violations if VIOLATION_BY_CODE[v].stage not in stages]
    if outside:
        titles = dict(STAGES)
        raise ActError(
            "Нарушение отмечено на этапе, при котором наблюдатель не присутствовал: "
            + "; ".join(f"«{v.text}» ({titles[v.stage]})" for v in outside)
            + "."
        )
    remarks = remarks.strip()
    if violations and not remarks:
        raise ActError("Нарушения отмечены: опишите их в замечаниях (что, где, когда).")
    with transaction.atomic():
        act, _ = ObserverAct.objects.update_or_create(
            assignment=assignment,
            defaults={"stages": stages, "violations": violations, "remarks": remarks, "entered_by": user},
        )
        assignment.violations = bool(violations)
        assignment.report_text = remarks
        assignment.reported_at = timezone.now()
        assignment.save(update_fields=["violations", "report_text", "reported_at"])
    return act
