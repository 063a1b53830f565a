from __future__ import annotations

import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schools.school_import import schools_import


class Command(BaseCommand):
    help = "Загрузить список школ из таблицы (.xlsx или .csv): код, наименования, тип, муниципалитет."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv")
        parser.add_argument("--dry-run", action="store_true", help="Только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="Вывести итог в JSON")

    def handle(self, *args, path: str, dry_run: bool, json: bool, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        result = schools_import(path=file, name=file.name, dry_run=dry_run)
        if json:
            payload = {
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "errors": result.errors,
            }
            self.stdout.write(json_module.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for error in result.errors:
                where = f"строка {error['row']}" if error["row"] else "файл"
                column = f", столбец «{error['column']}»" if error["column"] else ""
                self.stderr.write(f"{where}{column}: {error['message']}")
            verb = "будет добавлено" if dry_run else "добавлено"
            self.stdout.write(f"строк: {result.rows}, {verb}: {result.created}, обновлено: {result.updated}")
        if result.errors:
            raise CommandError(f"Ничего не сохранено: ошибок в файле {len(result.errors)}.")
