"""The mock-exam schedule and its commission (Приложения №2 и №3) as printed: read once, then built."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessments.appendix_reading import is_commission_appendix
from assessments.mock_exams import mock_exam_schedule
from assessments.models import MockExamSchedule

from .wording import (
    short_name,
    without_stop,
)

# --- the mock-exam schedule and its commission (Приложения №2 и №3) --------------------------------


@dataclass(frozen=True)
class MockExamLine:
    number: int
    subject: str
    round: str
    venue: str
    when: str
    participants: int
    warning: str = ""  # a date outside the plan's period, marked as the web page marks it


@dataclass(frozen=True)
class CommissionGroup:
    number: int
    subject: str
    members: list[tuple[str, str]]  # (name, school)


@dataclass
class MockExamsDocument:
    schedule_title: str
    schedule_approval: list[str]
    commission_approval: list[str]
    exams: list[MockExamLine]
    commissions: list[CommissionGroup]
    commission_title: str = "Состав комиссии по проверке пробного экзамена в форме ЕГЭ"


APPENDIX_NUMBER = re.compile(r"^\s*Приложение\s*№?\s*(\d+)", re.IGNORECASE)


def _appendix_number(title: str, default: str) -> str:
    """«№2» from «Приложение № 2 к приказу …», as the document numbers it."""
    match = APPENDIX_NUMBER.match(title or "")
    return f"№{match.group(1)}" if match else default


def mock_exams_document(*, schedule: MockExamSchedule) -> MockExamsDocument:
    """Приложение №2 (the schedule) and №3 (its commission by subject) of one schedule, as the order that
    approved the plan numbers them: a schedule built from a roadmap's appendix prints that roadmap's
    order and appendix numbers, and only the commission of this schedule."""
    municipality = schedule.municipality
    rows = mock_exam_schedule(municipality=municipality, schedule_ids=[schedule.pk])
    roadmap = schedule.source_appendix.roadmap if schedule.source_appendix_id else None
    order_number = schedule.order_number or (roadmap.order_number if roadmap else "")
    order_date = schedule.order_date or (roadmap.order_date if roadmap else None)
    order = " ".join(
        part
        for part in (
            f"№ {order_number}" if order_number else "",
            f"от {order_date:%d.%m.%Y}" if order_date else "",
        )
        if part
    )
    schedule_number, commission_number = "№2", "№3"
    if roadmap is not None:
        schedule_number = _appendix_number(schedule.source_appendix.title, schedule_number)
        later = [a for a in roadmap.appendices.order_by("order", "pk") if a.pk != schedule.source_appendix_id]
        for appendix in later:
            if is_commission_appendix(appendix):
                commission_number = _appendix_number(appendix.title, commission_number)
                break
    department = municipality.department_name
    exams = [
        MockExamLine(
            number=index,
            subject=row.subject,
            round=row.round,
            venue=row.venue_full or row.venue,
            when=f"{row.starts_at:%d.%m.%Y} г. в {row.starts_at:%H.%M} ч.",
            participants=row.participants,
            warning=row.warning or "",
        )
        for index, row in enumerate(rows, start=1)
    ]
    members: dict[str, list[tuple[str, str]]] = {}
    for commission in schedule.commissions.select_related("subject").prefetch_related("members__school"):
        people = sorted(commission.members.all(), key=lambda u: (u.last_name, u.first_name))
        members[commission.subject.name] = [
            (short_name(user), user.school.short_name if user.school_id else "") for user in people
        ]
    subjects = list(dict.fromkeys([row.subject for row in rows] + list(members)))
    return MockExamsDocument(
        schedule_title=without_stop(schedule.title),
        schedule_approval=[f"Приложение {schedule_number}", f"к приказу {department}", order],
        commission_approval=[f"Приложение {commission_number}", f"к приказу {department}", order],
        exams=exams,
        commissions=[
            CommissionGroup(number=index, subject=subject, members=members.get(subject, []))
            for index, subject in enumerate(subjects, start=1)
        ],
    )
