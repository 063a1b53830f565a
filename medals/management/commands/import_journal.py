from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from common.imports.commands import add_check_arguments, add_column_argument, column_answers
from medals.importers.journal import journal_check, journal_save
from medals.importers.journal_cover import ALL, COVERED
from medals.importers.journal_read import COLUMN_LIST
from medals.importers.journal_result import describe
from medals.models import Source, Upload

from ._common import existing_file, report, school_by_code, stored_upload


class Command(BaseCommand):
    help = "Загрузить выгрузку из электронного журнала (или отметки из тетрадей) претендентов одной школы."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv по шаблону выгрузки")
        parser.add_argument("--school", required=True, help="Код школы")
        parser.add_argument("--source", choices=[Source.JOURNAL, Source.NOTEBOOK], default=Source.JOURNAL)
        add_check_arguments(parser)
        add_column_argument(
            parser, help="Какой столбец файла какой: «Предмет=Дисциплина» (можно несколько раз)"
        )
        parser.add_argument(
            "--replace",
            choices=[COVERED, ALL],
            default=COVERED,
            help="covered (по умолчанию): заменить только отметки тех претендентов, предметов и периодов, "
            "что есть в файле; all: заменить весь учебный год",
        )

    def handle(
        self,
        *args,
        path: str,
        school: str,
        source: str,
        dry_run: bool,
        json: bool,
        replace: str,
        column: list[str],
        **options,
    ) -> None:
        target = school_by_code(school)
        file = existing_file(path)
        chosen = column_answers(column, COLUMN_LIST) or None
        if dry_run:
            result = journal_check(
                school=target, source=source, path=file, name=file.name, replace=replace, chosen=chosen
            )
        else:
            kind = Upload.Kind.NOTEBOOK if source == Source.NOTEBOOK else Upload.Kind.JOURNAL
            upload = stored_upload(school=target, kind=kind, file=file)
            result = journal_save(upload=upload, replace=replace, chosen=chosen)
        if not json:
            for line in describe(result):
                self.stderr.write(line)
        report(self, result=result, as_json=json, dry_run=dry_run)
