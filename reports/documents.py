"""What each printed document contains, read from the database (building by KIND: builders.py).

The renderers in ``pdf.py``, ``xlsx.py`` and ``word.py`` take these plain data objects and return bytes; the
functions here do the reading in a fixed, small number of queries so that the time goes to
WeasyPrint and openpyxl, not to the database or the templates.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from roadmaps.models import Progress, Roadmap
from roadmaps.progress import DONE_LATE, OVERDUE, days_late, deadline_missed, execution_lines
from schools.grades import with_grade_q
from schools.models import School, User
from schools.templatetags.ru import format_ru_date

from .meetings import agenda_status
from .models import Meeting
from .wording import (
    join_sentences,
    municipality_staff,
    person_line,
    position_of,
    sentence,
    speaker_named,
    without_stop,
)

ProgressCallback = Callable[[int], None]
ATTENDEES_LISTED_INLINE = 15
DEPARTMENT_COLUMN = "УО"


class ReportError(Exception):
    """A report cannot be built; the message is shown to the person as it is."""


@dataclass(frozen=True)
class BuiltFile:
    filename: str
    content_type: str
    content: bytes
    pupils: int = 0  # how many pupils the file names, for the personal-data log (audit.exports)
    what: str = ""  # what the log calls it, when not the kind of report (a list's own name)


def _ignore_progress(percent: int) -> None:
    return None


def name_for_signature(user: User | None) -> str:
    """«А.О. Абулашова»: initials before the surname, as under a signature (ГОСТ Р 7.0.97-2016)."""
    if user is None:
        return ""
    initials = "".join(f"{part[0]}." for part in (user.first_name, user.middle_name) if part)
    return f"{initials} {user.last_name}".strip()


# --- the protocol ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProtocolItem:
    """One question of the meeting with every text already put together (the PDF and the .docx print
    these strings as they are, so both read the same)."""

    number: int
    title: str  # «Об исполнении пункта 1 плана: …» without its final stop
    speaker: str  # «Мусаева З.А., заведующая ИМЦ» or the position as the plan writes it
    heard: str  # «Мусаева З.А., заведующая ИМЦ — Об исполнении …. Доклад.»
    status_line: str
    overdue_schools: list[str]
    overdue_more: int
    spoke: list[str]
    decided: list[str]  # «1.1. Информацию принять к сведению.»
    shows_school_table: bool
    table_note: str = ""

    @property
    def agenda_line(self) -> str:
        return sentence(self.title)

    @property
    def speaker_line(self) -> str:
        return sentence(f"Докладчик: {self.speaker}") if self.speaker else ""

    @property
    def status_text(self) -> str:
        parts = [self.status_line]
        if self.overdue_schools:
            more = f" и ещё {self.overdue_more} ОО" if self.overdue_more else ""
            parts.append(f"Не выполнили в срок: {', '.join(self.overdue_schools)}{more}")
        return join_sentences(parts)


@dataclass(frozen=True)
class ProtocolRow:
    number: int
    school: str
    graduates: int | None
    candidates: int | None
    share: Decimal | None
    candidates_at_risk: int | None
    corrected_share: Decimal | None
    note: str


@dataclass
class ProtocolDocument:
    department: str
    title: str
    date: date
    number: str
    place: str
    chair: str
    chair_position: str
    secretary: str
    attendees: list[str]
    invited: list[str]
    items: list[ProtocolItem]
    rows: list[ProtocolRow]
    year: int
    totals: ProtocolRow | None = None

    @property
    def attendees_inline(self) -> bool:
        return len(self.attendees) + len(self.invited) <= ATTENDEES_LISTED_INLINE

    @property
    def attendees_total(self) -> int:
        return len(self.attendees) + len(self.invited)

    @property
    def date_text(self) -> str:
        return format_ru_date(self.date)

    @property
    def chair_line(self) -> str:
        chair = self.chair or "не указан"
        return f"{chair}, {self.chair_position}" if self.chair and self.chair_position else chair

    @property
    def secretary_line(self) -> str:
        return self.secretary or "не указан"

    @property
    def attendees_text(self) -> str:
        """After «Присутствовали:»: the people one by one, or their number with the list appended."""
        if not self.attendees_inline:
            return f"{self.attendees_total} чел. (список прилагается)."
        people = [without_stop(line) for line in (*self.attendees, *self.invited)]
        return sentence("; ".join(people)) if people else "список не заполнен."

    @property
    def appendix_number(self) -> str:
        return "" if self.attendees_inline else " 2"

    @property
    def reference(self) -> str:
        return f"к протоколу от {self.date:%d.%m.%Y} № {self.number}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def protocol_document(*, meeting: Meeting) -> ProtocolDocument:
    items = list(meeting.items.select_related("measure").order_by("order", "pk"))
    status = agenda_status(
        measure_ids=[i.measure_id for i in items if i.measure_id and not i.shows_school_table],
        as_of=meeting.date,
    )
    staff = municipality_staff(meeting.municipality_id)
    protocol_items = []
    for item in items:
        item_status = status.get(item.measure_id) if not item.shows_school_table else None
        speaker = speaker_named(item.speaker, staff) if item.speaker else ""
        title = without_stop(item.title)
        protocol_items.append(
            ProtocolItem(
                number=item.order,
                title=title,
                speaker=speaker,
                heard=join_sentences([f"{speaker} — {title}" if speaker else title, item.heard]),
                status_line=item_status.line if item_status else "",
                overdue_schools=item_status.overdue_schools if item_status else [],
                overdue_more=item_status.overdue_more if item_status else 0,
                spoke=[sentence(line) for line in _lines(item.spoke)],
                decided=[
                    f"{item.order}.{index}. {sentence(line)}"
                    for index, line in enumerate(_lines(item.decided), start=1)
                ],
                shows_school_table=item.shows_school_table,
                table_note=(
                    f"Показатели доли претендентов на медаль по каждой ОО (выпуск {meeting.year} г.) "
                    "приведены в приложении к протоколу."
                    if item.shows_school_table
                    else ""
                ),
            )
        )
    school_rows = (
        meeting.school_rows.filter(with_grade_q(11, "school__"))  # an ООШ has no graduates of grade 11
        .select_related("school")
        .order_by("school__short_name")
    )
    rows = [
        ProtocolRow(
            number=index,
            school=row.school.short_name,
            graduates=row.graduates,
            candidates=row.candidates,
            share=row.share,
            candidates_at_risk=row.candidates_at_risk,
            corrected_share=row.corrected_share,
            note=row.note,
        )
        for index, row in enumerate(school_rows, start=1)
    ]
    officers = {pk for pk in (meeting.chair_id, meeting.secretary_id) if pk}
    attendees = [
        person_line(user)
        for user in meeting.attendees.select_related("school").order_by("last_name", "first_name")
        if user.pk not in officers  # the chair and the secretary are named once, above
    ]
    named = {without_stop(line) for line in attendees}
    invited = [line for line in _lines(meeting.invited) if without_stop(line) not in named]
    return ProtocolDocument(
        department=meeting.municipality.department_name,
        title=without_stop(meeting.title),
        date=meeting.date,
        number=meeting.number,
        place=meeting.place,
        chair=name_for_signature(meeting.chair),
        chair_position=position_of(meeting.chair) if meeting.chair else "",
        secretary=name_for_signature(meeting.secretary),
        attendees=attendees,
        invited=list(dict.fromkeys(invited)),
        items=protocol_items,
        rows=rows,
        year=meeting.year,
        totals=_protocol_totals(rows),
    )


def _protocol_totals(rows: list[ProtocolRow]) -> ProtocolRow | None:
    """«Итого по муниципалитету»: sums, the share of the sums, and the corrected share over all graduates
    (a school whose share was not corrected counts with its own share)."""
    if not rows:
        return None

    def total(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    graduates = total([r.graduates for r in rows])
    candidates = total([r.candidates for r in rows])
    share = None
    if graduates and candidates is not None:
        share = (Decimal(100) * candidates / graduates).quantize(Decimal("0.1"))
    corrected = None
    if any(r.corrected_share is not None for r in rows):
        weighted = [
            (r.corrected_share if r.corrected_share is not None else r.share, r.graduates)
            for r in rows
            if r.graduates and (r.corrected_share is not None or r.share is not None)
        ]
        weight = sum(g for _, g in weighted)
        if weight:
            corrected = (sum(value * g for value, g in weighted) / weight).quantize(Decimal("0.1"))
    return ProtocolRow(
        number=0,
        school="Итого по муниципалитету",
        graduates=graduates,
        candidates=candidates,
        share=share,
        candidates_at_risk=total([r.candidates_at_risk for r in rows]),
        corrected_share=corrected,
        note="",
    )


# --- the roadmap as an order's appendix -------------------------------------------------------------


@dataclass(frozen=True)
class RoadmapRow:
    is_section: bool
    number: str
    title: str
    form: str = ""
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    execution: str = ""


@dataclass
class RoadmapDocument:
    department: str
    title: str
    approval: list[str]
    rows: list[RoadmapRow] = field(default_factory=list)


def roadmap_approval_lines(roadmap: Roadmap) -> list[str]:
    """The block top right: the order it is an appendix to, who approved it, or «ПРОЕКТ»."""
    department = roadmap.municipality.department_name
    if roadmap.order_number or roadmap.order_date:
        lines = ["Приложение", f"к приказу {department}"]
        date_part = f"от {format_ru_date(roadmap.order_date)}" if roadmap.order_date else ""
        number_part = f"№ {roadmap.order_number}" if roadmap.order_number else ""
        lines.append(" ".join(part for part in (date_part, number_part) if part))
        return lines
    if roadmap.approved_by:
        return ["УТВЕРЖДАЮ", roadmap.approved_by]
    return ["ПРОЕКТ"]


def roadmap_document(*, roadmap: Roadmap, as_of: date | None = None) -> RoadmapDocument:
    as_of = as_of or timezone.localdate(timezone=zoneinfo.ZoneInfo(roadmap.municipality.timezone))
    execution = execution_lines(roadmap=roadmap, today=as_of)
    document = RoadmapDocument(
        department=roadmap.municipality.department_name,
        title=roadmap.title,
        approval=roadmap_approval_lines(roadmap),
    )
    current_section = None
    for measure in roadmap.measures.select_related("section").order_by("order", "pk"):
        if measure.section_id != current_section:
            current_section = measure.section_id
            if measure.section is not None and (measure.section.title or measure.section.number):
                document.rows.append(
                    RoadmapRow(is_section=True, number=measure.section.number, title=measure.section.title)
                )
        document.rows.append(
            RoadmapRow(
                is_section=False,
                number=measure.number,
                title=measure.title,
                form=measure.form,
                deadline=measure.deadline_text,
                responsible=measure.responsible_text,
                result=measure.expected_result,
                execution=execution.get(measure.pk, ""),
            )
        )
    return document


# --- the execution matrix ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixMeasure:
    number: str
    title: str
    deadline_text: str
    deadline: date | None
    percent_done: int | None
    cells: list[str]  # a status code per column, "" where the column does not execute the measure


@dataclass
class MatrixDocument:
    title: str
    as_of: date
    columns: list[str]
    measures: list[MatrixMeasure]


def matrix_status(
    *, status: str, deadline: date | None, as_of: date, roadmap_status: str, done_on: date | None = None
) -> str:
    """The status a cell shows: the stored one, «overdue» once the deadline has passed, or
    «done_late:N» for a row done N days after its deadline."""
    if deadline_missed(status=status, deadline=deadline, today=as_of, roadmap_status=roadmap_status):
        return OVERDUE
    if late := days_late(status=status, done_on=done_on, deadline=deadline):
        return f"{DONE_LATE}:{late}"
    return status


def progress_matrix(*, roadmap: Roadmap, schools: QuerySet[School], as_of: date) -> MatrixDocument:
    """Measures down, schools across; three queries whatever the size."""
    school_list = list(schools.order_by("short_name").values_list("pk", "short_name"))
    measures = list(
        roadmap.measures.order_by("order", "pk").values_list(
            "pk", "number", "title", "deadline_text", "deadline_end"
        )
    )
    cells: dict[tuple[int, int | None], tuple[str, date | None]] = {}
    allowed = {pk for pk, _ in school_list}
    has_department = False
    for measure_id, school_id, status, done_on in Progress.objects.filter(
        measure__roadmap=roadmap
    ).values_list("measure_id", "school_id", "status", "done_on"):
        if school_id is None:
            has_department = True
        elif school_id not in allowed:
            continue
        cells[(measure_id, school_id)] = (status, done_on)
    column_ids: list[int | None] = [pk for pk, _ in school_list]
    columns = [name for _, name in school_list]
    if has_department:
        column_ids.insert(0, None)
        columns.insert(0, DEPARTMENT_COLUMN)
    rows = []
    for measure_id, number, title, deadline_text, deadline in measures:
        codes = [
            matrix_status(
                status=cells[(measure_id, column)][0],
                done_on=cells[(measure_id, column)][1],
                deadline=deadline,
                as_of=as_of,
                roadmap_status=roadmap.status,
            )
            if (measure_id, column) in cells
            else ""
            for column in column_ids
        ]
        counted = [code for code in codes if code and code != "not_required"]
        done = sum(1 for code in counted if code == "done" or code.startswith(DONE_LATE))
        percent = round(100 * done / len(counted)) if counted else None
        rows.append(MatrixMeasure(number, title, deadline_text, deadline, percent, codes))
    return MatrixDocument(title=roadmap.title, as_of=as_of, columns=columns, measures=rows)
