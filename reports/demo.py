"""Demo data for the reports app: digest preferences and the prepared March meeting of seed 000.

Called by the main ``load_demo`` command; running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from roadmaps.models import Roadmap
from schools.models import Municipality, User

from .meetings import meeting_create, meeting_scope, share_percent
from .models import DigestPreference, Meeting
from .reminders import RECIPIENT_ROLES

MARCH_MEETING_DATE = date(2024, 3, 15)


def load_reports_demo(*, municipality: Municipality) -> None:
    """Digest preferences, the March 2024 meeting of seed 000 and, when the demo has a current-year
    copy of the plan, its coming March meeting, prefilled from the medal data (load medals first)."""
    with transaction.atomic():
        _digest_preferences(municipality)
        seed_plan = _plan_in_force(municipality, on=MARCH_MEETING_DATE)
        if seed_plan is not None:
            _march_meeting(seed_plan, day=MARCH_MEETING_DATE, number="3")
        current = _plan_in_force(municipality, on=timezone.localdate())
        scope = meeting_scope(roadmap=current) if current is not None and current != seed_plan else None
        if scope is not None and scope.measure is not None and scope.measure.deadline_end is not None:
            _march_meeting(current, day=scope.measure.deadline_end, number="1")


def _digest_preferences(municipality: Municipality) -> None:
    people = User.objects.filter(municipality=municipality, role__in=RECIPIENT_ROLES).order_by("pk")
    for index, user in enumerate(people):
        # Most people take the daily digest; every third school head reads a weekly one on Mondays.
        weekly = user.is_school_head and index % 3 == 2
        DigestPreference.objects.get_or_create(
            user=user,
            defaults={
                "frequency": DigestPreference.Frequency.WEEKLY
                if weekly
                else DigestPreference.Frequency.DAILY,
                "weekday": DigestPreference.Weekday.MONDAY,
            },
        )


def _plan_in_force(municipality: Municipality, *, on: date) -> Roadmap | None:
    """The municipal plan in force on a date, the medal-candidates plan (seed 000) first."""
    return (
        Roadmap.objects.filter(
            municipality=municipality,
            school__isnull=True,
            period_start__lte=on,
            period_end__gte=on,
        )
        .annotate(
            is_medal_plan=Case(
                When(Q(title__icontains="медал"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-is_medal_plan", "-pk")
        .first()
    )


def _march_meeting(roadmap: Roadmap, *, day: date, number: str) -> None:
    if Meeting.objects.filter(roadmap=roadmap, date=day).exists():
        return
    staff = User.objects.filter(municipality=roadmap.municipality, is_active=True).order_by("pk")
    scope = meeting_scope(roadmap=roadmap)
    meeting = meeting_create(
        roadmap=roadmap,
        created_by=staff.filter(role=User.Role.DEPARTMENT_HEAD).first(),
        date=day,
        number=number,
        place=roadmap.municipality.name,
        chair=staff.filter(role=User.Role.DEPARTMENT_HEAD).first(),
        secretary=staff.filter(role=User.Role.METHODIST).first(),
        attendees=list(staff.filter(role=User.Role.SCHOOL_HEAD)),
        invited="",
        meeting_measure=scope.measure,
        first=scope.first,
        last=scope.last,
    )
    closing = meeting.items.filter(shows_school_table=True).first()
    if closing is not None:
        closing.speaker = "Зав. ИМЦ"
        closing.heard = (
            "О предварительной оценке количества претендентов на медаль по результатам мероприятий "
            "пунктов 1–11 плана и о доле претендентов в каждой ОО."
        )
        closing.spoke = (
            "Руководители ОО — о претендентах, попавших в группу риска по итогам перепроверки работ."
        )
        closing.save(update_fields=["speaker", "heard", "spoke"])
    # The figures come from the medal data (prefilled); the demo meeting decides to leave out of the
    # share the candidates it found at risk.
    for row in meeting.school_rows.exclude(graduates=0).exclude(candidates=None):
        row.corrected_share = share_percent(
            candidates=row.candidates - (row.candidates_at_risk or 0), graduates=row.graduates
        )
        row.note = "без претендентов группы риска" if row.candidates_at_risk else ""
        row.save(update_fields=["corrected_share", "note"])
