"""The register of a school's medal candidates, as the school head keeps it.

The register for a graduation year is the whole list: a new upload adds and updates candidates, and
takes off the register (``is_active`` False, marks kept) those of the same years it no longer names.
An optional «Форма ГИА» column says ЕГЭ or ГВЭ (an empty cell is ЕГЭ); a register without the column
leaves the form set on a candidate's card as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from common.imports import Column, MissingColumns, cell_text, column_question, normalize_header
from common.names import normalize_name, split_name
from schools.dates import date_problem, is_impossible_date
from schools.models import Pupil, School

from ..models import Candidate, ExamForm, MedalDegree, Upload, academic_year_of
from .base import ImportResult, counted_rows, open_table, upload_record
from .values import parse_academic_year, parse_class, parse_date, parse_degree, parse_exam_form

KIND = Upload.Kind.CANDIDATES  # the kind of file, for the remembered column choices
NAME_PARTS = ("last_name", "first_name", "middle_name")
COLUMNS = (
    Column("full_name", "ФИО", required=True, parts=NAME_PARTS),
    Column("class", "Класс", required=True),
    Column("birth_date", "Дата рождения", required=True),
    Column("medal", "Степень медали", required=True),
    Column("academic_year", "Учебный год"),
    Column("previous_school", "Предыдущая школа"),
    Column("transfer_date", "Дата перевода"),
    Column("exam_form", "Форма ГИА"),
)
PREVIEW_ROWS = 500  # candidates the preview lists (a school's register is a few dozen)
TITLES = {column.key: column.title for column in COLUMNS}


def current_graduation_year() -> int:
    """The year this school year's 11th grade graduates: a register without «Учебный год» is of it."""
    return academic_year_of(timezone.localdate()) + 1


@dataclass
class RegisterResult(ImportResult):
    JSON_FIELDS = ("rows", "created", "updated", "withdrawn", "errors")

    created: int = 0
    updated: int = 0
    removed: int = 0  # the journal's count; a register removes no marks
    graduation_year: int | None = None  # the year a register without «Учебный год» is taken for
    missing: MissingColumns | None = None  # the columns a person has to point at (the column question)
    candidates: list[dict] = field(default_factory=list)  # what the preview lists, row by row

    def details(self) -> dict:
        """What the upload keeps besides the counts: the year a register without a year column is of,
        and the column question when required columns were not found."""
        details: dict = {}
        if self.graduation_year:
            details["graduation_year"] = self.graduation_year
        if self.missing is not None:
            details["column_question"] = column_question(self.missing)
        if self.candidates:
            details["candidates"] = self.candidates[:PREVIEW_ROWS]
            details["gve"] = sum(1 for c in self.candidates if c["exam"] == ExamForm.GVE)
        return details

    @property
    def withdrawn(self) -> int:
        """Candidates of the register's years it no longer names: taken off the register."""
        return self.replaced


@dataclass
class _Row:
    number: int
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date
    grade: int
    letter: str
    degree: int
    graduation_year: int
    previous_school: School | None
    previous_school_name: str
    transfer_date: date | None
    exam_form: str | None  # None: the file has no «Форма ГИА» column


def _school_lookup(school: School) -> dict[str, School]:
    """Schools of the municipality by code and by short name, for the «Предыдущая школа» column."""
    lookup: dict[str, School] = {}
    for other in School.objects.filter(municipality=school.municipality_id):
        lookup[normalize_header(other.code)] = other
        lookup.setdefault(normalize_header(other.short_name), other)
    return lookup


