from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.vpr_import import vpr_import
from assessments.vpr_layout import COLUMNS
from assessments.vpr_scales import scale_text
from common.commands import write_json
from common.imports.commands import column_answers
from schools.cli import municipality_option


class Command(BaseCommand):
    help = (
        "Загрузить результаты ВПР: выгрузку ФИС ОКО «Индивидуальные результаты» или «Протокол» школы "
        "(.xlsx или .csv)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="файл .xlsx или .csv")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="итог в JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")
        parser.add_argument("--subject", help="«Протокол» школы: предмет, если форма его не называет")
        parser.add_argument("--grade", type=int, help="«Протокол» школы: класс, если форма его не называет")
        parser.add_argument("--year", type=int, help="«Протокол» школы: год ВПР, если форма его не называет")
        parser.add_argument(
            "--scale",
            help="«Протокол» школы: с какого первичного балла «3», «4», «5», например 7,11,15 "
            "(сохраняется для этого предмета, класса и года)",
        )
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="СТОЛБЕЦ=ЗАГОЛОВОК",
            help="какой столбец файла какой, если заголовок не узнан, например «Отметка=Оценка 5» "
            "(можно несколько раз)",
        )

    def handle(
        self,
        *args,
        path: str,
        dry_run: bool,
        json: bool,
        municipality: str | None,
        subject: str | None,
        grade: int | None,
        year: int | None,
        scale: str | None,
        column: list[str],
        **options,
    ) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл {path} не найден.")
        chosen = column_answers(column, COLUMNS) or None
        report = vpr_import(
            content=file.read_bytes(),
            filename=file.name,
            municipality=municipality_option(municipality),
            dry_run=dry_run,
            options={
                key: value
                for key, value in (("subject", subject), ("grade", grade), ("year", year), ("scale", scale))
                if value
            },
            chosen=chosen,
        )
        if json:
            write_json(self, report.as_json())
        else:
            for issue in report.errors:
                self.stdout.write(str(issue))
            for warning in report.warnings:
                self.stdout.write(f"Предупреждение: {warning}")
            if report.matched:
                how = (
                    "записаны школам"
                    if report.saved
                    else "будут записаны школам при загрузке"
                    if report.ok
                    else "не записаны: файл не загружен"
                )
                self.stdout.write(f"Логины ФИС ОКО, найденные по «Названию ОО» ({how}):")
                for match in report.matched:
                    self.stdout.write(f"  {match.login} → {match.school.short_name} («{match.name}»)")
            if report.scale:
                how = "сохранена" if report.store_scale and report.saved else report.scale_source
                self.stdout.write(f"Шкала отметок ({how}): {scale_text(report.scale)}.")
            if report.ok:
                verb = "проверен, ошибок нет" if dry_run else "загружен"
                counts = f"участников {len(report.rows)}, школ {len(report.schools())}"
                if report.absent:
                    counts += f", отсутствовали {report.absent}"
                self.stdout.write(f"{report.title}: файл {verb}; {counts}.")
        if not report.ok:
            raise CommandError(f"Файл не загружен: ошибок {len(report.errors)}.")
