from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.retention import retention_end
from depersonalisation.expired import depersonalise_all


class Command(BaseCommand):
    help = (
        "Обезличить обучающихся, срок хранения персональных данных которых истёк (по сроку каждого "
        "муниципалитета), и удалить файлы, где они названы. То же делает beat каждый день."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Считать сегодняшним днём (ГГГГ-ММ-ДД), по умолчанию — сегодня")
        parser.add_argument("--dry-run", action="store_true", help="Только посчитать, ничего не менять")

    def handle(self, *args, date: str | None, dry_run: bool, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(
                f"Дата «{date}» не распознана: нужен вид ГГГГ-ММ-ДД, например 2025-09-01."
            ) from None
        verb = "будет обезличено" if dry_run else "обезличено"
        for done in depersonalise_all(today=today, dry_run=dry_run):
            kept_until = retention_end(
                graduation_year=done.first_kept_year,
                keep_years=done.municipality.pupil_data_keep_years,
            )
            self.stdout.write(
                f"{done.municipality}: {verb} обучающихся: {done.pupils}, файлов удалено: {done.files} "
                f"(хранятся выпуски с {done.first_kept_year} года, он — до {kept_until:%d.%m.%Y})"
            )
