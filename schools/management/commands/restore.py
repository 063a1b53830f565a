from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schools.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Восстановить архив `manage.py backup` в пустую установку (пустая база DATABASE_URL и пустой "
        "MEDIA_ROOT) и сверить число строк каждой таблицы и контрольные суммы файлов."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Архив roadmap-backup-….tar.gz")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            result = backup_restore(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Восстановлено из {result.path}: таблиц: {result.tables}, строк: {result.rows}, "
            f"файлов: {result.files}. Всё совпадает с архивом."
        )
