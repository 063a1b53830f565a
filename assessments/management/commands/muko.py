from assessments.muko import MukoCounts, muko_counts
from schools.models import Municipality

from ._common import YearReportCommand


class Command(YearReportCommand):
    help = (
        "Показатели механизмов управления качеством образования (объективность ВПР) муниципалитета за год: "
        "школы, признаки, наблюдатели, перепроверка, адресные меры."
    )
    json_help = "показатели одним объектом JSON"

    def figures(self, municipality: Municipality, year: int) -> MukoCounts:
        return muko_counts(municipality=municipality, year=year)

    def as_json(self, figures: MukoCounts, municipality: Municipality, year: int) -> dict:
        return figures.indicators()

    def write_text(self, figures: MukoCounts, municipality: Municipality, year: int) -> None:
        self.stdout.write(f"{municipality.name}, {year} год")
        for indicator, _, text in figures.lines():
            self.stdout.write(f"{indicator.label}: {text}")
        for note in figures.notes:
            self.stdout.write(f"    ! {note}")
