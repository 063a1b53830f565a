from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.aggregates import rebuild_aggregates
from schools.cli import municipality_option


class Command(BaseCommand):
    help = (
        "Пересчитать итоги школ по ВПР (участники, понизили/подтвердили/повысили, распределение отметок), "
        "которые читает анализ объективности: для данных, загруженных в обход импорта."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", help="наименование или id муниципалитета (по умолчанию все)")

    def handle(self, *args, municipality: str | None, **options) -> None:
        target = municipality_option(municipality) if municipality else None
        with transaction.atomic():
            written = rebuild_aggregates(target)
        where = f" ({target})" if target else ""
        self.stdout.write(f"Итоги школ по ВПР пересчитаны{where}: строк {written}.")
