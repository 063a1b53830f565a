from __future__ import annotations

import json as json_module

from django.core.management.base import BaseCommand, CommandParser

from medals.comparison import grade_disagreements
from medals.models import Candidate

from ._common import school_by_code


class Command(BaseCommand):
    help = "Показать расхождения отметок журнала и тетрадей у претендентов школы."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="Код школы")
        parser.add_argument("--json", action="store_true", help="Вывести список в JSON")

    def handle(self, *args, school: str, json: bool, **options) -> None:
        target = school_by_code(school)
        ids = Candidate.objects.filter(school=target, is_active=True).values_list("pk", flat=True)
        found = grade_disagreements(candidate_ids=ids)
        if json:
            self.stdout.write(json_module.dumps([d.as_json() for d in found], ensure_ascii=False, indent=2))
            return
        for d in found:
            self.stdout.write(
                f"{d.pupil}, {d.class_name}, {d.subject}, {d.date:%d.%m.%Y}, {d.work}: "
                f"журнал {d.journal or 'нет отметки'}, тетрадь {d.notebook}"
            )
        self.stdout.write(f"Расхождений: {len(found)}")
