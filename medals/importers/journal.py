"""The journal extract (выгрузка из электронного журнала) and notebook marks of a school's candidates.

Checking a file reports what saving it would do; saving writes it. The rows are read and matched in
journal_rows (over the columns and layouts of journal_read), written by journal_store and counted in a
JournalResult (journal_result). Any error rolls everything back: a file with an error saves nothing.
A school's marks from one source for one school year form an extract; uploading it again makes a new
current version and keeps the old.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.db import transaction

from schools.models import School

from ..models import Source, Upload
from .base import Rollback, upload_record
from .journal_cover import ALL, COVERED
from .journal_result import JournalResult
from .journal_rows import check_rows
from .journal_store import count_changes, coverage_years, current_versions, make_current


def journal_check(
    *,
    school: School,
    source: str,
    path: Path,
    name: str,
    replace: str = COVERED,
    chosen: Mapping[str, str] | None = None,
) -> JournalResult:
    """Read the file and report what saving it would do, writing nothing."""
    result, coverage, _ = check_rows(
        school=school, source=source, path=path, name=name, upload=None, chosen=chosen
    )
    if not result.errors:
        count_changes(
            result, coverage, list(current_versions(school, source, coverage_years(coverage))), replace
        )
    return result


def journal_save(
    *, upload: Upload, replace: str = COVERED, chosen: Mapping[str, str] | None = None
) -> JournalResult:
    """Save the marks of an upload, all or nothing; the upload records the outcome either way.

    ``replace``: «covered» (дополнить) keeps the current marks of whatever the file lacks; «all» (заменить
    полностью) keeps only the file's marks for its school years.
    """
    if replace not in (COVERED, ALL):
        raise ValueError(f"replace: {replace!r}")
    source = Source.NOTEBOOK if upload.kind == Upload.Kind.NOTEBOOK else Source.JOURNAL
    try:
        with transaction.atomic():
            result, coverage, versions = check_rows(
                school=upload.school,
                source=source,
                path=Path(upload.file.path),
                name=upload.original_name,
                upload=upload,
                chosen=chosen,
            )
            if result.errors:
                raise Rollback
            make_current(
                school=upload.school,
                source=source,
                versions=versions,
                coverage=coverage,
                result=result,
                replace=replace,
            )
            upload_record(upload=upload, result=result, status=Upload.Status.SAVED)
    except Rollback:
        upload_record(upload=upload, result=result, status=Upload.Status.REJECTED)
    return result
