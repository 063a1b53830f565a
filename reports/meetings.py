"""The March meeting (seed 000, item 10): «Рассмотрение результатов мероприятий с 1-11 пунктов данного
плана на совещании … 15 марта … Корректировка показателя доли претендентов медалистов по каждой ОО».

Its agenda is taken from the roadmap itself: the items the meeting measure names («с 1-11 пунктов»),
in document order and before the meeting measure (seed 000 numbers 10 and 11 twice: only the rows
that come before the meeting belong to it). The execution status of each item is read as of the
meeting date, so a printed protocol says what the meeting saw.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q

from medals.indicators import school_medal_indicators
from roadmaps.models import Measure, Progress, ProgressStatus, Roadmap
from roadmaps.progress import display_status, obligations_q, overdue_q
from schools.grades import with_grade_q
from schools.models import School, User

from .effect_protocol import EFFECT_ITEM_TITLE, meeting_effect_item
from .models import Meeting, MeetingAgendaItem, MeetingSchoolRow
from .wording import municipality_staff, speaker_named

MEETING_TITLE_RE = re.compile(r"совещани", re.IGNORECASE)
SCOPE_RE = re.compile(r"(\d+)\s*[-–—]\s*(\d+)\s*пункт", re.IGNORECASE)
LEADING_NUMBER_RE = re.compile(r"^\s*(\d+)")
OVERDUE_NAMES_SHOWN = 15
SHARE_ITEM_TITLE = (
    "О корректировке показателя доли претендентов на медаль «За особые успехи в учении» по каждой ОО"
)
SHARE_ITEM_DECISION = (
    "Утвердить скорректированные показатели доли претендентов на медаль по каждой ОО "
    "(приложение к протоколу).\n"
    "Руководителям ОО обеспечить объективность текущего и промежуточного оценивания претендентов на медаль."
)
ITEM_DECISION = "Информацию принять к сведению."


def leading_number(number: str) -> int | None:
    """«7.1» → 7, «10.» → 10, «» → None: the item of the plan a row belongs to."""
    match = LEADING_NUMBER_RE.match(number or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class MeetingScope:
    measure: Measure | None
    first: int
    last: int


def roadmap_measures(roadmap: Roadmap) -> list[Measure]:
    """The roadmap's rows in document order: read once by the page that prepares a meeting, which finds
    the meeting in them, offers them as choices and takes the agenda from them."""
    return list(roadmap.measures.order_by("order", "pk"))


def meeting_scope(*, roadmap: Roadmap, measures: list[Measure] | None = None) -> MeetingScope:
    """Find the measure that is the meeting and the items it reviews («с 1-11 пунктов»).
    ``measures``: the roadmap's rows in document order, when the caller has already read them."""
    for measure in roadmap_measures(roadmap) if measures is None else measures:
        if MEETING_TITLE_RE.search(measure.title) and (match := SCOPE_RE.search(measure.title)):
            return MeetingScope(measure=measure, first=int(match.group(1)), last=int(match.group(2)))
    return MeetingScope(measure=None, first=1, last=11)


def agenda_measures(
    *,
    roadmap: Roadmap,
    meeting_measure: Measure | None,
    first: int,
    last: int,
    measures: list[Measure] | None = None,
) -> list[Measure]:
    """The roadmap rows numbered first…last, in document order, that come before the meeting itself.
    ``measures``: the roadmap's rows in document order, when the caller has already read them."""
    rows = roadmap_measures(roadmap) if measures is None else measures
    if meeting_measure is not None:
        rows = [m for m in rows if (m.order, m.pk) < (meeting_measure.order, meeting_measure.pk)]
    return [m for m in rows if (n := leading_number(m.number)) is not None and first <= n <= last]


def default_speaker(measure: Measure) -> str:
    first_line = (measure.responsible_text or "").strip().splitlines()[:1]
    return first_line[0].strip(" ,.;") if first_line else ""


def meeting_schools(*, roadmap: Roadmap) -> list[School]:
    if roadmap.school_id:
        return [roadmap.school]
    # A school without grade 11 (an ООШ) has no graduates to count in the share of medal candidates.
    schools = School.objects.filter(with_grade_q(11), municipality=roadmap.municipality_id, is_active=True)
    return list(schools.order_by("short_name"))


