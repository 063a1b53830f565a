"""Writing a journal extract's marks in batches, and its new versions made current in place of the old."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count

from schools.models import School

from ..models import ExtractVersion, Grade, Upload
from .journal_cover import ALL, COVERED, Coverage, carry_over_rows, compare
from .journal_result import JournalResult

BATCH = 5000
INSERT_FIELDS = (
    "candidate",
    "version",
    "source",
    "subject",
    "academic_year",
    "class_name",
    "period",
    "work_kind",
    "work_title",
    "work_date",
    "mark",
    "value",
    "teacher",
)


def insert_marks(rows: list[tuple]) -> None:
    """Write a batch of marks: model instances and bulk_create cost more than reading.

    PostgreSQL takes them with COPY: an INSERT per row took two thirds of saving a 100,000-row extract
    (`make bench`). The embedded SQLite mode uses one executemany.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Grade._meta.get_field(name).column) for name in INSERT_FIELDS)
    table = quote(Grade._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def current_versions(school: School, source: str, years: list[int]):
    """The school's current extract versions from one source for these school years."""
    return ExtractVersion.objects.filter(
        school=school, source=source, academic_year__in=years, is_current=True
    )


def coverage_years(coverage: Coverage) -> list[int]:
    """The school years the file's marks cover."""
    return sorted({key[2] for key in coverage.keys})


def count_changes(result: JournalResult, coverage: Coverage, old: list[ExtractVersion], replace: str) -> None:
    """Count what saving replaces, keeps or removes, and name what the file lacks."""
    found = compare(coverage, old)
    result.replace = replace
    result.replaced = found.covered
    result.missing = found.lines
    if replace == ALL:
        result.removed, result.kept = found.lacking, 0
    else:
        result.removed, result.kept = 0, found.lacking


def make_current(
    *,
    school: School,
    source: str,
    versions: dict[int, ExtractVersion],
    coverage: Coverage,
    result: JournalResult,
    replace: str,
) -> None:
    """Make the new versions current: with «дополнить» they also take the old marks the file lacks."""
    # Two uploads of one school's extract saved at once: the second waits here and replaces the first.
    School.objects.select_for_update().filter(pk=school.pk).first()
    old = list(current_versions(school, source, list(versions)))
    count_changes(result, coverage, old, replace)
    if replace == COVERED and result.kept:
        adapt_date = connection.ops.adapt_datefield_value
        batch: list[tuple] = []
        date_at = INSERT_FIELDS.index("work_date")
        rows = carry_over_rows(coverage, old, {y: v.pk for y, v in versions.items()}, INSERT_FIELDS)
        for row in rows:
            batch.append((*row[:date_at], adapt_date(row[date_at]), *row[date_at + 1 :]))
            if len(batch) >= BATCH:
                insert_marks(batch)
                batch = []
        if batch:
            insert_marks(batch)
    for version in old:
        version.is_current = False
        version.replaced_by = versions[version.academic_year]
        version.save(update_fields=["is_current", "replaced_by"])
    counts = dict(
        Grade.objects.filter(version__in=versions.values())
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    for version in versions.values():
        version.is_current = True
        version.marks = counts.get(version.pk, 0)
        version.save(update_fields=["is_current", "marks"])
    # An upload none of whose versions is current any more has been replaced as a whole.
    Upload.objects.filter(versions__in=old).exclude(versions__is_current=True).update(
        status=Upload.Status.REPLACED
    )