def _read(
    *,
    school: School,
    path: Path,
    name: str,
    graduation_year: int | None = None,
    chosen: Mapping[str, str] | None = None,
) -> tuple[RegisterResult, list[_Row]]:
    """``graduation_year``: the year of 11th-graders when the file has no «Учебный год» (default: the
    current one). ``chosen``: columns a person pointed at; the school's remembered choices otherwise."""
    result = RegisterResult()
    found: list[_Row] = []
    table = open_table(
        path=path, name=name, columns=COLUMNS, chosen=chosen, school=school, kind=KIND, result=result
    )
    if table is None:
        return result, found
    header, rows = table
    if not header.has("academic_year"):
        result.graduation_year = graduation_year or current_graduation_year()
    schools = _school_lookup(school)
    seen: dict[tuple[str, date], int] = {}
    today = timezone.localdate()
    for number, values in counted_rows(header, rows, TITLES, result, nothing="ни одного претендента"):
        before = len(result.errors)

        def error(key: str, message: str, number: int = number) -> None:
            result.error(number, TITLES[key], message)

        name_parts = split_name(values["full_name"])
        if name_parts is None:
            error("full_name", f"«{cell_text(values['full_name'])}»: ожидается «Фамилия Имя Отчество».")
        parsed_class = parse_class(values["class"])
        if parsed_class is None or parsed_class[0] not in (10, 11):
            error(
                "class",
                f"«{cell_text(values['class'])}»: претенденты учатся в 10 или 11 классе, например 11А.",
            )
        birth_date = parse_date(values["birth_date"])
        if birth_date is None or birth_date >= today:
            error(
                "birth_date",
                f"«{cell_text(values['birth_date'])}»: "
                + (
                    "такой даты нет."
                    if is_impossible_date(cell_text(values["birth_date"]))
                    else "ожидается дата рождения вида 05.04.2006."
                ),
            )
        degree = parse_degree(values["medal"])
        if degree is None:
            error("medal", f"«{cell_text(values['medal'])}»: укажите I или II (степень медали).")
        if result.graduation_year:  # no year column: the school year 11th grade graduates at the end of
            year = result.graduation_year - 1
        else:
            year = parse_academic_year(values["academic_year"])
            if year is None:
                error("academic_year", f"«{cell_text(values['academic_year'])}»: ожидается вида 2023-2024.")
        previous_text = cell_text(values.get("previous_school"))
        previous = schools.get(normalize_header(previous_text)) if previous_text else None
        if previous is not None and previous.pk == school.pk:
            error("previous_school", "Предыдущая школа совпадает с текущей.")
        transfer_text = cell_text(values.get("transfer_date"))
        transfer_date = parse_date(values.get("transfer_date")) if transfer_text else None
        if transfer_text and transfer_date is None:
            error("transfer_date", f"«{transfer_text}»: {date_problem(transfer_text, month=9, day=1)}.")
        elif previous_text and not transfer_text:
            error("transfer_date", "Указана предыдущая школа, но нет даты перевода.")
        elif transfer_text and not previous_text:
            error("previous_school", "Указана дата перевода, но не указана предыдущая школа.")
        graduation_year = None
        if year is not None and parsed_class is not None:
            graduation_year = year + 1 + (11 - parsed_class[0])
            if transfer_date is not None:
                start, end = date(graduation_year - 2, 9, 1), date(graduation_year, 8, 31)
                if not start <= transfer_date <= end:
                    error(
                        "transfer_date",
                        f"Дата перевода {transfer_date:%d.%m.%Y} не приходится на 10–11 классы "
                        f"({start:%d.%m.%Y} — {end:%d.%m.%Y})."
                        + (
                            " В файле нет столбца «Учебный год», и реестр принят за "
                            f"{result.graduation_year} год выпуска: если он другого года, "
                            "укажите год выпуска при загрузке."
                            if result.graduation_year
                            else ""
                        ),
                    )
        exam_form = None
        if header.has("exam_form"):
            exam_form = parse_exam_form(values["exam_form"])
            if exam_form is None:
                error(
                    "exam_form",
                    f"«{cell_text(values['exam_form'])}»: укажите ЕГЭ или ГВЭ (пустая клетка — ЕГЭ).",
                )
        if name_parts and birth_date:
            key = (normalize_name(" ".join(name_parts)), birth_date)
            if key in seen:
                error("full_name", f"Этот претендент уже есть в строке {seen[key]}.")
            seen.setdefault(key, number)
        if len(result.errors) > before:
            continue
        found.append(
            _Row(
                number=number,
                last_name=name_parts[0],
                first_name=name_parts[1],
                middle_name=name_parts[2],
                birth_date=birth_date,
                grade=parsed_class[0],
                letter=parsed_class[1],
                degree=degree,
                graduation_year=graduation_year,
                previous_school=previous,
                previous_school_name=previous_text[:255],
                transfer_date=transfer_date,
                exam_form=exam_form,
            )
        )
    return result, found


def _pupils_by_identity(school: School) -> dict[tuple[str, date | None], Pupil]:
    return {(normalize_name(p.full_name), p.birth_date): p for p in Pupil.objects.filter(school=school)}


def _existing(school: School, years: set[int]) -> dict[tuple[int, int], Candidate]:
    return {
        (c.pupil_id, c.graduation_year): c
        for c in Candidate.objects.filter(school=school, graduation_year__in=years)
    }