@dataclass(frozen=True)
class PreparedMeeting:
    meeting: Meeting
    agenda_items: int  # how many items the agenda was given, told to whoever prepared it


def meeting_create(**kwargs) -> Meeting:
    """A new meeting (``meeting_prepare``), for the callers that need only the meeting."""
    return meeting_prepare(**kwargs).meeting


def meeting_start(
    *,
    roadmap: Roadmap,
    created_by: User,
    date: date,
    number: str,
    place: str,
    chair: User | None,
    secretary: User | None,
    invited: str = "",
    meeting_measure: Measure | None,
    title: str | None = None,
) -> Meeting:
    """The meeting's header alone, as the head typed it: one row. Its attendees, agenda and table of
    schools come after (``meeting_agenda_build``, ``meeting_school_rows_build``)."""
    header = {"title": title} if title else {}  # none typed: the model's «совещания руководителей ОО»
    return Meeting.objects.create(
        municipality_id=roadmap.municipality_id,
        roadmap=roadmap,
        measure=meeting_measure,
        number=number,
        date=date,
        place=place,
        year=roadmap.period_end.year,
        chair=chair,
        secretary=secretary,
        invited=invited,
        created_by=created_by,
        **header,
    )


@transaction.atomic
def meeting_prepare(
    *,
    attendees: list[User],
    first: int,
    last: int,
    school_rows: bool = True,
    measures: list[Measure] | None = None,
    staff: list[User] | None = None,
    **header,
) -> PreparedMeeting:
    """A meeting (``header``: what ``meeting_start`` takes) with its agenda filled from the roadmap and one
    row per school for the share table, at once (the demo, the tests, a command). The page that prepares a
    meeting writes only its header and leaves the rest to a report job (``reports.jobs``;
    ``meeting_agenda_build``).

    ``school_rows=False`` leaves the school table to ``meeting_school_rows_build`` and the item on the
    effect of targeted measures to ``agenda_effect_add``. ``measures`` (the roadmap's rows in document
    order) and ``staff`` (``municipality_staff``), when the caller has read them, are not read again."""
    meeting = meeting_start(**header)
    # A new meeting has no attendees yet: add() inserts them at once, set() would read them first.
    meeting.attendees.add(*attendees)
    items = agenda_fill(
        meeting=meeting,
        measures=agenda_measures(
            roadmap=meeting.roadmap,
            meeting_measure=meeting.measure,
            first=first,
            last=last,
            measures=measures,
        ),
        staff=municipality_staff(meeting.municipality_id) if staff is None else staff,
        effect=school_rows,
    )
    if school_rows:
        meeting_school_rows_build(meeting=meeting)
    return PreparedMeeting(meeting=meeting, agenda_items=items)


@dataclass(frozen=True)
class AgendaOrder:
    """What the head asked of a new meeting's agenda and attendees, kept in its report job's parameters
    (ids and numbers only) until the job builds them: ``meeting_agenda_build``."""

    first: int
    last: int
    attendees: list[int]
    all_school_heads: bool

    def as_params(self) -> dict:
        return {
            "first": self.first,
            "last": self.last,
            "attendees": self.attendees,
            "all_school_heads": self.all_school_heads,
        }

    @classmethod
    def from_params(cls, params: dict) -> AgendaOrder:
        return cls(
            first=int(params["first"]),
            last=int(params["last"]),
            attendees=[int(pk) for pk in params.get("attendees", [])],
            all_school_heads=bool(params.get("all_school_heads")),
        )


