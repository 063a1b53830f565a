from assessments.flag_years import flag_history
from assessments.objectivity import ObjectivityRow, num, objectivity_rows, pct
from schools.models import Municipality

from ._common import YearReportCommand


class Command(YearReportCommand):
    help = "Анализ объективности ВПР за год: доли «понизили / подтвердили / повысили» и признаки по школам."
    json_help = "список строк в JSON"

    def figures(self, municipality: Municipality, year: int) -> list[ObjectivityRow]:
        return objectivity_rows(municipality=municipality, year=year)

    def as_json(self, figures: list[ObjectivityRow], municipality: Municipality, year: int) -> list[dict]:
        history = flag_history(municipality)
        return [
            {
                **row.as_json(),
                "official_list": history.on_list(row.school, year),
                "school_kind": row.school.get_kind_display(),
                "flagged_years": history.school_years(row.school).flagged_years,
            }
            for row in figures
        ]

    def write_text(self, figures: list[ObjectivityRow], municipality: Municipality, year: int) -> None:
        if not figures:
            self.stdout.write(f"Результатов ВПР за {year} год нет.")
        for row in figures:
            self.stdout.write(
                f"{row.school.code} {row.school.short_name} | {row.subject}, {row.grade} кл. | "
                f"участников {row.participants} | понизили {pct(row.lowered)}, "
                f"подтвердили {pct(row.confirmed)}, повысили {pct(row.raised)} | "
                f"средняя {num(row.mean_mark or 0)} (муниципалитет {num(row.municipal_mean_mark or 0)})"
            )
            for flag in row.flags:
                self.stdout.write(f"    ! {flag}")
