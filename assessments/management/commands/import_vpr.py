import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.cli import municipality_option
from assessments.vpr_import import vpr_import


class Command(BaseCommand):
    help = "Загрузить результаты ВПР из выгрузки ФИС ОКО «Индивидуальные результаты» (.xlsx или .csv)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="файл .xlsx или .csv")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="итог в JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(
        self, *args, path: str, dry_run: bool, json: bool, municipality: str | None, **options
    ) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл {path} не найден.")
        report = vpr_import(
            content=file.read_bytes(),
            filename=file.name,
            municipality=municipality_option(municipality),
            dry_run=dry_run,
        )
        if json:
            self.stdout.write(_dumps(report.as_json()))
        else:
            for issue in report.errors:
                self.stdout.write(str(issue))
            for warning in report.warnings:
                self.stdout.write(f"Предупреждение: {warning}")
            if report.matched:
                how = "записаны школам" if report.saved else "будут записаны школам при загрузке"
                self.stdout.write(f"Логины ФИС ОКО, найденные по «Названию ОО» ({how}):")
                for match in report.matched:
                    self.stdout.write(f"  {match.login} → {match.school.short_name} («{match.name}»)")
            if report.ok:
                verb = "проверен, ошибок нет" if dry_run else "загружен"
                counts = f"участников {len(report.rows)}, школ {len(report.schools())}"
                self.stdout.write(f"{report.title}: файл {verb}; {counts}.")
        if not report.ok:
            raise CommandError(f"Файл не загружен: ошибок {len(report.errors)}.")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
