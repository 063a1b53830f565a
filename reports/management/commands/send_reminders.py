from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.reminders import digests_send


class Command(BaseCommand):
    help = "Разослать письма о сроках мероприятий (то же, что делает ежечасная задача Celery beat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Дата по местному времени, ГГГГ-ММ-ДД (по умолчанию — сегодня в каждом муниципалитете).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Только посчитать: ничего не отправлять.")

    def handle(self, *args, **options) -> None:
        local_date = None
        if options["date"]:
            try:
                local_date = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"Дата «{options['date']}» не в формате ГГГГ-ММ-ДД, например 2024-03-15."
                ) from exc
        result = digests_send(local_date=local_date, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                f"Пробный запуск: было бы отправлено {result.sent}, пропущено {result.skipped}. "
                "Письма не отправлялись."
            )
            return
        self.stdout.write(f"Отправлено: {result.sent}, пропущено: {result.skipped}, ошибок: {result.failed}.")
        if result.failed:
            raise CommandError(
                f"Не удалось отправить писем: {result.failed}; следующий запуск попробует снова."
            )
