from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.mark_statistics import statistics_check, statistics_save
from assessments.models import Subject
from common.commands import write_json
from schools.cli import municipality_option


class Command(BaseCommand):
    help = (
        "Загрузить форму ФИС ОКО «Статистика по отметкам» одной ВПР: распределение отметок по России и "
        "региону (для сравнения школ с регионом). Повторная загрузка той же ВПР заменяет цифры."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="файл формы .xlsx, .xls или .csv")
        parser.add_argument("--year", type=int, required=True, help="год ВПР")
        parser.add_argument("--subject", required=True, help="предмет, как в справочнике: «Математика»")
        parser.add_argument("--grade", type=int, required=True, help="класс")
        parser.add_argument("--dry-run", action="store_true", help="только проверить")
        parser.add_argument("--json", action="store_true", help="итог в JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(self, *args, path, year, subject, grade, dry_run, json, municipality, **options) -> None:
        target = municipality_option(municipality)
        found = Subject.objects.filter(name__iexact=subject.strip()).first()
        if found is None:
            raise CommandError(f"Предмет «{subject}» не найден в справочнике предметов.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        result = statistics_check(content=file.read_bytes(), name=file.name)
        if result.ok and not dry_run:
            statistics_save(result=result, municipality=target, year=year, subject=found, grade=grade)
        if json:
            write_json(self, result.as_json())
        else:
            for row in result.rows:
                shares = ", ".join(f"«{m}» {v:g}%" for m, v in row.shares.items())
                self.stdout.write(f"{row.name}: участников {row.participants}; {shares}")
            for issue in result.errors:
                self.stdout.write(f"Ошибка: {issue}")
        if not result.ok:
            raise CommandError(f"Форма не загружена: ошибок {len(result.errors)}, ничего не сохранено.")
