"""What an import reports, and how an upload records it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from ..models import Upload

STORED_ERRORS = 1000  # an upload keeps this many errors to show; ``error_count`` says how many there were


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    replaced: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "saved": self.saved,
            "replaced": self.replaced,
            "skipped": self.skipped,
            "errors": self.errors,
        }


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
