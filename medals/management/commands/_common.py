"""What the import commands share: finding the school, reading the file into an upload, printing results."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from common.imports.commands import report_import
from medals.importers.base import ImportResult
from medals.importers.uploads import upload_create, upload_problem
from schools.models import School

LABELS = {
    "rows": "строк",
    "saved": "сохранено",
    "replaced": "заменено прежних отметок",
    "removed": "удалено прежних отметок, которых нет в файле",
    "kept": "оставлено прежних отметок, которых нет в файле",
    "skipped": "пропущено (не претенденты)",
    "created": "добавлено",
    "updated": "обновлено",
    "withdrawn": "снято с реестра",
}


def school_by_code(code: str) -> School:
    try:
        return School.objects.get(code=code)
    except School.DoesNotExist as exc:
        raise CommandError(f"Школа с кодом «{code}» не найдена.") from exc


def existing_file(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"Файл «{path}» не найден.")
    with file.open("rb") as handle:
        problem = upload_problem(name=file.name, size=file.stat().st_size, head=handle.read(8))
    if problem:
        raise CommandError(problem)
    return file


def stored_upload(*, school: School, kind: str, file: Path):
    with file.open("rb") as handle:
        return upload_create(school=school, kind=kind, name=file.name, content=File(handle), user=None)


def report(command: BaseCommand, *, result: ImportResult, as_json: bool, dry_run: bool) -> None:
    """Print the outcome (``result.as_json()``); fail (exit status 1) when errors stopped the file from
    being saved."""
    labels = {**LABELS, "saved": "будет сохранено" if dry_run else "сохранено"}
    report_import(command, errors=result.errors, payload=result.as_json(), labels=labels, as_json=as_json)
