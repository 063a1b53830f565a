import json

from django.core.management.base import BaseCommand

from assessments.flag_years import flag_history
from assessments.objectivity import num, objectivity_rows, pct
from schools.cli import municipality_option


class Command(BaseCommand):
    help = "Анализ объективности ВПР за год: доли «понизили / подтвердили / повысили» и признаки по школам."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="год ВПР, например 2024")
        parser.add_argument("--json", action="store_true", help="список строк в JSON")
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(self, *args, year: int, json: bool, municipality: str | None, **options) -> None:
        target = municipality_option(municipality)
        rows = objectivity_rows(municipality=target, year=year)
        if json:
            history = flag_history(target)
            self.stdout.write(
                _dumps(
                    [
                        {
                            **row.as_json(),
                            "official_list": history.on_list(row.school, year),
                            "school_kind": row.school.get_kind_display(),
                            "flagged_years": history.school_years(row.school).flagged_years,
                        }
                        for row in rows
                    ]
                )
            )
            return
        if not rows:
            self.stdout.write(f"Результатов ВПР за {year} год нет.")
        for row in rows:
            self.stdout.write(
                f"{row.school.code} {row.school.short_name} | {row.subject}, {row.grade} кл. | "
                f"участников {row.participants} | понизили {pct(row.lowered)}, "
                f"подтвердили {pct(row.confirmed)}, повысили {pct(row.raised)} | "
                f"средняя {num(row.mean_mark or 0)} (муниципалитет {num(row.municipal_mean_mark or 0)})"
            )
            for flag in row.flags:
                self.stdout.write(f"    ! {flag}")


def _dumps(data: list) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
