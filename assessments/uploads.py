"""Uploads of results files through the browser: checked first (preview), then loaded on confirmation.

The file is kept with its upload record, so the confirmation loads exactly the file that was checked.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from schools.models import User

from .ege_import import EgeReport, ege_import
from .models import ResultUpload
from .oge_import import OgeReport, oge_import
from .vpr_import import vpr_import
from .vpr_layout import VprReport

IMPORTERS = {
    ResultUpload.Kind.VPR: vpr_import,
    ResultUpload.Kind.EGE: ege_import,
    ResultUpload.Kind.OGE: oge_import,
}


def upload_create(*, kind: str, file: UploadedFile, user: User, options: dict | None = None) -> ResultUpload:
    return ResultUpload.objects.create(
        municipality=user.municipality,
        kind=kind,
        file=file,
        original_name=file.name[:255],
        uploaded_by=user,
        options=options or {},
    )


def upload_run(*, upload: ResultUpload, dry_run: bool) -> VprReport | EgeReport | OgeReport:
    """Check (dry_run) or load the stored file, and keep the outcome on the upload record."""
    with upload.file.open("rb") as handle:
        content = handle.read()
    report = IMPORTERS[upload.kind](
        content=content,
        filename=upload.original_name,
        municipality=upload.municipality,
        dry_run=dry_run,
        upload=upload,
    )
    upload.summary = report.summary()
    upload.errors = [issue.as_json() | {"text": str(issue)} for issue in report.errors]
    if not report.ok:
        upload.status = ResultUpload.Status.FAILED
    elif report.saved:
        upload.status = ResultUpload.Status.IMPORTED
        upload.imported_at = timezone.now()
    else:
        upload.status = ResultUpload.Status.PREVIEW
    upload.save(update_fields=["summary", "errors", "status", "imported_at"])
    return report
