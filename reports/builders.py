"""Building a document by its KIND: read it (documents.py, mock_exam_document.py), render it (pdf.py,
xlsx.py, word.py), name the file. The renderers depend on the documents, never back; this module on both.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from assessments.models import MockExamSchedule, VprTest
from assessments.objectivity import objectivity_rows
from common.xlsx import school_column_omitted
from medals.access import candidates_visible
from medals.lists import CANDIDATES
from medals.models import Candidate
from medals.risks import candidate_assessments
from roadmaps.models import Roadmap
from schools.access import may_open, schools_visible
from schools.models import Municipality, School, User

from .access import meetings_visible, roadmaps_for_reports
from .documents import (
    BuiltFile,
    ProgressCallback,
    ReportError,
    _ignore_progress,
    progress_matrix,
    protocol_document,
    roadmap_document,
)
from .file_names import progress_file_name, protocol_file_name, roadmap_file_name
from .list_exports import build_list_export
from .mock_exam_document import mock_exams_document
from .models import Meeting, ReportJob
from .pdf import mock_exams_pdf, protocol_pdf, roadmap_pdf
from .word import mock_exams_docx, protocol_docx, roadmap_docx
from .xlsx import objectivity_xlsx, progress_matrix_xlsx

ATTENDEES_LISTED_INLINE = 15
DEPARTMENT_COLUMN = "УО"


# --- building by KIND --------------------------------------------------------------------------------


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


Builder = Callable[[dict, User | None, ProgressCallback], BuiltFile]


def _document_builders(
    fetch: Callable[[dict, User | None], Any],
    key: str,
    compose: Callable[..., Any],
    file_name: Callable[[Any, str], str],
    renders: tuple[Callable[..., bytes], Callable[..., bytes]],
) -> tuple[Builder, Builder]:
    """The PDF and the Word builder of one document: fetch the object the user may see, compose its
    document once (``compose(key=object)``), render it (``renders``: PDF, Word); every printable document
    (protocol, roadmap, mock exams) is built this way."""

    def builder(extension: str, mime: str, render: Callable[..., bytes]) -> Builder:
        def build(params: dict, owner: User | None, on_progress: ProgressCallback) -> BuiltFile:
            found = fetch(params, owner)
            document = compose(**{key: found})
            on_progress(20)
            return BuiltFile(file_name(found, extension), mime, render(document=document))

        return build

    pdf, docx = renders
    return builder("pdf", PDF, pdf), builder("docx", DOCX, docx)


_build_protocol, _build_protocol_docx = _document_builders(
    _meeting, "meeting", protocol_document, protocol_file_name, (protocol_pdf, protocol_docx)
)
_build_roadmap, _build_roadmap_docx = _document_builders(
    _roadmap, "roadmap", roadmap_document, roadmap_file_name, (roadmap_pdf, roadmap_docx)
)


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


def _mock_file_name(schedule: MockExamSchedule, extension: str) -> str:
    year = schedule.period_start.year
    return f"Пробные экзамены {year}-{year + 1}.{extension}"


_build_mock_exams, _build_mock_exams_docx = _document_builders(
    mock_schedule_for, "schedule", mock_exams_document, _mock_file_name, (mock_exams_pdf, mock_exams_docx)
)


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


BUILDERS: dict[str, Builder] = {
    ReportJob.Kind.PROTOCOL_PDF: _build_protocol,
    ReportJob.Kind.PROTOCOL_DOCX: _build_protocol_docx,
    ReportJob.Kind.ROADMAP_PDF: _build_roadmap,
    ReportJob.Kind.ROADMAP_DOCX: _build_roadmap_docx,
    ReportJob.Kind.PROGRESS_XLSX: _build_progress,
    ReportJob.Kind.MOCK_EXAMS_PDF: _build_mock_exams,
    ReportJob.Kind.MOCK_EXAMS_DOCX: _build_mock_exams_docx,
    ReportJob.Kind.CANDIDATES_XLSX: _build_candidates,
    ReportJob.Kind.OBJECTIVITY_XLSX: _build_objectivity,
    ReportJob.Kind.LIST_XLSX: build_list_export,
}


def build_document(
    *, kind: str, params: dict, owner: User | None, on_progress: ProgressCallback = _ignore_progress
) -> BuiltFile:
    """Build one document; ``owner`` limits the data to what that person may see (the command passes None)."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ReportError(f"Неизвестный вид отчёта «{kind}». Доступны: {', '.join(BUILDERS)}.")
    return builder(params, owner, on_progress)
