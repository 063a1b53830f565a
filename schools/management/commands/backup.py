from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schools.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Резервная копия: один архив с дампом PostgreSQL (согласованный снимок) и всеми файлами "
        "(доказательства, загрузки, отчёты). По умолчанию в var/backups/ (BACKUP_DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", type=Path, help="Каталог для архива")

    def handle(self, *args, output_dir: Path | None, **options) -> None:
        try:
            result = backup_create(output_dir=output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Архив: {result.path}\nтаблиц: {result.tables}, строк: {result.rows}, файлов: {result.files}"
        )
