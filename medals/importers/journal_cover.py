"""What a new journal extract replaces: only the pupils, subjects and periods it contains, unless told
to replace the whole year.

A school head who uploads a six-row extract means those six rows, not «delete the rest of the year».
So a mark of the current version is *covered* by the new file when the file has marks of the same
candidate, subject, school year and period. Period marks (четвертные, полугодовые, годовые, итоговые)
are covered by their own period; a dated mark (текущая, контрольная …) by the half of the school year
its date falls in (1 September – 31 December, 1 January – 31 August), which is safe whichever
quarters or trimesters the school keeps.

With «дополнить» (the default) the covered marks are replaced and every other mark of the current
version is carried into the new version; with «заменить полностью» the new version holds only the
file's marks, and the marks it drops are counted as removed. Either way the preview names what the
file lacks and the old version had.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..models import ExtractVersion, Grade, Period

COVERED, ALL = "covered", "all"
REPLACE_CHOICES = ((COVERED, "дополнить"), (ALL, "заменить полностью"))
HALF_LABELS = {"h1": "отметки с датой сентябрь–декабрь", "h2": "отметки с датой январь–август"}
SHOWN_LACKING = 200  # the preview lists this many candidate/subject lines; the counts are always whole


def bucket(period: str, work_date: date | None) -> str:
    """The period a mark belongs to for coverage: its own period, or the half-year of its date."""
    if period:
        return period
    if work_date is None:
        return ""
    return "dated-h1" if work_date.month >= 9 else "dated-h2"


def bucket_label(key: str) -> str:
    if key.startswith("dated-"):
        return HALF_LABELS[key.removeprefix("dated-")]
    return Period(key).label if key in Period.values else key


@dataclass
class Coverage:
    """The (candidate, subject, school year, period) the new file has marks for."""

    keys: set[tuple[int, int, int, str]] = field(default_factory=set)

    def add(self, candidate: int, subject: int, year: int, period: str, work_date: date | None) -> None:
        self.keys.add((candidate, subject, year, bucket(period, work_date)))

    def covers(self, candidate: int, subject: int, year: int, period: str, work_date: date | None) -> bool:
        return (candidate, subject, year, bucket(period, work_date)) in self.keys


@dataclass
class Comparison:
    covered: int = 0  # marks of the current version the file replaces
    lacking: int = 0  # marks of the current version the file does not have
    lines: list[dict] = field(default_factory=list)  # who and what the file lacks, for the preview


LACK_FIELDS = (
    "candidate_id",
    "candidate__pupil__last_name",
    "candidate__pupil__first_name",
    "candidate__pupil__middle_name",
    "subject_id",
    "subject__name",
    "academic_year",
    "period",
    "work_date",
)


def compare(coverage: Coverage, versions: Iterable[ExtractVersion]) -> Comparison:
    """Split the marks of the current versions into covered by the file and lacking from it."""
    result = Comparison()
    in_file = {key[0] for key in coverage.keys}
    lacking: dict[tuple, dict] = {}
    grades = Grade.objects.filter(version__in=list(versions)).values_list(*LACK_FIELDS)
    for candidate, last, first, middle, subject_id, subject, year, period, work_date in grades.iterator():
        if coverage.covers(candidate, subject_id, year, period, work_date):
            result.covered += 1
            continue
        result.lacking += 1
        key = (candidate, subject_id, year)
        line = lacking.get(key)
        if line is None:
            name = " ".join(part for part in (last, first, middle) if part)
            line = lacking[key] = {
                "candidate": name,
                "subject": subject,
                "year": f"{year}-{year + 1}",
                "absent": candidate not in in_file,  # the candidate is not in the file at all
                "periods": set(),
                "marks": 0,
            }
        line["periods"].add(bucket(period, work_date))
        line["marks"] += 1
    order = sorted(lacking.values(), key=lambda line: (line["candidate"], line["subject"], line["year"]))
    for line in order[:SHOWN_LACKING]:
        line["periods"] = [bucket_label(key) for key in sorted(line["periods"], key=_period_order)]
        result.lines.append(line)
    return result


def _period_order(key: str) -> tuple[int, str]:
    order = [*[p for p in Period.values if p], "dated-h1", "dated-h2"]
    return (order.index(key) if key in order else len(order), key)


def carry_over_rows(coverage: Coverage, old: Iterable[ExtractVersion], new_ids: dict[int, int], fields):
    """The rows of the old versions' uncovered marks, moved into the new version of the same year."""
    by_year = defaultdict(list)
    for version in old:
        by_year[version.academic_year].append(version.pk)
    for year, version_ids in by_year.items():
        grades = Grade.objects.filter(version_id__in=version_ids).values_list(*fields)
        for row in grades.iterator():
            values = dict(zip(fields, row, strict=True))
            if coverage.covers(
                values["candidate"], values["subject"], year, values["period"], values["work_date"]
            ):
                continue
            values["version"] = new_ids[year]
            yield tuple(values[name] for name in fields)
