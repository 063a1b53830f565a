"""What an import reports, and how an upload records it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.utils import timezone

from common.imports import (
    Column,
    Header,
    MissingColumns,
    TableError,
    cell_text,
    find_header,
    iter_table_rows,
    no_rows_message,
    remembered_columns,
)
from schools.models import School

from ..models import Upload

STORED_ERRORS = 1000  # an upload keeps this many errors to show; ``error_count`` says how many there were


def column_scope(school: School) -> str:
    """Whose remembered column choices a school's uploads use: the register, the issued medals and the
    journal extract keep theirs in the same place (each under its own kind of file)."""
    return f"school:{school.pk}"


@dataclass
class ImportResult:
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("rows", "saved", "replaced", "skipped", "errors")

    rows: int = 0
    saved: int = 0
    replaced: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def as_json(self) -> dict:
        """What a command prints with ``--json``: the attributes ``JSON_FIELDS`` names, in that order."""
        return {key: getattr(self, key) for key in self.JSON_FIELDS}


def open_table(
    *,
    path: Path,
    name: str,
    columns: Sequence[Column],
    chosen: Mapping[str, str] | None,
    school: School,
    kind: str,
    result: ImportResult,
) -> tuple[Header, Iterator] | None:
    """The header of a one-table upload (the register, the issued medals) and its rows after it; None
    when the file cannot be read or lacks a required column: the error is on ``result``, and for missing
    columns ``result.missing`` holds the column question. ``chosen``: the columns a person pointed at;
    None takes the school's remembered choices for this ``kind`` of file."""
    if chosen is None:
        chosen = remembered_columns(scope=column_scope(school), kind=kind)
    try:
        rows = iter_table_rows(path=path, name=name)
        return find_header(rows, columns, chosen=chosen), rows
    except MissingColumns as exc:
        result.missing = exc  # type: ignore[attr-defined]
        result.error(0, "", str(exc))
    except TableError as exc:
        result.error(0, "", str(exc))
    return None


def filled_rows(header: Header, rows: Iterator, keys: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number in the file, the values of ``keys``) for every row below the header that is not empty."""
    for number, row in enumerate(rows, start=header.row_number + 1):
        values = {key: header.value(row, key) for key in keys}
        if any(cell_text(v) for v in values.values()):
            yield number, values


def counted_rows(
    header: Header, rows: Iterator, keys: Sequence[str], result: ImportResult, *, nothing: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``filled_rows``, each counted in ``result.rows``. A file that breaks off while being read gets its
    error on ``result``; a header with no row under it says there is ``nothing`` («ни одного …»)."""
    try:
        for number, values in filled_rows(header, rows, keys):
            result.rows += 1
            yield number, values
    except TableError as exc:
        result.error(0, "", str(exc))
    if not result.rows and not result.errors:
        result.error(0, "", no_rows_message(header.row_number, nothing))


class Rollback(Exception):
    """Raised inside the transaction when the file had errors, so nothing it wrote stays."""


def upload_record(*, upload: Upload, result: ImportResult, status: str) -> None:
    upload.status = status
    upload.rows, upload.saved = result.rows, result.saved
    upload.replaced, upload.skipped = result.replaced, result.skipped
    upload.error_count = len(result.errors)
    upload.errors = result.errors[:STORED_ERRORS]
    if hasattr(result, "details"):  # the journal's preview keeps more than the counts
        upload.report = result.details()
    if status == Upload.Status.SAVED:
        upload.saved_at = timezone.now()
    upload.save()
