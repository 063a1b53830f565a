"""The ВПР dates schools chose, imported from a list: one row per school, subject, class and date.

Schools and the region write such lists their own way: «Логин ОО», «Код ОО» and/or «Наименование ОО»,
«Предмет», «Класс», «Дата» (ДД.ММ.ГГГГ or an Excel date), in any order, under a title, with columns of
their own that are not read. A school is found by its ФИС ОКО login, its code, or its name as the official
list finds it (``flag_list.school_by_login_or_name``); the subject through the subjects' spellings; the
procedure is the municipality's ВПР of that subject and class with a federal window in the date's year. Each
date is checked by the per-school form's own rule (``vpr_dates.school_day_problem``). A file with any error
saves nothing; a date a school already has is kept as it is. Dates are added, never removed: a date taken
off is removed on the school's page, where an observer booked for it is seen.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from common.imports import (
    Column,
    Issue,
    MissingColumns,
    TableError,
    cell_date,
    column_letter,
    find_header,
    no_rows_message,
    read_table,
)
from common.uploads import confirm_waiting
from schools.models import Municipality, School, User

from .flag_list import LOGIN_LIKE, school_by_login_or_name, vpr_grade
from .models import Procedure, SchoolProcedureDay, VprDatesUpload
from .subjects import match_subject, subject_index
from .vpr_dates import school_day_problem
from .vpr_schools import SchoolsByLogin

COLUMNS = (
    Column("login", "Логин ОО"),
    Column("school_code", "Код ОО"),
    Column("school", "Наименование ОО"),
    Column("subject", "Предмет", required=True),
    Column("class", "Класс", required=True),
    Column("held_on", "Дата", required=True),
)
SCHOOL_KEYS = ("login", "school_code", "school")
HELP = {
    "Логин ОО": "Логин школы в ФИС ОКО (sch…); можно не указывать, если есть код или наименование.",
    "Код ОО": "Код школы, как в списке школ приложения.",
    "Наименование ОО": "Краткое или полное наименование школы.",
    "Предмет": "Русский язык, Математика, Окружающий мир…; сокращения вроде «Русский яз.» распознаются.",
    "Класс": "4–11.",
    "Дата": "ДД.ММ.ГГГГ, внутри федерального периода проведения ВПР этого предмета и класса.",
}
PREVIEW_ROWS = 2000


@dataclass
class _Day:
    row: int
    procedure: Procedure
    school: School
    day: date
    new: bool


@dataclass
class DatesResult:
    rows: int = 0
    days: list[_Day] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def added(self) -> int:
        return sum(1 for d in self.days if d.new)

    def report(self) -> dict:
        return {
            "already": len(self.days) - self.added,
            "schools": len({d.school.pk for d in self.days}),
            "days": [
                {
                    "row": d.row,
                    "school": d.school.short_name,
                    "procedure": str(d.procedure),
                    "day": d.day.strftime("%d.%m.%Y"),
                    "new": d.new,
                }
                for d in self.days[:PREVIEW_ROWS]
            ],
        }


class _Procedures:
    """The municipality's ВПР with a federal window, by subject and class, with their schools."""

    def __init__(self, municipality: Municipality) -> None:
        self.by_key: dict[tuple[int, int], list[Procedure]] = {}
        self.schools: dict[int, set[int]] = {}
        found = Procedure.objects.filter(
            municipality=municipality, kind=Procedure.Kind.VPR, window_start__isnull=False
        ).select_related("subject")
        for procedure in found.prefetch_related("schools"):
            self.by_key.setdefault((procedure.subject_id, procedure.grade), []).append(procedure)
            self.schools[procedure.pk] = {s.pk for s in procedure.schools.all()}
        self.existing = set(
            SchoolProcedureDay.objects.filter(procedure__in=list(self.schools)).values_list(
                "procedure_id", "school_id", "held_on"
            )
        )


def _find_school(
    header, row, schools: SchoolsByLogin, codes: dict[str, School]
) -> tuple[School | None, str, str]:
    """The row's school, the column to name in an error and the school as written."""
    login = header.text(row, "login") if header.has("login") else ""
    code = header.text(row, "school_code") if header.has("school_code") else ""
    name = header.text(row, "school") if header.has("school") else ""
    if not login and LOGIN_LIKE.fullmatch(name.replace(" ", "")):
        login, name = name, ""  # ФИС ОКО heads the login column «ОО»
    column = next(
        key for key, text in zip(SCHOOL_KEYS, (login, code, name), strict=True) if text or key == "school"
    )
    written = " · ".join(part for part in (login, code, name) if part)
    if code and code.lower() in codes:
        return codes[code.lower()], column, written
    if login or name:
        return school_by_login_or_name(schools, login, name), column, written
    return None, column, written


