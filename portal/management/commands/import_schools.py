from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.imports.commands import add_check_arguments, add_column_argument, column_answers, report_import
from portal.school_import import school_list_import
from schools.school_import import SCHOOL_COLUMNS


class Command(BaseCommand):
    help = (
        "Загрузить список школ из таблицы (.xlsx, .xls или .csv): код, наименования, тип, муниципалитет, "
        "логин ФИС ОКО."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv")
        add_check_arguments(parser)
        add_column_argument(
            parser,
            metavar="СТОЛБЕЦ=ЗАГОЛОВОК",
            help="Какой столбец файла чем считать, например «Код=Код по ОКПО» (можно несколько раз)",
        )

    def handle(self, *args, path: str, dry_run: bool, json: bool, column: list[str], **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        chosen = column_answers(column, SCHOOL_COLUMNS)
        result = school_list_import(path=file, name=file.name, dry_run=dry_run, chosen=chosen)
        payload = {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "errors": result.errors,
        }
        labels = {
            "rows": "строк",
            "created": "будет добавлено" if dry_run else "добавлено",
            "updated": "обновлено",
        }
        report_import(self, errors=result.errors, payload=payload, labels=labels, as_json=json)
