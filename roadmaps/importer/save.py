"""Saving a ParsedRoadmap: the roadmap, its sections and measures, responsible people and progress rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from common.names import person_key, person_names
from roadmaps.models import Appendix, Measure, Roadmap, Section
from roadmaps.progress import progress_sync_for_measure
from schools.models import Municipality, School, User

from .errors import RoadmapImportError
from .parsed import ParsedMeasure, ParsedRoadmap
from .responsible import is_school_heads

_DEADLINE_TEXT_MAX = Measure._meta.get_field("deadline_text").max_length or 255


def _people_index(municipality: Municipality) -> dict[str, list[tuple[str, User]]]:
    """Users of the municipality (its staff and the staff of its schools): surname → (initials, user)."""
    users = User.objects.filter(
        Q(municipality=municipality) | Q(school__municipality=municipality), is_active=True
    ).distinct()
    index: dict[str, list[tuple[str, User]]] = {}
    for user in users:
        key = person_key(user.short_name) if user.last_name and user.first_name else None
        if key is not None:
            surname, initials = key.split(" ")
            index.setdefault(surname, []).append((initials, user))
    return index


def _match(name: str, index: dict[str, list[tuple[str, User]]]) -> User | None:
    """The one user a name means: same surname and initials, or one set of initials missing the patronymic.

    A name that fits two users is left unmatched rather than given to the wrong person.
    """
    key = person_key(name)
    if key is None:
        return None
    surname, initials = key.split(" ")
    people = index.get(surname, [])
    for fits in (
        lambda theirs: theirs == initials,
        lambda theirs: theirs.startswith(initials) or initials.startswith(theirs),
    ):
        candidates = [user for theirs, user in people if fits(theirs)]
        if candidates:
            return candidates[0] if len(candidates) == 1 else None
    return None


def _responsible_users(measure: ParsedMeasure, index: dict[str, list[tuple[str, User]]]) -> list[User]:
    found: list[User] = []
    for name in person_names(measure.responsible):
        user = _match(name, index)
        if user is not None and user not in found:
            found.append(user)
    return found


def roadmap_import_save(
    *,
    parsed: ParsedRoadmap,
    municipality: Municipality,
    created_by: User | None = None,
    school: School | None = None,
) -> Roadmap:
    """Create the roadmap with everything in it, in one transaction.

    A measure is executed by every school (``per_school``) when its responsible people include the heads
    of schools («руководители ОО», «Администрация ОО»); otherwise the department executes it. Measures
    outside any section get no Section row. ``parent`` links «7.1» to the latest «7» above it.
    """
    if parsed.period is None:
        raise RoadmapImportError(
            f"В файле «{parsed.source_name}» не удалось определить период плана "
            "(учебный или календарный год): "
            "без него дорожную карту сохранить нельзя."
        )
    people = _people_index(municipality)
    with transaction.atomic():
        roadmap = Roadmap.objects.create(
            municipality=municipality,
            school=school,
            title=parsed.title,
            period_start=parsed.period.start,
            period_end=parsed.period.end,
            approved_by=parsed.approval.approved_by or "",
            order_number=parsed.approval.order_number or "",
            order_date=parsed.approval.order_date,
            source_name=parsed.source_name,
            created_by=created_by,
        )
        by_number: dict[str, Measure] = {}
        for section_order, parsed_section in enumerate(parsed.sections, start=1):
            section = None
            if parsed_section.number is not None or parsed_section.title is not None:
                section = Section.objects.create(
                    roadmap=roadmap,
                    number=parsed_section.number or "",
                    title=parsed_section.title or "",
                    order=section_order,
                )
            for parsed_measure in parsed_section.measures:
                deadline = parsed_measure.deadline
                measure = Measure.objects.create(
                    roadmap=roadmap,
                    section=section,
                    parent=by_number.get(parsed_measure.parent_number or ""),
                    number=parsed_measure.number,
                    order=parsed_measure.order,
                    title=parsed_measure.title,
                    form=parsed_measure.form or "",
                    deadline_text=parsed_measure.deadline_text[:_DEADLINE_TEXT_MAX],
                    deadline_kind=deadline.kind,
                    deadline_start=deadline.start,
                    deadline_end=deadline.end,
                    deadline_months=list(deadline.months),
                    extra_dates=[dict(item) for item in parsed_measure.extra_dates],
                    responsible_text=parsed_measure.responsible_text,
                    expected_result=parsed_measure.expected_result or "",
                    per_school=any(is_school_heads(item) for item in parsed_measure.responsible),
                )
                if users := _responsible_users(parsed_measure, people):
                    measure.responsible_users.add(*users)
                if parsed_measure.number:
                    by_number[parsed_measure.number] = measure
                progress_sync_for_measure(measure=measure)
        Appendix.objects.bulk_create(
            Appendix(roadmap=roadmap, title=appendix.title, rows=appendix.rows, order=order)
            for order, appendix in enumerate(parsed.appendices, start=1)
        )
    return roadmap
