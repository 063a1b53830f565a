"""One status for several schools' rows of a measure at once, with one comment.

Each row keeps its optimistic lock: the version the person saw is sent with the row, and a row saved by
someone else meanwhile is reported (who, what it says now), never overwritten. A row whose new status is
refused by the progress rules (e.g. «выполнено» without the proof the municipality asks for) is reported
with the reason. The rows the person may not change are refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from schools.models import User

from .models import Measure, Progress, ProgressStatus, Roadmap
from .progress import StaleProgressError, progress_update, progress_visible


@dataclass
class BulkResult:
    saved: list[Progress] = field(default_factory=list)
    stale: list[tuple[Progress, str]] = field(default_factory=list)  # (current row, what happened)
    refused: list[tuple[Progress, str]] = field(default_factory=list)  # (row, the rule's reason)


# The roles that change the school rows they see (schools.access.may_change_school_data): for them the
# rows they may change are the rows they see; the coordinator and a commission member change none.
CHANGERS = {User.Role.DEPARTMENT_HEAD, User.Role.METHODIST, User.Role.SCHOOL_HEAD}


def changeable_rows(user: User, measure: Measure, *, seen: list[Progress] | None = None) -> list[Progress]:
    """The school rows of the measure the person may change, in one query whatever the number of schools.

    ``seen``: every row of the measure the person sees, already read in school order (a measure's page
    that shows them all on one page): the same rows are chosen from it without reading them again."""
    if measure.roadmap.status == Roadmap.Status.ARCHIVED:
        return []
    if not (user.is_superuser or user.role in CHANGERS):
        return []
    if seen is not None:
        own = user.municipality_id if user.role == User.Role.DEPARTMENT_HEAD else None
        return [
            row
            for row in seen
            if row.school_id is not None and (own is None or row.school.municipality_id == own)
        ]
    rows = (
        progress_visible(user)
        .filter(measure=measure, school__isnull=False)
        .select_related("school", "measure__roadmap", "updated_by")
        .order_by("school__short_name")
    )
    if user.role == User.Role.DEPARTMENT_HEAD and user.municipality_id:
        rows = rows.filter(school__municipality=user.municipality_id)
    return list(rows)


def versions_field(rows: list[Progress]) -> str:
    """The versions the page shows, as the one hidden field the form posts: ``"id:version id:version"``.

    One field for all rows (not one per school) keeps the form under Django's
    DATA_UPLOAD_MAX_NUMBER_FIELDS however many schools execute the measure.
    """
    return " ".join(f"{row.pk}:{row.version}" for row in rows)


def parse_versions(text: str) -> dict[int, int]:
    """``"12:0 13:4"`` → {12: 0, 13: 4}; ValueError on anything else (a page altered or cut short)."""
    versions: dict[int, int] = {}
    for pair in text.split():
        pk, sep, version = pair.partition(":")
        if not (sep and pk.isdigit() and version.isdigit()):
            raise ValueError(pair)
        versions[int(pk)] = int(version)
    return versions


def parse_ids(values: list[str]) -> list[int]:
    """The chosen rows: a repeated field (``rows=1&rows=2``) or one packed field (``"1 2,3"``), or both."""
    ids: dict[int, None] = {}  # ordered and unique: a region's 1,500 rows are checked at once
    for value in values:
        for part in value.replace(",", " ").split():
            if not part.isdigit():
                raise ValueError(part)
            ids[int(part)] = None
    return list(ids)


def bulk_set_status(
    *, user: User, measure: Measure, versions: dict[int, int], status: str, comment: str
) -> BulkResult:
    """Set ``status`` and ``comment`` on the rows ``versions`` names (row id → the version seen)."""
    if status not in ProgressStatus.values:
        raise ValueError("Выберите статус.")
    allowed = {row.pk: row for row in changeable_rows(user, measure)}
    unknown = set(versions) - set(allowed)
    if unknown:
        raise PermissionDenied("Среди отмеченных есть строки, которые вам менять нельзя.")
    result = BulkResult()
    for pk, version in versions.items():
        row = allowed[pk]
        try:
            saved = progress_update(
                progress=row, user=user, status=status, comment=comment, expected_version=version
            )
            result.saved.append(saved)
        except StaleProgressError as exc:
            result.stale.append((exc.current, str(exc)))
        except ValueError as exc:  # a rule of the progress refused this status for this row
            result.refused.append((row, str(exc)))
    return result
