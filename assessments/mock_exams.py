"""The mock-exam schedule (Приложение №2): a venue holds one exam at a time, and a date outside the
plan period is warned about (seed 000 has 20.12.2024 in a 2023-2024 plan)."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch

from common.codes import unique_code
from schools.models import Municipality, Pupil, School, User

from .models import Commission, MockExam, MockExamSchedule, MockWork

CODE_DIGITS = 6


def _local(moment: datetime.datetime, municipality: Municipality) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(municipality.timezone))


def exam_clashes(
    *, venue: School, starts_at: datetime.datetime, duration_minutes: int, exclude_pk: int | None = None
) -> list[MockExam]:
    """Exams at the same venue whose time overlaps [starts_at, starts_at + duration)."""
    ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
    nearby = MockExam.objects.filter(
        venue=venue, starts_at__lt=ends_at, starts_at__gt=starts_at - datetime.timedelta(days=1)
    ).select_related("subject")
    if exclude_pk:
        nearby = nearby.exclude(pk=exclude_pk)
    return [e for e in nearby if e.starts_at + datetime.timedelta(minutes=e.duration_minutes) > starts_at]


def clash_message(exam: MockExam, municipality: Municipality) -> str:
    start = _local(exam.starts_at, municipality)
    end = start + datetime.timedelta(minutes=exam.duration_minutes)
    return (
        f"В {exam.venue.short_name} в это время уже идёт экзамен: {exam.subject} "
        f"({exam.get_round_display()}), {start:%d.%m.%Y} с {start:%H:%M} до {end:%H:%M}. "
        "Выберите другое время или место."
    )


def period_warning(*, schedule: MockExamSchedule, starts_at: datetime.datetime) -> str | None:
    day = _local(starts_at, schedule.municipality).date()
    if schedule.period_start <= day <= schedule.period_end:
        return None
    return (
        f"Дата {day:%d.%m.%Y} вне периода плана ({schedule.period_start:%d.%m.%Y} – "
        f"{schedule.period_end:%d.%m.%Y}): проверьте год."
    )


def _new_code(taken: set[str]) -> str:
    return unique_code(
        taken, lambda: f"{secrets.randbelow(9 * 10 ** (CODE_DIGITS - 1)) + 10 ** (CODE_DIGITS - 1)}"
    )


def exam_save(*, exam: MockExam, pupils: Iterable[Pupil]) -> list[str]:
    """Save the exam and its participants (one coded work each); returns warnings. A clash is refused."""
    municipality = exam.schedule.municipality
    clashes = exam_clashes(
        venue=exam.venue, starts_at=exam.starts_at, duration_minutes=exam.duration_minutes, exclude_pk=exam.pk
    )
    if clashes:
        raise ValidationError(clash_message(clashes[0], municipality))
    wanted = {pupil.pk for pupil in pupils}
    with transaction.atomic():
        exam.save()
        current = {w.pupil_id: w for w in exam.works.all()}
        dropped = [w for pupil_id, w in current.items() if pupil_id not in wanted]
        scored = [w.code for w in dropped if w.primary_score is not None]
        if scored:
            raise ValidationError(
                f"У работ {', '.join(scored)} уже есть баллы: этих участников нельзя убрать из экзамена."
            )
        MockWork.objects.filter(pk__in=[w.pk for w in dropped]).delete()
        taken = set(MockWork.objects.values_list("code", flat=True))
        MockWork.objects.bulk_create(
            MockWork(exam=exam, pupil_id=pupil_id, code=_new_code(taken))
            for pupil_id in sorted(wanted - current.keys())
        )
    warning = period_warning(schedule=exam.schedule, starts_at=exam.starts_at)
    return [warning] if warning else []


@dataclass(frozen=True)
class CommissionMember:
    name: str
    school: str


@dataclass(frozen=True)
class ScheduleRow:
    """One line of Приложение №2, with the subject's commission (Приложение №3) beside it."""

    exam_id: int
    schedule_title: str
    order_number: str
    order_date: datetime.date | None
    subject: str
    round: str
    venue: str
    venue_full: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    participants: int
    commission: tuple[CommissionMember, ...]
    warning: str | None


def mock_exam_schedule(
    *, municipality: Municipality, year: int | None = None, schedule_ids: Iterable[int] | None = None
) -> list[ScheduleRow]:
    """The schedule as plain data; ``year`` is the school year's first year (2023 for 2023-2024);
    ``schedule_ids`` keeps only those schedules (the ones a filtered list shows).

    Times are local to the municipality. Three queries whatever the number of exams.
    """
    schedules = MockExamSchedule.objects.filter(municipality=municipality)
    if year is not None:
        schedules = schedules.filter(period_start__year=year)
    if schedule_ids is not None:
        schedules = schedules.filter(pk__in=list(schedule_ids))
    exams = list(
        MockExam.objects.filter(schedule__in=schedules)
        .select_related("schedule__municipality", "subject", "venue")
        .annotate(n_works=Count("works"))
        .order_by("starts_at")
    )
    members: dict[tuple[int, int], list[CommissionMember]] = defaultdict(list)
    commissions = Commission.objects.filter(schedule__in=schedules).prefetch_related(
        Prefetch("members", queryset=User.objects.select_related("school"))
    )
    for commission in commissions:
        for user in sorted(commission.members.all(), key=lambda u: (u.last_name, u.first_name)):
            members[(commission.schedule_id, commission.subject_id)].append(
                CommissionMember(name=user.short_name, school=user.school.short_name if user.school else "")
            )
    rows = []
    for exam in exams:
        start = _local(exam.starts_at, municipality)
        rows.append(
            ScheduleRow(
                exam_id=exam.pk,
                schedule_title=exam.schedule.title,
                order_number=exam.schedule.order_number,
                order_date=exam.schedule.order_date,
                subject=exam.subject.name,
                round=exam.get_round_display(),
                venue=exam.venue.short_name,
                venue_full=exam.venue.full_name,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=exam.duration_minutes),
                participants=exam.n_works,
                commission=tuple(members[(exam.schedule_id, exam.subject_id)]),
                warning=period_warning(schedule=exam.schedule, starts_at=exam.starts_at),
            )
        )
    return rows
