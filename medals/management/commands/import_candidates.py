from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.imports.commands import add_check_arguments, add_column_argument, column_answers
from medals.forms import FIRST_YEAR, LAST_YEAR
from medals.importers.register import COLUMNS, register_check, register_save
from medals.models import Upload

from ._common import existing_file, report, school_by_code, stored_upload


class Command(BaseCommand):
    help = "Загрузить реестр претендентов на медаль одной школы."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv по шаблону реестра")
        parser.add_argument("--school", required=True, help="Код школы")
        add_check_arguments(parser)
        parser.add_argument(
            "--year",
            type=int,
            help="Год выпуска 11-х классов для реестра без столбца «Учебный год» (по умолчанию — текущий)",
        )
        add_column_argument(
            parser,
            metavar="СТОЛБЕЦ=ЗАГОЛОВОК",
            help="Какой столбец файла чем считать, например «Степень медали=Награда» (можно несколько раз)",
        )

    def handle(
        self,
        *args,
        path: str,
        school: str,
        dry_run: bool,
        json: bool,
        year: int | None,
        column: list[str],
        **options,
    ) -> None:
        target = school_by_code(school)
        file = existing_file(path)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year}: укажите год выпуска от {FIRST_YEAR} до {LAST_YEAR}.")
        chosen = column_answers(column, COLUMNS) or None
        if dry_run:
            result = register_check(
                school=target, path=file, name=file.name, graduation_year=year, chosen=chosen
            )
        else:
            result = register_save(
                upload=stored_upload(school=target, kind=Upload.Kind.CANDIDATES, file=file),
                graduation_year=year,
                chosen=chosen,
            )
        report(self, result=result, as_json=json, dry_run=dry_run)
