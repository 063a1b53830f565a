"""Writing a journal extract's marks in batches, and its new versions made current in place of the old."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

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


def _columns() -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Grade._meta.get_field(name).column) for name in INSERT_FIELDS)
    return quote(Grade._meta.db_table), columns


def insert_marks(rows: list[tuple]) -> None:
    """Write a batch of marks: model instances and bulk_create cost more than reading.

    PostgreSQL takes them with COPY: an INSERT per row took two thirds of saving a 100,000-row extract
    (`make bench`). The embedded SQLite mode uses one executemany.
    """
    table, columns = _columns()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor.cursor, f"COPY {table} ({columns}) FROM STDIN", rows)
            return
        placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _copy(cursor, sql: str, rows: list[tuple]) -> None:
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


# COPY's text format: a tab between fields, a line per row, \N for NULL and these four escaped.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class MarkWriter:
    """Marks written in batches while the caller reads the next ones.

    On PostgreSQL the rows of a batch become COPY's text here, and a second thread sends it on the same
    connection and transaction: the server inserts, indexes and checks one batch while Python reads the
    next, two cores at once (`make bench`). The thread only sends one buffer, so it hardly needs the
    GIL (writing row by row there made it wait for the reading thread's GIL). The marks' foreign keys
    are checked as each COPY ends, not all at COMMIT, where they held the COMMIT of a 100,000-row
    extract for a second with nothing else to do. The caller calls ``wait`` before it uses the
    connection for anything else, ``close`` at the end, and ``abandon`` when reading failed.
    """

    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"
        self.batch: list = []
        self.fields: dict[object, str] = {None: "\\N"}  # a journal repeats the same few values
        self.pending: Future | None = None
        self.pool: ThreadPoolExecutor | None = None

    def add(self, row: tuple) -> None:
        if self.postgresql:
            fields = self.fields
            try:
                row = "\t".join([fields[value] for value in row])
            except KeyError:
                for value in row:
                    if value not in fields:
                        fields[value] = (
                            value.translate(COPY_ESCAPES) if isinstance(value, str) else str(value)
                        )
                row = "\t".join([fields[value] for value in row])
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.wait()
        rows, self.batch = self.batch, []
        if not rows:
            return
        if not self.postgresql:
            insert_marks(rows)
            return
        if self.pool is None:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marks")
        table, columns = _columns()
        data = ("\n".join(rows) + "\n").encode()
        self.pending = self.pool.submit(
            _send, connection.connection, f"COPY {table} ({columns}) FROM STDIN", data
        )

    def wait(self) -> None:
        """Wait for the batch being written: the connection is free again."""
        pending, self.pending = self.pending, None
        if pending is not None:
            with connection.wrap_database_errors:  # psycopg's errors as Django's, as from a cursor
                pending.result()

    def close(self) -> None:
        """Wait for the last batch; the marks' foreign keys are checked at COMMIT again."""
        if self.pool is None:
            return
        try:
            self.wait()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Reading failed: wait for the batch being written, whatever its outcome, and stop."""
        if self.pool is None:
            return
        self.pool.shutdown()  # waits for the batch being written
        self.pool = self.pending = None


def _send(raw, sql: str, data: bytes) -> None:
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(data)


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
    # FOR NO KEY UPDATE: the new versions already hold a share lock on the school (their foreign key), and
    # two saves each holding one while asking FOR UPDATE waited for each other (a deadlock, one failed).
    School.objects.select_for_update(no_key=True).filter(pk=school.pk).first()
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
