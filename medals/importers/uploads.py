"""An upload's life: stored as sent, checked for a preview, then saved on confirmation (or rejected)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import File
from django.db.models import Q
from django.template.defaultfilters import filesizeformat

from common.imports import answers_from_form, remember_columns, suffix_problem
from common.uploads import confirm_waiting
from schools.models import School, User
from schools.school_import import ACCEPTED_SUFFIXES

from ..models import Candidate, Source, Upload
from .base import ImportResult, column_scope, upload_record
from .issued import COLUMNS as ISSUED_COLUMNS
from .issued import issued_check, issued_save
from .journal import journal_check, journal_save
from .journal_cover import COVERED
from .journal_read import COLUMN_LIST as JOURNAL_COLUMNS
from .register import COLUMNS as REGISTER_COLUMNS
from .register import register_check, register_save

XLSX_SIGNATURE = b"PK\x03\x04"


def upload_problem(*, name: str, size: int | None, head: bytes) -> str | None:
    """Why a file cannot be taken at all (type, size), in Russian; None when it can be read."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        return suffix_problem(name)
    if not size:
        return f"Файл «{name}» пустой."
    if size > settings.IMPORT_MAX_BYTES:
        return (
            f"Файл «{name}» весит {filesizeformat(size)}, а можно не больше "
            f"{filesizeformat(settings.IMPORT_MAX_BYTES)}: разделите выгрузку по учебным годам."
        )
    if suffix == ".xlsx" and not head.startswith(XLSX_SIGNATURE):
        return f"Файл «{name}» не похож на таблицу Excel (.xlsx): содержимое не соответствует расширению."
    return None


def upload_create(*, school: School, kind: str, name: str, content: File, user: User | None) -> Upload:
    upload = Upload(school=school, kind=kind, original_name=PurePath(name).name[:255], uploaded_by=user)
    upload.file.save(upload.original_name, content, save=False)
    upload.save()
    return upload


def _source(upload: Upload) -> str:
    return Source.NOTEBOOK if upload.kind == Upload.Kind.NOTEBOOK else Source.JOURNAL


def upload_check(*, upload: Upload) -> ImportResult:
    """Read the stored file and record what saving it would do; a file with errors is rejected at once."""
    path, name = Path(upload.file.path), upload.original_name
    if upload.kind == Upload.Kind.ISSUED:
        result = issued_check(upload=upload)
    elif upload.kind == Upload.Kind.CANDIDATES:
        result = register_check(
            school=upload.school,
            path=path,
            name=name,
            graduation_year=(upload.report or {}).get("graduation_year"),
        )
    else:
        result = journal_check(school=upload.school, source=_source(upload), path=path, name=name)
    status = Upload.Status.REJECTED if result.errors else Upload.Status.PREVIEW
    upload_record(upload=upload, result=result, status=status)
    return result


def upload_column_answers(*, upload: Upload, data: Mapping[str, str]) -> dict[str, str]:
    """Remember the column question's answers posted for an upload (for its school and kind of file)."""
    if upload.kind == Upload.Kind.CANDIDATES:
        columns = REGISTER_COLUMNS
    elif upload.kind == Upload.Kind.ISSUED:
        columns = ISSUED_COLUMNS
    else:
        columns = JOURNAL_COLUMNS
    answers = answers_from_form(data, columns)
    if answers:
        remember_columns(scope=column_scope(upload.school), kind=upload.kind, answers=answers)
    return answers


def upload_confirm(
    *, upload: Upload, replace: str = COVERED, waiting: str = Upload.Status.PREVIEW
) -> ImportResult | None:
    """Save a checked upload; None when it is no longer ``waiting`` (saved twice, or by someone else).

    ``replace`` says what a journal or notebook extract replaces: «covered» or «all» (journal_cover).
    A file saved by the workers waits as «сохраняется» (background.py).
    """

    def save(locked: Upload) -> ImportResult:
        if locked.kind == Upload.Kind.CANDIDATES:
            return register_save(upload=locked)
        if locked.kind == Upload.Kind.ISSUED:
            return issued_save(upload=locked)
        return journal_save(upload=locked, replace=replace)

    return confirm_waiting(Upload.objects, pk=upload.pk, waiting=waiting, run=save)


def upload_pupil_count(*, upload: Upload) -> int:
    """How many pupils a register or journal file names, for the personal-data log when it is downloaded:
    those it saved, else its rows (at least one)."""
    linked = (
        Candidate.objects.filter(Q(register_upload=upload) | Q(grades__version__upload=upload))
        .values("pupil")
        .distinct()
        .count()
    )
    return linked or upload.rows or 1
