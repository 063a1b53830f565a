"""Evidence files attached to a progress row: what is accepted and how it is stored."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from schools.models import User

from .models import Evidence, Progress

# Extension → (content type, the bytes such a file starts with).
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED)


def evidence_check(upload: UploadedFile) -> str:
    """Return the content type of an acceptable file or raise a ValidationError in Russian."""
    name = upload.name or "файл"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise ValidationError(
            f"Файл «{name}»: такой тип не принимается. Можно прикрепить PDF, DOCX, XLSX, PNG или JPG."
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"Файл «{name}» весит {filesizeformat(upload.size)}, а можно не больше {filesizeformat(limit)}."
        )
    if not upload.size:
        raise ValidationError(f"Файл «{name}» пустой.")
    content_type, signatures = ACCEPTED[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            f"Файл «{name}» не похож на {suffix[1:].upper()}: содержимое не соответствует расширению."
        )
    return content_type


def evidence_attach(*, progress: Progress, user: User, upload: UploadedFile) -> Evidence:
    content_type = evidence_check(upload)
    evidence = Evidence(
        progress=progress,
        original_name=PurePath(upload.name or "file").name[:255],
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=user,
    )
    evidence.file.save(upload.name or "file", upload, save=False)
    evidence.save()
    return evidence


def evidence_delete(*, evidence: Evidence) -> None:
    evidence.file.delete(save=False)
    evidence.delete()
