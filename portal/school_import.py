"""The list of schools loaded from a spreadsheet, with what a new school needs from roadmaps.

Reading and saving the list is schools' own (``schools.school_import``); a school it creates also gets its
progress rows on the municipality's current roadmaps, in the same transaction, so a school never exists
without its obligations. Both the import page and ``manage.py import_schools`` save through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.db import transaction

from roadmaps.progress import progress_sync_for_school
from schools.models import Municipality
from schools.school_import import SchoolImportResult, schools_import


def school_list_import(
    *,
    path: Path,
    name: str,
    municipalities: Mapping[str, Municipality] | None = None,
    dry_run: bool = False,
    chosen: Mapping[str, str] | None = None,
) -> SchoolImportResult:
    """``schools_import`` (all or nothing), then the progress rows of each school it created."""
    with transaction.atomic():
        result = schools_import(
            path=path, name=name, municipalities=municipalities, dry_run=dry_run, chosen=chosen
        )
        for school in result.new_schools:
            progress_sync_for_school(school=school)
    return result
