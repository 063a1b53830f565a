"""What each printed document contains, read from the database, and the builders by KIND.

The builders in ``pdf.py`` and ``xlsx.py`` take these plain data objects and return bytes; the
functions here do the reading in a fixed, small number of queries so that the time goes to
WeasyPrint and openpyxl, not to the database or the templates.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from assessments.appendix_import import is_commission_appendix
from assessments.mock_exams import mock_exam_schedule
from assessments.models import MockExamSchedule, VprTest
from assessments.objectivity import objectivity_rows
from common.xlsx import school_column_omitted
from medals.access import candidates_visible
from medals.lists import CANDIDATES
from medals.models import Candidate
from medals.risks import candidate_assessments
from roadmaps.models import Progress, Roadmap
from roadmaps.progress import DONE_LATE, OVERDUE, days_late, deadline_missed, execution_lines
from schools.access import may_open, schools_visible
from schools.grades import with_grade_q
from schools.models import Municipality, School, User
from schools.templatetags.ru import format_ru_date

from .access import meetings_visible, roadmaps_for_reports
from .file_names import progress_file_name, protocol_file_name, roadmap_file_name
from .meetings import agenda_status
from .models import Meeting, ReportJob
from .pdf import mock_exams_pdf, protocol_pdf, roadmap_pdf
from .word import mock_exams_docx, protocol_docx, roadmap_docx
from .wording import (
    join_sentences,
    municipality_staff,
    person_line,
    position_of,
    sentence,
    short_name,
    speaker_named,
    without_stop,
)
from .xlsx import objectivity_xlsx, progress_matrix_xlsx

ProgressCallback = Callable[[int], None]
ATTENDEES_LISTED_INLINE = 15
DEPARTMENT_COLUMN = "УО"


class ReportError(Exception):
    """A report cannot be built; the message is shown to the person as it is."""


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


# --- building by KIND --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltFile:
    filename: str
    content_type: str
    content: bytes
    pupils: int = 0  # how many pupils the file names, for the personal-data log (audit.exports)


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _object_id(params: dict, key: str) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ReportError(f"Параметр «{key}» должен быть числом, получено «{value}».") from exc


def _meeting(params: dict, owner: User | None) -> Meeting:
    meetings = meetings_visible(owner) if owner is not None else Meeting.objects.all()
    meetings = meetings.select_related("municipality", "chair", "secretary")
    pk = _object_id(params, "meeting")
    meeting = meetings.filter(pk=pk).first() if pk else meetings.order_by("-date", "-pk").first()
    if meeting is None:
        raise ReportError(f"Совещание № {pk} не найдено или недоступно." if pk else "Совещаний пока нет.")
    return meeting


def _roadmap(params: dict, owner: User | None) -> Roadmap:
    roadmaps = (
        roadmaps_for_reports(owner) if owner is not None else Roadmap.objects.select_related("municipality")
    )
    pk = _object_id(params, "roadmap")
    if pk:
        roadmap = roadmaps.filter(pk=pk).first()
    else:
        roadmap = roadmaps.exclude(status=Roadmap.Status.ARCHIVED).order_by("-period_start", "-pk").first()
    if roadmap is None:
        raise ReportError(
            f"Дорожная карта № {pk} не найдена или недоступна." if pk else "Дорожных карт пока нет."
        )
    return roadmap


def _build_protocol(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    meeting = _meeting(params, owner)
    document = protocol_document(meeting=meeting)
    on_progress(20)
    content = protocol_pdf(document=document)
    return BuiltFile(protocol_file_name(meeting, "pdf"), PDF, content)


def _build_protocol_docx(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    meeting = _meeting(params, owner)
    document = protocol_document(meeting=meeting)
    on_progress(20)
    return BuiltFile(protocol_file_name(meeting, "docx"), DOCX, protocol_docx(document=document))


def _build_roadmap(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    roadmap = _roadmap(params, owner)
    document = roadmap_document(roadmap=roadmap)
    on_progress(20)
    return BuiltFile(roadmap_file_name(roadmap, "pdf"), PDF, roadmap_pdf(document=document))


def _build_roadmap_docx(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    roadmap = _roadmap(params, owner)
    document = roadmap_document(roadmap=roadmap)
    on_progress(20)
    return BuiltFile(roadmap_file_name(roadmap, "docx"), DOCX, roadmap_docx(document=document))


def _build_progress(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    roadmap = _roadmap(params, owner)
    if roadmap.school_id:
        schools = School.objects.filter(pk=roadmap.school_id)
    else:
        schools = School.objects.filter(municipality=roadmap.municipality_id, is_active=True)
    if owner is not None:
        schools = schools.filter(pk__in=schools_visible(owner))
    as_of = timezone.localdate(timezone=zoneinfo.ZoneInfo(roadmap.municipality.timezone))
    document = progress_matrix(roadmap=roadmap, schools=schools, as_of=as_of)
    on_progress(20)
    content = progress_matrix_xlsx(
        document=document, on_progress=lambda share: on_progress(20 + round(75 * share))
    )
    return BuiltFile(progress_file_name(roadmap, as_of), XLSX, content)


def _municipality(owner: User | None) -> Municipality:
    if owner is not None and owner.municipality_id:
        return owner.municipality
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        raise ReportError("Муниципалитетов пока нет.")
    return municipality


def _require_section(owner: User | None, section: str, what: str) -> None:
    if owner is not None and not may_open(owner, section):
        raise ReportError(f"{what} недоступен для вашей роли.")


def _year(params: dict, latest: int | None, what: str) -> int:
    year = _object_id(params, "year") or latest
    if year is None:
        raise ReportError(f"{what}: данных пока нет.")
    return year


def mock_schedule_for(params: dict, owner: User | None) -> MockExamSchedule:
    """The schedule a mock-exam document prints: the one asked for («schedule»), the one built from the
    roadmap's own appendix («roadmap»), else the latest one with exams of the school year («year»)."""
    _require_section(owner, "assessments", "График пробных экзаменов")
    municipality = _municipality(owner)
    schedules = (
        MockExamSchedule.objects.filter(municipality=municipality)
        .select_related("municipality", "source_appendix__roadmap")
        .order_by("-period_start", "-pk")
    )
    pk = _object_id(params, "schedule")
    if pk:
        schedule = schedules.filter(pk=pk).first()
        if schedule is None:
            raise ReportError(f"График пробных экзаменов № {pk} не найден или недоступен.")
        return schedule
    roadmap_pk = _object_id(params, "roadmap")
    if roadmap_pk and (own := schedules.filter(source_appendix__roadmap=roadmap_pk).first()):
        return own
    with_exams = schedules.filter(exams__isnull=False).distinct()
    latest = schedules.first()
    year = _year(params, latest.period_start.year if latest else None, "График пробных экзаменов")
    schedule = with_exams.filter(period_start__year=year).first()
    if schedule is None:
        raise ReportError(f"В графике пробных экзаменов на {year}-{year + 1} учебный год нет экзаменов.")
    return schedule


