from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from medals.importers.register import register_check, register_save
from medals.models import Upload

from ._common import existing_file, report, school_by_code, stored_upload


class Command(BaseCommand):
    help = "Загрузить реестр претендентов на медаль одной школы."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Файл .xlsx или .csv по шаблону реестра")
        parser.add_argument("--school", required=True, help="Код школы")
        parser.add_argument("--dry-run", action="store_true", help="Только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="Вывести итог в JSON")

    def handle(self, *args, path: str, school: str, dry_run: bool, json: bool, **options) -> None:
        target = school_by_code(school)
        file = existing_file(path)
        if dry_run:
            result = register_check(school=target, path=file, name=file.name)
        else:
            result = register_save(
                upload=stored_upload(school=target, kind=Upload.Kind.CANDIDATES, file=file)
            )
        report(self, result=result, payload=result.as_register_json(), as_json=json, dry_run=dry_run)