def meeting_agenda_build(*, meeting: Meeting, order: AgendaOrder) -> int:
    """The attendees and the agenda of a meeting whose header the page wrote: the items of the plan from
    ``order.first`` to ``order.last``, the speakers looked up in the municipality's people, every school
    head when the head said all of them came. The people are those of the meeting's municipality as they
    are now: one who left it since the form was sent is not added. A meeting that has an agenda already
    (the job run again) is left as it is. Returns how many items the agenda has."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        present = locked.items.count()
        if present:
            return present
        staff = municipality_staff(meeting.municipality_id)
        wanted = set(order.attendees)
        attendees = [
            p for p in staff if p.pk in wanted or (order.all_school_heads and p.role == User.Role.SCHOOL_HEAD)
        ]
        meeting.attendees.add(*attendees)
        return agenda_fill(
            meeting=meeting,
            measures=agenda_measures(
                roadmap=meeting.roadmap, meeting_measure=meeting.measure, first=order.first, last=order.last
            ),
            staff=staff,
            effect=False,  # the job adds it next (agenda_effect_add): it reads a whole year of ВПР
        )


def meeting_school_rows_build(*, meeting: Meeting, on_progress=lambda percent: None) -> int:
    """One row per school of the roadmap (the missing ones), then their figures from the medal data.
    Run again after an interrupted job, it adds only what is missing and fills the figures anew."""
    with transaction.atomic():
        present = set(meeting.school_rows.values_list("school_id", flat=True))
        MeetingSchoolRow.objects.bulk_create(
            [
                MeetingSchoolRow(meeting=meeting, school=school)
                for school in meeting_schools(roadmap=meeting.roadmap)
                if school.pk not in present
            ],
            batch_size=1000,
        )
    on_progress(30)
    count = meeting_rows_prefill(meeting=meeting)
    on_progress(95)
    return count


def meeting_rows_prefill(*, meeting: Meeting) -> int:
    """Take graduates, candidates and candidates at risk of every school from the medal data of the
    meeting's year and recompute the share; the corrected share and notes the meeting decided stay."""
    rows = list(meeting.school_rows.all())
    indicators = school_medal_indicators(school_ids=[row.school_id for row in rows], year=meeting.year)
    for row in rows:
        found = indicators[row.school_id]
        row.graduates = found.graduates
        row.candidates = found.candidates
        row.candidates_at_risk = found.candidates_at_risk
        row.share = share_percent(candidates=found.candidates, graduates=found.graduates)
    MeetingSchoolRow.objects.bulk_update(
        rows, ["graduates", "candidates", "candidates_at_risk", "share"], batch_size=1000
    )
    return len(rows)


def agenda_fill(*, meeting: Meeting, measures: list[Measure], staff: list[User], effect: bool = True) -> int:
    """Give a new meeting its agenda: one item per measure, the item on the effect of targeted measures
    (when there were any; left to ``agenda_effect_add`` when ``effect`` is False) and the closing item on
    the share of candidates. Returns how many items. ``staff`` is whom the speakers are looked up in
    (``municipality_staff``)."""
    items = [
        MeetingAgendaItem(
            meeting=meeting,
            order=index,
            measure=measure,
            title=f"Об исполнении пункта {measure.number.rstrip('.')} плана: {measure.title.strip()}",
            # «Зав.ИМЦ» in the plan is «Мусаева З.А., заведующая ИМЦ» when the staff list has her.
            speaker=speaker_named(default_speaker(measure), staff)[:255],
            decided=ITEM_DECISION,
        )
        for index, measure in enumerate(measures, start=1)
    ]
    if effect and (found := meeting_effect_item(meeting=meeting)) is not None:
        items.append(
            MeetingAgendaItem(
                meeting=meeting,
                order=len(items) + 1,
                title=found.title,
                heard=found.heard,
                decided=found.decided,
            )
        )
    items.append(
        MeetingAgendaItem(
            meeting=meeting,
            order=len(items) + 1,
            measure=meeting.measure,
            title=SHARE_ITEM_TITLE,
            decided=SHARE_ITEM_DECISION,
            shows_school_table=True,
        )
    )
    MeetingAgendaItem.objects.bulk_create(items)
    return len(items)


def agenda_effect_add(*, meeting: Meeting) -> bool:
    """The item on the effect of targeted measures, put before the closing item on the share of candidates
    (which moves one down), when there were such measures and the meeting has no such item yet: the report
    job of the meeting's preparation adds it, and run again it adds nothing. True when added."""
    with transaction.atomic():
        items = list(meeting.items.select_for_update().order_by("order", "pk"))
        if any(item.title == EFFECT_ITEM_TITLE for item in items):
            return False
        found = meeting_effect_item(meeting=meeting)
        if found is None:
            return False
        closing = next((item for item in items if item.shows_school_table), None)
        order = closing.order if closing is not None else len(items) + 1
        moved = [item for item in items if item.order >= order]
        for item in moved:
            item.order += 1
        MeetingAgendaItem.objects.bulk_update(moved, ["order"])
        MeetingAgendaItem.objects.create(
            meeting=meeting, order=order, title=found.title, heard=found.heard, decided=found.decided
        )
    return True


