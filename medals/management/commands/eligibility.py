"""Which of a school's medal candidates the rules of Приказ № 730 grant a medal, as a table or JSON."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from common.commands import write_json
from medals.eligibility import eligible_degree
from medals.importers.register import current_graduation_year
from medals.models import Candidate
from medals.risks import candidate_assessments

from ._common import school_by_code

ROMAN = {1: "I", 2: "II"}


def eligibility_rows(*, school, year: int) -> list[dict]:
    """One row per active candidate: the shape ``--json`` prints."""
    candidates = list(
        Candidate.objects.filter(school=school, graduation_year=year, is_active=True).select_related(
            "pupil", "previous_school"
        )
    )
    assessed = candidate_assessments(candidates=candidates)
    rows = []
    for candidate in candidates:
        checks = assessed[candidate.pk].eligibility
        degree = eligible_degree(checks)
        claimed = next(c for c in checks if c.rule.degree == candidate.degree)
        # Why the claimed medal is not granted; when it is (or a higher one), what the granted check noted.
        granted = next((c for c in checks if c.rule.degree == degree), None)
        shown = granted if granted is not None and degree <= candidate.degree else claimed
        rows.append(
            {
                "pupil": candidate.pupil.full_name,
                "class": candidate.pupil.class_name,
                "claimed": ROMAN[candidate.degree],
                "exam": candidate.exam_form,
                "eligible": ROMAN.get(degree) if degree else None,
                "reasons": list(shown.notes),
            }
        )
    return rows


class Command(BaseCommand):
    help = "Соответствие претендентов школы требованиям к медали (Приказ № 730): таблица или --json."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--school", required=True, help="Код школы.")
        parser.add_argument("--year", type=int, help="Год выпуска; по умолчанию текущий учебный год.")
        parser.add_argument("--json", action="store_true", help="Вывести JSON.")

    def handle(self, *args, **options) -> None:
        school = school_by_code(options["school"])
        year = options["year"] or current_graduation_year()
        if not 2000 <= year <= 2100:
            raise CommandError(f"Год выпуска {year} вне диапазона 2000–2100.")
        rows = eligibility_rows(school=school, year=year)
        if options["json"]:
            write_json(self, rows)
            return
        if not rows:
            self.stdout.write(f"{school.short_name}: претендентов {year} года выпуска нет.")
        for row in rows:
            verdict = f"медаль {row['eligible']} степени" if row["eligible"] else "медаль не подтверждается"
            reasons = "; ".join(row["reasons"])
            self.stdout.write(
                f"{row['pupil']} ({row['class']}, {row['exam']}), претендует на {row['claimed']}: "
                f"{verdict}{' — ' + reasons if reasons else ''}"
            )
