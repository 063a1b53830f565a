import json

from django.core.management.base import BaseCommand

from assessments.muko import muko_counts
from schools.cli import municipality_option


class Command(BaseCommand):
    help = (
        "Показатели механизмов управления качеством образования (объективность ВПР) муниципалитета за год: "
        "школы, признаки, наблюдатели, перепроверка, адресные меры."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="год ВПР, например 2024")
        parser.add_argument("--json", action="store_true", help="показатели одним объектом JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(self, *args, year: int, json: bool, municipality: str | None, **options) -> None:
        target = municipality_option(municipality)
        counts = muko_counts(municipality=target, year=year)
        if json:
            self.stdout.write(_dumps(counts.indicators()))
            return
        self.stdout.write(f"{target.name}, {year} год")
        for indicator, _, text in counts.lines():
            self.stdout.write(f"{indicator.label}: {text}")
        for note in counts.notes:
            self.stdout.write(f"    ! {note}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
