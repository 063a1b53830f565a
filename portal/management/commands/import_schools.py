from __future__ import annotations

import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.imports import parse_column_answers
from portal.school_import import school_list_import
from schools.school_import import SCHOOL_COLUMNS


class Command(BaseCommand):
    help = (
        "Загрузить список школ из таблицы (.xlsx, .xls или .csv): код, наименования, тип, муниципалитет, "
        "логин ФИС ОКО."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv")
        parser.add_argument("--dry-run", action="store_true", help="Только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="Вывести итог в JSON")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="СТОЛБЕЦ=ЗАГОЛОВОК",
            help="Какой столбец файла чем считать, например «Код=Код по ОКПО» (можно несколько раз)",
        )

    def handle(self, *args, path: str, dry_run: bool, json: bool, column: list[str], **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        try:
            chosen = parse_column_answers(column, SCHOOL_COLUMNS)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        result = school_list_import(path=file, name=file.name, dry_run=dry_run, chosen=chosen)
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
