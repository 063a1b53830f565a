"""Depersonalising pupils whose personal data is no longer kept, and deleting the files that name them
(152-ФЗ). The period itself is audit.retention's rule; this reads every app's pupil data and stored files
(medals, assessments, reports), so it sits above the apps and none of them imports it.

The personal data of the pupils who graduate in year N is kept until 31 August of N + the municipality's
``pupil_data_keep_years`` (default 1: to the end of the following school year). After that day:

- each such pupil's name becomes «Выпускник N», «№ <id>», the patronymic and birth date are removed;
  the pupil row itself stays, with its school, class, candidacies, marks, re-checks, mock-exam works and
  ЕГЭ scores, so every count, share, mean and indicator of past years is the same as before;
- the stored source files that can only name pupils of expired years (registers and journal extracts,
  ЕГЭ and ВПР result files, built report files) are deleted; their rows stay with their counts.

A pupil's graduation year is the latest year they appear in: a medal candidacy's graduation year, an
ЕГЭ result's year, or the end of a mock-exam schedule they sat. A pupil seen in a later year is kept.
A file uploaded in school year A (1 Sept A – 31 Aug A+1) names pupils who graduate by A+2 at the latest
(10th-graders in registers and journals, 11th-graders in ЕГЭ files), ВПР files by A+8 (4th-graders).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import CharField, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, Greatest
from django.utils import timezone

from assessments.models import ResultUpload
from audit.retention import first_kept_year
from medals.models import Upload
from reports.models import ReportJob
from schools.models import Municipality, Pupil

logger = logging.getLogger(__name__)

# How many years after the school year of an upload its youngest named pupil may graduate.
REPORT_PURGED_MESSAGE = (
    "Файл отчёта удалён: истёк срок хранения персональных данных обучающихся, которые в нём названы. "
    "Нажмите «Повторить», чтобы построить отчёт заново."
)
CHUNK = 5000  # pupils per UPDATE: a region's year is tens of thousands, SQLite binds at most 32,766
FILE_REACH = {"medals": 2, "ege": 1, "vpr": 8, "reports": 2}


def _last_year(field: str) -> Coalesce:
    return Coalesce(Max(field), Value(0), output_field=IntegerField())


def pupils_expired(*, municipality: Municipality, today: datetime.date) -> QuerySet[Pupil]:
    """Pupils of the municipality, not yet depersonalised, whose last graduation year has expired."""
    return (
        Pupil.objects.filter(school__municipality=municipality, depersonalised_at__isnull=True)
        .annotate(
            last_year=Greatest(
                _last_year("medal_candidacies__graduation_year"),
                _last_year("ege_results__year"),
                Coalesce(
                    Max(ExtractYear("mock_works__exam__schedule__period_end")),
                    Value(0),
                    output_field=IntegerField(),
                ),
                output_field=IntegerField(),
            )
        )
        .filter(last_year__gt=0, last_year__lt=first_kept_year(municipality=municipality, today=today))
    )


@dataclass(frozen=True)
class Depersonalised:
    municipality: Municipality
    first_kept_year: int
    pupils: int
    files: int


def _school_year_start(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 9, 1))


def _expired_files(municipality: Municipality, first_kept: int) -> list[tuple[object, str]]:
    """(row, field name) of every stored file that can name only pupils of expired years."""

    def before(reach: int) -> datetime.datetime:
        # Uploaded in school year A with A + reach < first_kept, i.e. before 1 Sept of first_kept - reach.
        return _school_year_start(first_kept - reach)

    found: list[tuple[object, str]] = []
    found += [
        (row, "file")
        for row in Upload.objects.filter(
            school__municipality=municipality, uploaded_at__lt=before(FILE_REACH["medals"])
        ).exclude(file="")
    ]
    for kind in (ResultUpload.Kind.EGE, ResultUpload.Kind.VPR):
        found += [
            (row, "file")
            for row in ResultUpload.objects.filter(
                municipality=municipality, kind=kind, uploaded_at__lt=before(FILE_REACH[kind])
            ).exclude(file="")
        ]
    found += [
        (row, "file")
        for row in ReportJob.objects.filter(
            owner__municipality=municipality, created_at__lt=before(FILE_REACH["reports"])
        ).exclude(file="")
    ]
    return found


def _depersonalise_rows(pks: list[int], year: int, now: datetime.datetime) -> None:
    Pupil.objects.filter(pk__in=pks, depersonalised_at__isnull=True).update(
        last_name=f"Выпускник {year}",
        first_name=Concat(Value("№ "), Cast("pk", CharField())),
        middle_name="",
        birth_date=None,
        depersonalised_at=now,
    )


def pupils_depersonalise(
    *, municipality: Municipality, today: datetime.date | None = None, dry_run: bool = False
) -> Depersonalised:
    """Depersonalise the municipality's pupils whose retention has ended, and delete expired files."""
    today = today or timezone.localdate()
    first_kept = first_kept_year(municipality=municipality, today=today)
    expired = list(pupils_expired(municipality=municipality, today=today).values_list("pk", "last_year"))
    files = _expired_files(municipality, first_kept)
    if dry_run:
        return Depersonalised(municipality, first_kept, len(expired), len(files))
    now = timezone.now()
    by_year: dict[int, list[int]] = {}
    for pk, year in expired:
        by_year.setdefault(year, []).append(pk)
    with transaction.atomic():
        for year, pks in by_year.items():
            for start in range(0, len(pks), CHUNK):
                _depersonalise_rows(pks[start : start + CHUNK], year, now)
        for row, name in files:
            stored = getattr(row, name)
            type(row).objects.filter(pk=row.pk).update(**{name: ""})
            if isinstance(row, Upload):
                # Messages of a check may quote a row of the file, names included.
                Upload.objects.filter(pk=row.pk).update(errors=[], report={})
            if isinstance(row, ResultUpload):
                ResultUpload.objects.filter(pk=row.pk).update(errors=[])
            if isinstance(row, ReportJob):
                # The page of the job then says why there is no file, and «Повторить» builds a new one.
                ReportJob.objects.filter(pk=row.pk).update(
                    status=ReportJob.Status.FAILED, error=REPORT_PURGED_MESSAGE
                )
            transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))
    if expired or files:
        logger.info(
            "%s: %s pupils depersonalised, %s files deleted (graduation years before %s)",
            municipality,
            len(expired),
            len(files),
            first_kept,
        )
    return Depersonalised(municipality, first_kept, len(expired), len(files))


def depersonalise_all(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Depersonalised]:
    """Every municipality, each by its own retention period (what beat runs daily)."""
    return [
        pupils_depersonalise(municipality=municipality, today=today, dry_run=dry_run)
        for municipality in Municipality.objects.order_by("pk")
    ]
