"""A person's deadlines as an iCalendar feed, read by the calendar applications people already use.

The feed lists the measures of approved plans that the person answers for (``Measure.responsible_users``)
or that their school executes (a school head: their school's progress row), each with the plan's
deadline as an all-day event (one day) or a span (start to end). A school head's events carry their own
school's status only; a responsible person without a school sees the department's own row at most —
never another school's data. The address is private: a random token, revocable and re-issuable.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from schools.models import CalendarToken, User

from .models import Measure, Progress, Roadmap
from .progress import display_status

PRODID = "-//Дорожная карта объективности//RU"
SUMMARY_LIMIT = 200
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def token_issue(user: User) -> CalendarToken:
    """A new private address for the person; the old one, if any, stops working."""
    token = secrets.token_urlsafe(32)
    record, _ = CalendarToken.objects.update_or_create(user=user, defaults={"token": token})
    return record


def token_revoke(user: User) -> bool:
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


def user_for_token(token: str) -> User | None:
    # Only what token_urlsafe writes is looked up: a NUL in the address made PostgreSQL fail the query.
    if not TOKEN_RE.fullmatch(token):
        return None
    record = CalendarToken.objects.select_related("user").filter(token=token).first()
    if record is None or not record.user.is_active:
        return None
    return record.user


def _own_school_id(user: User) -> int | None:
    return user.school_id if user.role == User.Role.SCHOOL_HEAD else None


def feed_measures(user: User) -> list[Measure]:
    """The measures of the person's calendar, with the progress rows they may read prefetched as ``rows``."""
    school_id = _own_school_id(user)
    which = Q(responsible_users=user)
    if school_id:
        which |= Q(progress__school_id=school_id)
    rows = Progress.objects.filter(school_id=school_id) if school_id else Progress.objects.filter(school=None)
    rows = rows.select_related("school", "measure__roadmap")
    measures = (
        Measure.objects.filter(which, roadmap__status=Roadmap.Status.APPROVED, deadline_end__isnull=False)
        .select_related("roadmap")
        .prefetch_related(Prefetch("progress", queryset=rows, to_attr="rows"))
        .distinct()
        .order_by("deadline_end", "roadmap_id", "order")
    )
    if user.municipality_id:
        measures = measures.filter(roadmap__municipality=user.municipality_id)
    return list(measures)


def _summary(measure: Measure) -> str:
    text = " ".join(measure.title.split())
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return f"№ {measure.number}. {text}" if measure.number else text


def build_calendar(user: User, today: date | None = None) -> bytes:
    today = today or timezone.localdate()
    site = settings.SITE_URL.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Сроки: {user.short_name or user.username}")
    calendar.add("x-wr-timezone", user.municipality.timezone if user.municipality else settings.TIME_ZONE)
    stamp = timezone.now()
    answers_for = set(Measure.objects.filter(responsible_users=user).values_list("pk", flat=True))
    for measure in feed_measures(user):
        start = measure.deadline_start or measure.deadline_end
        end = measure.deadline_end
        if start > end:
            start = end
        event = Event()
        event.add("uid", f"measure-{measure.pk}-user-{user.pk}@roadmap")
        event.add("dtstamp", stamp)
        event.add("summary", _summary(measure))
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))  # all-day events end on the following day (RFC 5545)
        lines = [f"Дорожная карта: {' '.join(measure.roadmap.title.split())}"]
        if measure.deadline_text:
            lines.append(f"Срок по плану: {measure.deadline_text}")
        for row in measure.rows:
            _, label = display_status(row, today)
            lines.append(f"Статус ({row.school.short_name if row.school_id else 'УО'}): {label}")
        if measure.pk in answers_for:
            lines.append("Вы указаны ответственным.")
        url = site + reverse("roadmaps:measure_detail", args=[measure.pk])
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