def share_percent(*, candidates: int | None, graduates: int | None) -> Decimal | None:
    """The share of medal candidates among graduates, in percent with one decimal."""
    if candidates is None or not graduates:
        return None
    return (Decimal(100) * candidates / graduates).quantize(Decimal("0.1"))


def meeting_row_update(
    *,
    row: MeetingSchoolRow,
    graduates: int | None,
    candidates: int | None,
    candidates_at_risk: int | None,
    corrected_share: Decimal | None,
    note: str = "",
) -> MeetingSchoolRow:
    row.graduates = graduates
    row.candidates = candidates
    row.candidates_at_risk = candidates_at_risk
    row.corrected_share = corrected_share
    row.note = note
    row.share = share_percent(candidates=candidates, graduates=graduates)
    row.save(
        update_fields=["graduates", "candidates", "candidates_at_risk", "corrected_share", "note", "share"]
    )
    return row


@dataclass
class ItemStatus:
    """How the schools stood on one agenda item on the meeting date."""

    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_required: int = 0
    overdue: int = 0
    done_late: int = 0
    overdue_schools: list[str] = field(default_factory=list)
    department: str = ""

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started + self.not_required + self.overdue

    @property
    def overdue_more(self) -> int:
        return self.overdue - len(self.overdue_schools)

    @property
    def line(self) -> str:
        if self.department:
            return f"Исполнение Управлением образования: {self.department}."
        if not self.total:
            return ""
        parts = [f"выполнено — {self.done} ОО из {self.total}"]
        if self.done_late:
            parts[0] += f" (из них с опозданием — {self.done_late})"
        for label, value in (
            ("в работе", self.in_progress),
            ("не начато", self.not_started),
            ("просрочено", self.overdue),
            ("не требуется", self.not_required),
        ):
            if value:
                parts.append(f"{label} — {value}")
        return "Исполнение: " + "; ".join(parts) + "."


def agenda_status(*, measure_ids: list[int], as_of: date) -> dict[int, ItemStatus]:
    """Counts by status for each measure as of a date («просрочено» derived from it), in two queries."""
    result: dict[int, ItemStatus] = defaultdict(ItemStatus)
    overdue = overdue_q(as_of)
    rows = (
        Progress.objects.filter(obligations_q(), measure_id__in=measure_ids, school__isnull=False)
        .values("measure_id")
        .annotate(
            done=Count("pk", filter=Q(status=ProgressStatus.DONE)),
            done_late=Count(
                "pk", filter=Q(status=ProgressStatus.DONE, done_on__gt=F("measure__deadline_end"))
            ),
            in_progress=Count("pk", filter=Q(status=ProgressStatus.IN_PROGRESS) & ~overdue),
            not_started=Count("pk", filter=Q(status=ProgressStatus.NOT_STARTED) & ~overdue),
            not_required=Count("pk", filter=Q(status=ProgressStatus.NOT_REQUIRED)),
            overdue=Count("pk", filter=overdue),
        )
    )
    for row in rows:
        status = result[row.pop("measure_id")]
        for key, value in row.items():
            setattr(status, key, value)
    names = (
        Progress.objects.filter(overdue, measure_id__in=measure_ids, school__isnull=False)
        .order_by("measure_id", "school__short_name")
        .values_list("measure_id", "school__short_name")
    )
    for measure_id, name in names:
        shown = result[measure_id].overdue_schools
        if len(shown) < OVERDUE_NAMES_SHOWN:
            shown.append(name)
    department_rows = Progress.objects.filter(
        obligations_q(), measure_id__in=measure_ids, school__isnull=True
    ).select_related("measure", "measure__roadmap")
    for progress in department_rows:
        result[progress.measure_id].department = display_status(progress, as_of)[1]
    return dict(result)
