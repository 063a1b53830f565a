"""The rows of a measure's page (issue 16): each progress row with the fields of its inline form and
whether the person may change it, for a page of many schools without per-row queries or form objects."""

from __future__ import annotations

from dataclasses import dataclass

from schools.access import may_change_school_data
from schools.models import User

from .models import Progress, Roadmap


@dataclass(frozen=True)
class RowField:
    """What the row template reads of a bound field: its name, its id and its value."""

    html_name: str
    value: object

    @property
    def auto_id(self) -> str:
        return f"id_{self.html_name}"


@dataclass(frozen=True)
class RowFields:
    """The unbound inline form of one row, as ProgressForm(instance=row, prefix=f"p{pk}") would show it,
    without building a form (its fields deep-copied) for each of hundreds of rows."""

    version: RowField
    status: RowField
    comment: RowField

    @classmethod
    def of(cls, progress: Progress) -> RowFields:
        prefix = f"p{progress.pk}-"
        return cls(
            version=RowField(f"{prefix}version", progress.version),
            status=RowField(f"{prefix}status", progress.status),
            comment=RowField(f"{prefix}comment", progress.comment),
        )


def _school_rule(user: User):
    """may_change_school_data as a function of the school id, asking the database at most once."""
    if user.role == User.Role.METHODIST and not user.is_superuser:
        curated = set(user.curated_schools.values_list("pk", flat=True))
        return lambda progress: progress.school_id is None or progress.school_id in curated
    return lambda progress: may_change_school_data(user, progress.school)


def progress_row_items(user: User, rows) -> list[tuple[Progress, RowFields, bool]]:
    """(row, its inline form's fields, may the person change it) for every row of a page."""
    may_change = _school_rule(user)
    return [
        (p, RowFields.of(p), p.measure.roadmap.status != Roadmap.Status.ARCHIVED and may_change(p))
        for p in rows
    ]