def register_check(
    *,
    school: School,
    path: Path,
    name: str,
    graduation_year: int | None = None,
    chosen: Mapping[str, str] | None = None,
) -> RegisterResult:
    """Read the register and report what saving it would do, writing nothing."""
    result, rows = _read(school=school, path=path, name=name, graduation_year=graduation_year, chosen=chosen)
    if result.errors:
        return result
    pupils = _pupils_by_identity(school)
    existing = _existing(school, {r.graduation_year for r in rows})
    named: set[int] = set()
    for row in rows:
        pupil = pupils.get(
            (normalize_name(f"{row.last_name} {row.first_name} {row.middle_name}"), row.birth_date)
        )
        candidate = existing.get((pupil.pk, row.graduation_year)) if pupil else None
        if candidate:
            named.add(candidate.pk)
        result.updated += candidate is not None
        result.created += candidate is None
        _listed(result, row, candidate)
    result.saved = len(rows)
    result.replaced = sum(1 for c in existing.values() if c.is_active and c.pk not in named)
    return result


def register_save(
    *, upload: Upload, graduation_year: int | None = None, chosen: Mapping[str, str] | None = None
) -> RegisterResult:
    """Save the register of an upload, all or nothing; the upload records the outcome either way.

    The year a register without «Учебный год» is of: ``graduation_year``, else the one its check kept."""
    school = upload.school
    graduation_year = graduation_year or (upload.report or {}).get("graduation_year")
    result, rows = _read(
        school=school,
        path=Path(upload.file.path),
        name=upload.original_name,
        graduation_year=graduation_year,
        chosen=chosen,
    )
    if result.errors:
        upload_record(upload=upload, result=result, status=Upload.Status.REJECTED)
        return result
    with transaction.atomic():
        _write(school=school, upload=upload, rows=rows, result=result)
        upload_record(upload=upload, result=result, status=Upload.Status.SAVED)
    return result


def _write(*, school: School, upload: Upload, rows: list[_Row], result: RegisterResult) -> None:
    # Two registers of one school saved at once would both create the same pupils: the second waits.
    # FOR NO KEY UPDATE, as medals.importers.journal_store.make_current: not in conflict with the share
    # locks rows naming the school take, only with another save's lock.
    School.objects.select_for_update(no_key=True).filter(pk=school.pk).first()
    pupils = _pupils_by_identity(school)
    years = {r.graduation_year for r in rows}
    existing = _existing(school, years)
    named: set[int] = set()
    for row in rows:
        full_name = normalize_name(f"{row.last_name} {row.first_name} {row.middle_name}")
        pupil = pupils.get((full_name, row.birth_date))
        if pupil is None:
            pupil = Pupil(
                school=school, last_name=row.last_name, first_name=row.first_name, birth_date=row.birth_date
            )
            pupils[(full_name, row.birth_date)] = pupil
        pupil.middle_name, pupil.grade, pupil.letter = row.middle_name, row.grade, row.letter
        pupil.save()
        candidate = existing.get((pupil.pk, row.graduation_year))
        _listed(result, row, candidate)
        if candidate is None:
            candidate = Candidate(pupil=pupil, school=school, graduation_year=row.graduation_year)
            result.created += 1
        else:
            result.updated += 1
        candidate.degree = row.degree
        candidate.previous_school = row.previous_school
        candidate.previous_school_name = row.previous_school_name
        candidate.transfer_date = row.transfer_date
        if row.exam_form is not None:
            candidate.exam_form = row.exam_form
            if row.exam_form == ExamForm.EGE:  # ГВЭ marks belong to ГВЭ only (CandidateExamForm)
                candidate.gve_russian = candidate.gve_math = None
        candidate.is_active = True
        candidate.register_upload = upload
        candidate.save()
        named.add(candidate.pk)
    withdrawn = [c.pk for c in existing.values() if c.is_active and c.pk not in named]
    Candidate.objects.filter(pk__in=withdrawn).update(is_active=False)
    result.saved = len(rows)
    result.replaced = len(withdrawn)


def _listed(result: RegisterResult, row: _Row, candidate: Candidate | None) -> None:
    """A candidate as the preview lists it, with the form of ГИА the register gives (or leaves as it is)."""
    exam = row.exam_form or (candidate.exam_form if candidate else ExamForm.EGE)
    result.candidates.append(
        {
            "row": row.number,
            "name": " ".join(p for p in (row.last_name, row.first_name, row.middle_name) if p),
            "class": f"{row.grade}{row.letter}",
            "degree": MedalDegree(row.degree).label,
            "exam": str(exam),
            "new": candidate is None,
        }
    )
