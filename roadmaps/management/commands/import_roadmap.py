"""python manage.py import_roadmap PATH [--dry-run] [--json] [--municipality …] [--school …] [--user …]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.commands import write_json
from roadmaps.importer import ParsedRoadmap, RoadmapImportError, check_size, check_suffix, parse_roadmap
from schools.cli import municipality_option
from schools.models import Municipality, School, User


def summary(parsed: ParsedRoadmap) -> str:
    """A short Russian account of what was read, for a person at a terminal."""
    period = parsed.period
    approval = parsed.approval
    lines = [
        f"Дорожная карта: {parsed.title}",
        f"Период: {period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}" if period else "Период: не определён",
    ]
    approved = []
    if approval.approved_by:
        approved.append(approval.approved_by)
    if approval.order_number:
        approved.append(f"приказ №{approval.order_number}")
    if approval.order_date:
        approved.append(f"от {approval.order_date:%d.%m.%Y}")
    lines.append("Утверждена: " + (" ".join(approved) if approved else "сведений нет"))
    order = []
    if approval.signed_by:
        order.append(f"подписал {approval.signed_by}")
    if approval.appendix:
        order.append(f"план — {approval.appendix[0].lower()}{approval.appendix[1:]} к приказу")
    if order:
        lines.append("Приказ: " + "; ".join(order))
    with_dates = [measure for measure in parsed.measures if measure.extra_dates]
    if with_dates:
        lines.append(f"Мероприятий с дополнительными датами: {len(with_dates)}")
    lines.append(
        f"Разделов: {len(parsed.sections)}, мероприятий: {len(parsed.measures)}, "
        f"приложений: {len(parsed.appendices)}"
    )
    if parsed.warnings:
        lines.append(f"Предупреждения ({len(parsed.warnings)}):")
        lines.extend(f"  – {warning}" for warning in parsed.warnings)
    else:
        lines.append("Предупреждений нет.")
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Читает дорожную карту из .docx, .xlsx или .txt и сохраняет её (или только показывает с --dry-run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="путь к файлу дорожной карты")
        parser.add_argument(
            "--dry-run", action="store_true", help="только прочитать и показать, ничего не сохранять"
        )
        parser.add_argument("--json", action="store_true", help="вывести прочитанный документ в JSON")
        parser.add_argument(
            "--full",
            action="store_true",
            help="с --json: добавить сведения о приказе («order»: номер, дата, кто подписал, "
            "каким приложением является план) и дополнительные даты мероприятий («extra_dates»)",
        )
        parser.add_argument(
            "--municipality", help="муниципалитет (id или наименование); нужен, если их несколько"
        )
        parser.add_argument("--school", help="код школы, если это план одной школы")
        parser.add_argument("--user", help="логин пользователя, от имени которого сохраняется карта")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        try:
            check_suffix(path.name)
            check_size(path.stat().st_size, path.name)
            parsed = parse_roadmap(path.read_bytes(), path.name)
        except RoadmapImportError as exc:
            raise CommandError(str(exc)) from exc

        if options["json"]:
            write_json(self, parsed.as_json(full=options["full"]))
        else:
            self.stdout.write(summary(parsed))
        if options["dry_run"]:
            return

        municipality = municipality_option(options["municipality"])
        school = self._school(options["school"], municipality)
        user = self._user(options["user"])
        from roadmaps.importer.save import roadmap_import_save

        try:
            roadmap = roadmap_import_save(
                parsed=parsed, municipality=municipality, created_by=user, school=school
            )
        except RoadmapImportError as exc:
            raise CommandError(str(exc)) from exc
        # With --json stdout carries only the document, so the confirmation goes to stderr.
        out = self.stderr if options["json"] else self.stdout
        out.write(f"Сохранена дорожная карта №{roadmap.pk}: мероприятий {roadmap.measures.count()}.")

    def _school(self, code: str | None, municipality: Municipality) -> School | None:
        if not code:
            return None
        school = School.objects.filter(code=code, municipality=municipality).first()
        if school is None:
            raise CommandError(f"Школа с кодом «{code}» в муниципалитете «{municipality}» не найдена.")
        return school

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Пользователь «{username}» не найден.")
        return user
