from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.builders import BUILDERS, build_document
from reports.documents import ReportError


class Command(BaseCommand):
    help = "Построить отчёт без Celery и записать в файл. Без --roadmap, --meeting, --year берётся последнее."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(BUILDERS), help="Вид отчёта.")
        parser.add_argument("--out", required=True, help="Куда записать файл.")
        parser.add_argument("--roadmap", type=int, help="Номер (id) дорожной карты.")
        parser.add_argument("--meeting", type=int, help="Номер (id) совещания.")
        parser.add_argument("--year", type=int, help="Год для пробных экзаменов, претендентов и ВПР.")
        parser.add_argument("--schedule", type=int, help="Номер (id) графика пробных экзаменов.")

    def handle(self, *args, **options) -> None:
        keys = ("roadmap", "meeting", "year", "schedule")
        params = {key: options[key] for key in keys if options[key] is not None}
        try:
            built = build_document(kind=options["kind"], params=params, owner=None)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(built.content)
        self.stdout.write(f"{built.filename}: {len(built.content)} байт записано в {out}")
