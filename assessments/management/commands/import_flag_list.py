from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.flag_list import flag_list_check, flag_list_save
from common.commands import write_json
from schools.cli import municipality_option


class Command(BaseCommand):
    help = (
        "Загрузить официальный список школ с признаками необъективных результатов ВПР за год "
        "(столбцы «Логин ОО» и/или «Наименование ОО»; «Муниципалитет», «Предмет», «Класс», «Год» — "
        "по желанию). "
        "Список года заменяет прежний список того же года."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="файл .xlsx, .xls, .ods или .csv")
        parser.add_argument("--year", type=int, required=True, help="год ВПР, например 2024")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="итог в JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(self, *args, path: str, year: int, dry_run: bool, json: bool, municipality, **options) -> None:
        target = municipality_option(municipality)
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        result = flag_list_check(content=file.read_bytes(), name=file.name, municipality=target, year=year)
        if result.ok and not dry_run:
            flag_list_save(result=result, municipality=target)
        if json:
            write_json(self, result.as_json())
        else:
            self._report(result, dry_run)
        if not result.ok:
            raise CommandError(f"Список не загружен: ошибок {len(result.errors)}, ничего не сохранено.")

    def _report(self, result, dry_run: bool) -> None:
        self.stdout.write(f"Строк в списке: {result.rows}; школ муниципалитета: {len(result.listed)}.")
        if result.other_municipality:
            self.stdout.write(f"Строк других муниципалитетов пропущено: {result.other_municipality}.")
        for school in result.schools():
            self.stdout.write(f"  {school.code} {school.short_name}")
        for item in result.unmatched:
            self.stdout.write(f"  Строка {item['row']}: школа не найдена — «{item['text']}»")
        for issue in result.errors:
            self.stdout.write(f"  Ошибка: {issue}")
        if result.ok:
            self.stdout.write(
                "Проверено, ничего не сохранено (--dry-run)." if dry_run else "Список сохранён."
            )