def _mock_exams_file_name(schedule: MockExamSchedule, extension: str) -> str:
    year = schedule.period_start.year
    return f"Пробные экзамены {year}-{year + 1}.{extension}"


def _build_mock_exams(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    schedule = mock_schedule_for(params, owner)
    document = mock_exams_document(schedule=schedule)
    on_progress(20)
    return BuiltFile(_mock_exams_file_name(schedule, "pdf"), PDF, mock_exams_pdf(document=document))


def _build_mock_exams_docx(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    schedule = mock_schedule_for(params, owner)
    document = mock_exams_document(schedule=schedule)
    on_progress(20)
    return BuiltFile(_mock_exams_file_name(schedule, "docx"), DOCX, mock_exams_docx(document=document))


def _build_candidates(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    _require_section(owner, "medals", "Реестр претендентов на медаль")
    candidates = candidates_visible(owner) if owner is not None else Candidate.objects.all()
    candidates = candidates.filter(is_active=True)
    latest = candidates.order_by("-graduation_year").values_list("graduation_year", flat=True).first()
    year = _year(params, latest, "Реестр претендентов на медаль")
    chosen = list(
        candidates.filter(graduation_year=year)
        .select_related("pupil", "school", "previous_school")
        .order_by("school__short_name", "pupil__last_name", "pupil__first_name")
    )
    on_progress(20)
    assessed = candidate_assessments(candidates=chosen)
    content = CANDIDATES.xlsx([(c, assessed[c.pk]) for c in chosen])
    return BuiltFile(
        f"Претенденты на медаль {year}.xlsx", XLSX, content, pupils=len({c.pupil_id for c in chosen})
    )


def _build_objectivity(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
    _require_section(owner, "assessments", "Анализ объективности ВПР")
    municipality = _municipality(owner)
    latest = (
        VprTest.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    year = _year(params, latest, "Анализ объективности ВПР")
    rows = objectivity_rows(municipality=municipality, year=year)
    if owner is not None:
        visible = set(schools_visible(owner).values_list("pk", flat=True))
        rows = [row for row in rows if row.school.pk in visible]
    on_progress(40)
    content = objectivity_xlsx(rows=rows, year=year, omit=school_column_omitted(owner))
    return BuiltFile(f"Объективность ВПР {year}.xlsx", XLSX, content)


BUILDERS: dict[str, Callable[[dict, User | None, ProgressCallback], BuiltFile]] = {
    ReportJob.Kind.PROTOCOL_PDF: _build_protocol,
    ReportJob.Kind.PROTOCOL_DOCX: _build_protocol_docx,
    ReportJob.Kind.ROADMAP_PDF: _build_roadmap,
    ReportJob.Kind.ROADMAP_DOCX: _build_roadmap_docx,
    ReportJob.Kind.PROGRESS_XLSX: _build_progress,
    ReportJob.Kind.MOCK_EXAMS_PDF: _build_mock_exams,
    ReportJob.Kind.MOCK_EXAMS_DOCX: _build_mock_exams_docx,
    ReportJob.Kind.CANDIDATES_XLSX: _build_candidates,
    ReportJob.Kind.OBJECTIVITY_XLSX: _build_objectivity,
}


def build_document(
    *, kind: str, params: dict, owner: User | None, on_progress: ProgressCallback = _ignore_progress
) -> BuiltFile:
    """Build one document; ``owner`` limits the data to what that person may see (the command passes None)."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ReportError(f"Неизвестный вид отчёта «{kind}». Доступны: {', '.join(BUILDERS)}.")
    return builder(params, owner, on_progress)
