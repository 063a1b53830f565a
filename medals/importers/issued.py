"""Medals issued after graduation, uploaded by the school: which medal each graduate received.

Schools write the list their own way: «ФИО» or «Фамилия», «Имя», «Отчество»; «Класс» (optional); «Медаль» as
«I степени», «золотая», «1», «II степени», «серебряная», «2», or «нет» / an empty cell. A graduate is found
among the school's candidates of the graduation year (on the register or taken off it) by name, as the
journal extract finds them (``CandidatesByName``). A graduate with no medal who is not a candidate
is skipped (a school may upload its whole graduating class); a medal for someone not on the register is
an error: the medal is recorded on the candidate. All or nothing; the check against the ЕГЭ is the list
form's (``medals.issued.issued_findings``). Graduates of the year the file does not name keep their value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from common.imports import Column, MissingColumns, cell_text, column_question
from common.names import normalize_name, split_name
from schools.models import School

from ..issued import issued_findings
from ..models import Candidate, IssuedMedal, Upload, academic_year_of
from .base import ImportResult, counted_rows, open_table, upload_record
from .journal_rows import CandidatesByName
from .values import parse_class, parse_issued_medal

KIND = Upload.Kind.ISSUED
NAME_PARTS = ("last_name", "first_name", "middle_name")
COLUMNS = (
    Column("full_name", "ФИО", required=True, parts=NAME_PARTS),
    Column("class", "Класс"),
    Column("issued_medal", "Медаль", required=True),
)
TITLES = {column.key: column.title for column in COLUMNS}
SHOWN_SKIPPED = 100


def last_graduation_year() -> int:
    """The latest graduation that has taken place: in June–August this school year's, else last one's."""
    today = timezone.localdate()
    return academic_year_of(today) + (1 if 6 <= today.month <= 8 else 0)


@dataclass
class IssuedResult(ImportResult):
    graduation_year: int | None = None
    changed: int = 0
    removed: int = 0  # the journal's count, read by the shared save page; an issued list removes nothing
    missing: MissingColumns | None = None
    graduates: list[dict] = field(default_factory=list)  # what the preview lists, row by row
    skipped_graduates: list[dict] = field(default_factory=list)

    def details(self) -> dict:
        details: dict = {"graduation_year": self.graduation_year, "changed": self.changed}
        if self.missing is not None:
            details["column_question"] = column_question(self.missing)
        if self.graduates:
            details["graduates"] = self.graduates
            details["findings"] = sum(1 for g in self.graduates if g["findings"])
        if self.skipped_graduates:
            details["skipped_graduates"] = self.skipped_graduates
        return details


@dataclass
class _Row:
    number: int
    candidate: Candidate
    medal: str


def _read(
    *, school: School, path: Path, name: str, year: int, chosen: Mapping[str, str] | None = None
) -> tuple[IssuedResult, list[_Row]]:
    result = IssuedResult(graduation_year=year)
    found: list[_Row] = []
    table = open_table(
        path=path, name=name, columns=COLUMNS, chosen=chosen, school=school, kind=KIND, result=result
    )
    if table is None:
        return result, found
    header, rows = table
    graduates = Candidate.objects.filter(school=school, graduation_year=year)
    if not graduates.exists():
        result.error(
            0,
            "",
            f"В реестре {school.short_name} нет претендентов {year} года выпуска: медали вносятся "
            "претендентам из реестра. Проверьте год выпуска или сначала загрузите реестр.",
        )
        return result, found
    candidates = CandidatesByName(school, graduates)
    seen: dict[int, int] = {}
    for number, values in counted_rows(header, rows, TITLES, result, nothing="ни одного выпускника"):
        before = len(result.errors)

        def error(key: str, message: str, number: int = number) -> None:
            result.error(number, header.written(key) if header.has(key) else TITLES[key], message)

        written = cell_text(values["full_name"])
        parts = split_name(values["full_name"])
        if parts is None:
            error("full_name", f"«{written}»: ожидается «Фамилия Имя Отчество».")
        letter = None
        if cell_text(values["class"]):
            parsed = parse_class(values["class"])
            if parsed is None or parsed[0] != 11:
                error("class", f"«{cell_text(values['class'])}»: выпускники — 11 класс, например 11А.")
            else:
                letter = parsed[1]
        medal = parse_issued_medal(values["issued_medal"])
        if medal is None:
            error(
                "issued_medal",
                f"«{cell_text(values['issued_medal'])}»: укажите «I степени» (золотая, 1), "
                "«II степени» (серебряная, 2) или «нет».",
            )
        if len(result.errors) > before:
            continue
        matches = candidates.find(normalize_name(" ".join(parts)), year - 1, 11)
        if len(matches) > 1 and letter:
            matches = [c for c in matches if c.pupil.letter.upper() == letter] or matches
        if len(matches) > 1:
            names = ", ".join(f"{c.pupil.full_name} ({c.pupil.class_name})" for c in matches)
            error("full_name", f"«{written}»: подходят несколько претендентов — {names}. Укажите класс.")
            continue
        if not matches:
            if medal == IssuedMedal.NONE:
                result.skipped += 1
                if len(result.skipped_graduates) < SHOWN_SKIPPED:
                    result.skipped_graduates.append({"name": written, "row": number})
                continue
            error(
                "full_name",
                f"«{written}» нет среди претендентов {year} года выпуска этой школы: медаль вносится "
                "претенденту из реестра. Проверьте ФИО и год выпуска.",
            )
            continue
        candidate = matches[0]
        if candidate.pk in seen:
            error("full_name", f"{candidate.pupil.full_name} уже есть в строке {seen[candidate.pk]}.")
            continue
        seen[candidate.pk] = number
        found.append(_Row(number, candidate, medal))
    return result, found


def _list(result: IssuedResult, rows: list[_Row]) -> None:
    """The preview: each graduate, the medal before and after, and what the ЕГЭ say against it."""
    findings = issued_findings([(row.candidate, row.medal) for row in rows])
    for row, found in zip(rows, findings, strict=True):
        candidate = row.candidate
        result.graduates.append(
            {
                "row": row.number,
                "name": candidate.pupil.full_name,
                "class": candidate.pupil.class_name,
                "exam": str(candidate.exam_form),
                "medal": IssuedMedal(row.medal).label,
                "before": IssuedMedal(candidate.issued_medal).label,
                "changed": candidate.issued_medal != row.medal,
                "findings": list(found),
            }
        )
    result.saved = len(rows)
    result.changed = sum(1 for row in rows if row.candidate.issued_medal != row.medal)
    result.replaced = sum(
        1 for row in rows if row.candidate.issued_medal and row.candidate.issued_medal != row.medal
    )


def _year(upload: Upload, year: int | None) -> int:
    return year or (upload.report or {}).get("graduation_year") or last_graduation_year()


def issued_check(*, upload: Upload, chosen: Mapping[str, str] | None = None) -> IssuedResult:
    """Read the file and report what saving it would do, writing nothing."""
    result, rows = _read(
        school=upload.school,
        path=Path(upload.file.path),
        name=upload.original_name,
        year=_year(upload, None),
        chosen=chosen,
    )
    if not result.errors:
        _list(result, rows)
    return result


def issued_save(*, upload: Upload, year: int | None = None) -> IssuedResult:
    """Record the medals of an upload, all or nothing; the upload records the outcome either way."""
    result, rows = _read(
        school=upload.school, path=Path(upload.file.path), name=upload.original_name, year=_year(upload, year)
    )
    if result.errors:
        upload_record(upload=upload, result=result, status=Upload.Status.REJECTED)
        return result
    with transaction.atomic():
        _list(result, rows)
        for row in rows:
            if row.candidate.issued_medal != row.medal:
                row.candidate.issued_medal = row.medal
                row.candidate.save(update_fields=["issued_medal", "updated_at"])
        upload_record(upload=upload, result=result, status=Upload.Status.SAVED)
    return result