def vpr_dates_check(*, content: bytes, name: str, municipality: Municipality) -> DatesResult:
    """Read the list and say what saving it would add; nothing is written."""
    result = DatesResult()
    try:
        rows = read_table(content, name)
        header = find_header(rows, COLUMNS)
    except MissingColumns as exc:
        result.errors.append(Issue(f"Файл «{name}»: {exc}"))
        return result
    except TableError as exc:
        result.errors.append(Issue(str(exc)))
        return result
    if not any(header.has(key) for key in SCHOOL_KEYS):
        result.errors.append(
            Issue(
                f"Файл «{name}»: в строке заголовков {header.row_number} нет столбца «Логин ОО», «Код ОО» "
                "или «Наименование ОО»: школу не найти."
            )
        )
        return result
    schools = SchoolsByLogin.load(municipality)
    codes = {s.code.strip().lower(): s for s in School.objects.filter(municipality=municipality) if s.code}
    subjects = subject_index()
    procedures = _Procedures(municipality)
    seen: set[tuple[int, int, date]] = set()

    def issue(number: int, key: str, message: str) -> Issue:
        return Issue(message, row=number, column=header.written(key), letter=header.letter(key))

    for number, row in enumerate(rows[header.row_number :], start=header.row_number + 1):
        if not any(str(cell or "").strip() for cell in row):
            continue
        result.rows += 1
        before = len(result.errors)
        school, school_column, written = _find_school(header, row, schools, codes)
        if not written:
            result.errors.append(
                issue(number, school_column, "не указаны ни логин, ни код, ни наименование ОО")
            )
        elif school is None:
            result.errors.append(
                issue(number, school_column, f"школа «{written}» не найдена среди школ муниципалитета")
            )
        subject_text = header.text(row, "subject")
        subject = match_subject(subject_text, subjects) if subject_text else None
        if subject is None:
            result.errors.append(
                issue(number, "subject", f"«{subject_text}» — такого предмета нет в справочнике предметов")
            )
        grade = vpr_grade(header.value(row, "class"))
        if not grade:
            result.errors.append(
                issue(number, "class", f"«{header.text(row, 'class')}» — не класс (ВПР пишут 4–11 классы)")
            )
        day = cell_date(header.value(row, "held_on"))
        if day is None:
            result.errors.append(
                issue(number, "held_on", f"«{header.text(row, 'held_on')}» — ожидается дата вида 15.04.2025")
            )
        if len(result.errors) > before:
            continue
        candidates = procedures.by_key.get((subject.pk, grade), [])
        procedure = next((p for p in candidates if p.window_start.year == day.year), None)
        if procedure is None:
            years = ", ".join(sorted({str(p.window_start.year) for p in candidates}))
            message = (
                f"ВПР «{subject}, {grade} класс» с федеральным периодом {day.year} года нет среди процедур"
                + (f" (есть за {years} г.)" if years else ": координатор добавляет её на странице процедур")
            )
            result.errors.append(issue(number, "held_on" if candidates else "subject", message))
            continue
        takes_part = school.pk in procedures.schools[procedure.pk]
        problem = school_day_problem(procedure=procedure, school=school, day=day, takes_part=takes_part)
        if problem:
            result.errors.append(issue(number, "held_on" if takes_part else school_column, problem))
            continue
        key = (procedure.pk, school.pk, day)
        if key in seen:
            continue  # the same date twice in the list
        seen.add(key)
        result.days.append(_Day(number, procedure, school, day, new=key not in procedures.existing))
    if not result.rows and not result.errors:
        result.errors.append(Issue(no_rows_message(header.row_number, "строк с датами")))
    return result


def _read(upload: VprDatesUpload) -> DatesResult:
    with upload.file.open("rb") as handle:
        content = handle.read()
    return vpr_dates_check(content=content, name=upload.original_name, municipality=upload.municipality)


def _record(upload: VprDatesUpload, result: DatesResult, status: str) -> None:
    upload.status = status
    upload.rows, upload.added = result.rows, result.added
    upload.errors = [issue.as_json() | {"text": str(issue)} for issue in result.errors[:1000]]
    upload.report = result.report() | {"error_count": len(result.errors)}
    if status == VprDatesUpload.Status.SAVED:
        upload.saved_at = timezone.now()
    upload.save()


def vpr_dates_upload_create(*, municipality: Municipality, file, user: User) -> VprDatesUpload:
    """Store the file as sent and check it: a file with errors is rejected at once."""
    upload = VprDatesUpload.objects.create(
        municipality=municipality, file=file, original_name=file.name[:255], uploaded_by=user
    )
    result = _read(upload)
    _record(upload, result, VprDatesUpload.Status.PREVIEW if result.ok else VprDatesUpload.Status.REJECTED)
    return upload


def vpr_dates_confirm(*, upload: VprDatesUpload, user: User) -> DatesResult | None:
    """Save a checked list, all or nothing; None when it is no longer waiting (saved twice, or rejected)."""

    def save(locked: VprDatesUpload) -> DatesResult:
        result = _read(locked)  # checked again: a procedure or a date may have changed since the preview
        if not result.ok:
            _record(locked, result, VprDatesUpload.Status.REJECTED)
            return result
        with transaction.atomic():
            for item in result.days:
                if item.new:
                    SchoolProcedureDay.objects.get_or_create(
                        procedure=item.procedure,
                        school=item.school,
                        held_on=item.day,
                        defaults={"entered_by": user},
                    )
            _record(locked, result, VprDatesUpload.Status.SAVED)
        return result

    return confirm_waiting(
        VprDatesUpload.objects, pk=upload.pk, waiting=VprDatesUpload.Status.PREVIEW, run=save
    )


def vpr_dates_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Даты ВПР"
    for index, title in enumerate(HELP, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = Font(bold=True)
        sheet.column_dimensions[column_letter(index - 1)].width = max(14, len(title) + 4)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Пояснения")
    notes.append(["Столбец", "Что писать"])
    for title, text in HELP.items():
        notes.append([title, text])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
