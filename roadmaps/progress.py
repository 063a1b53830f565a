"""Per-school execution of measures: creating the rows, changing them safely, and reading them.

The two words every page, reminder and document uses are defined here once:

* an **active** roadmap is an approved one: only an approved plan creates obligations. A draft is not
  yet a plan (its measures count nowhere, it is listed as a draft) and an archived one is history;
* a row is **overdue** («просрочено») when it is still open, its deadline has passed and its roadmap
  is active. It is derived from the deadline and never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from common.prepared import compiled_objects, person_key
from schools.access import school_q
from schools.models import Municipality, School, User

from .models import (
    OPEN_STATUSES,
    Measure,
    MeasureScope,
    Progress,
    ProgressChange,
    ProgressStatus,
    Roadmap,
)

ACTIVE_ROADMAP_STATUSES = (Roadmap.Status.APPROVED,)
OVERDUE = "overdue"
OVERDUE_LABEL = "просрочено"
DONE_LATE = "done_late"
MIN_PROOF_COMMENT = 5  # «см. папку» is a place; «да» is not
DUE_SOON_DAYS = 14


class StaleProgressError(Exception):
    """Someone else saved the row after this user opened it."""

    def __init__(self, current: Progress) -> None:
        self.current = current
        who = current.updated_by.short_name if current.updated_by else "другой пользователь"
        when = timezone.localtime(current.updated_at).strftime("%d.%m.%Y %H:%M") if current.updated_at else ""
        super().__init__(
            f"Строку уже изменил {who} {when}: сейчас статус «{current.get_status_display()}». "
            "Ваши изменения не сохранены, но остались в форме — проверьте и сохраните ещё раз."
        )


class ArchivedRoadmapError(ValueError):
    """A row of an archived roadmap: history, not to be changed."""


class DoneWithoutProofError(ValueError):
    """«Выполнено» without the proof the municipality asks for."""


def done_proof_problem(*, progress: Progress, comment: str) -> str:
    """Why this row cannot be «выполнено» yet, or "" when its proof is there.

    The municipality decides (Municipality.done_proof): a file, or a file or a comment saying where the
    proof is (a protocol number, a folder, a link).
    """
    has_file = progress.pk is not None and progress.evidence.exists()
    if has_file:
        return ""
    rule = (
        Municipality.objects.filter(pk=progress.measure.roadmap.municipality_id)
        .values_list("done_proof", flat=True)
        .first()
    )
    if rule == Municipality.DoneProof.FILE:
        return "Чтобы отметить «выполнено», прикрепите подтверждающий файл (протокол, приказ, справку)."
    if len((comment or "").strip()) < MIN_PROOF_COMMENT:
        return (
            "Чтобы отметить «выполнено», прикрепите подтверждающий файл или напишите в комментарии, "
            "где лежит подтверждение (номер протокола, папка, ссылка)."
        )
    return ""


def days_late(*, status: str, done_on: date | None, deadline: date | None) -> int | None:
    """How many days after its deadline a done row was done; None when it was not late (or not done)."""
    if status != ProgressStatus.DONE or done_on is None or deadline is None or done_on <= deadline:
        return None
    return (done_on - deadline).days


def done_late_label(days: int) -> str:
    return f"выполнено с опозданием (на {days} дн.)"


def schools_for_measure(measure: Measure) -> QuerySet[School] | None:
    """The schools that execute a measure, or None when the department executes it itself."""
    roadmap = measure.roadmap
    if roadmap.school_id:
        return School.objects.filter(pk=roadmap.school_id)
    if measure.scope == MeasureScope.SELECTED:
        # A targeted measure («адресная мера») is executed by its chosen schools only, active or not.
        return School.objects.filter(pk__in=measure.target_schools.values("pk"))
    if not measure.per_school:
        return None
    return School.objects.filter(municipality=roadmap.municipality_id, is_active=True)


def untouched_q() -> Q:
    """Rows nobody has worked on yet: never saved, no file. Only those may go when a measure's schools
    change (roadmaps/targeted.py refuses a change that would drop a row with work on it)."""
    return Q(version=0, status=ProgressStatus.NOT_STARTED, evidence__isnull=True)


def progress_sync_for_measure(*, measure: Measure) -> int:
    """Create the missing progress rows of a measure; returns how many were created.

    A targeted measure also loses the untouched rows of schools that are no longer among its targets.
    """
    schools = schools_for_measure(measure)
    if schools is None:
        _, created = Progress.objects.get_or_create(measure=measure, school=None)
        return int(created)
    if measure.scope == MeasureScope.SELECTED:
        stale = Progress.objects.filter(measure=measure).exclude(school__in=schools).filter(untouched_q())
        Progress.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    existing = Progress.objects.filter(measure=measure).values_list("school_id", flat=True)
    return _create_missing(existing, schools, lambda pk: Progress(measure=measure, school_id=pk))


def _create_missing(existing: Iterable[int], wanted: QuerySet, make: Callable[[int], Progress]) -> int:
    """Create the progress rows ``make(pk)`` for the objects of ``wanted`` whose pk is not among ``existing``
    (the schools of a measure, or the measures of a school); how many were created."""
    have = set(existing)
    rows = [make(pk) for pk in wanted.values_list("pk", flat=True) if pk not in have]
    Progress.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def progress_sync_for_roadmap(*, roadmap: Roadmap) -> int:
    return sum(progress_sync_for_measure(measure=m) for m in roadmap.measures.select_related("roadmap"))


def progress_sync_for_school(*, school: School) -> int:
    """A new school gets rows for every per-school measure of the municipality's current roadmaps."""
    measures = Measure.objects.filter(
        roadmap__municipality=school.municipality_id,
        roadmap__school__isnull=True,
        per_school=True,
        scope=MeasureScope.ALL,
    ).exclude(roadmap__status=Roadmap.Status.ARCHIVED)
    existing = Progress.objects.filter(school=school).values_list("measure_id", flat=True)
    return _create_missing(existing, measures, lambda pk: Progress(measure_id=pk, school=school))


def progress_update(
    *, progress: Progress, user: User, status: str, comment: str, expected_version: int
) -> Progress:
    """Save a new status and comment unless someone saved the row since ``expected_version``.

    The check and the write are one conditional UPDATE, so two people saving at once cannot both win.
    """
    if status not in ProgressStatus.values:
        raise ValueError(f"Неизвестный статус: {status}")
    if progress.measure.roadmap.status == Roadmap.Status.ARCHIVED:
        # Read-only everywhere: the views refuse first, this holds for any other way in (bulk status).
        raise ArchivedRoadmapError("Дорожная карта в архиве: её можно только просматривать.")
    if status == ProgressStatus.DONE and (problem := done_proof_problem(progress=progress, comment=comment)):
        raise DoneWithoutProofError(problem)
    with transaction.atomic():
        done_on = progress.done_on if progress.status == ProgressStatus.DONE else timezone.localdate()
        saved = {
            "status": status,
            "comment": comment,
            "updated_by": user,
            "updated_at": timezone.now(),
            "done_on": (done_on or timezone.localdate()) if status == ProgressStatus.DONE else None,
        }
        changed = Progress.objects.filter(pk=progress.pk, version=expected_version).update(
            **saved, version=F("version") + 1
        )
        if changed != 1:
            raise StaleProgressError(Progress.objects.select_related("updated_by").get(pk=progress.pk))
        if progress.status != status or progress.comment != comment:
            ProgressChange.objects.create(
                progress=progress,
                changed_by=user,
                old_status=progress.status,
                new_status=status,
                old_comment=progress.comment,
                new_comment=comment,
            )
    # The row as the save left it, without reading it back: the UPDATE wrote these values, and matched the
    # version it raised by one. The row's measure, roadmap and school stay loaded for the row drawn next.
    for name, value in saved.items():
        setattr(progress, name, value)
    progress.version = expected_version + 1
    return progress


def active_roadmaps_q(prefix: str = "") -> Q:
    """The roadmaps that create obligations; ``prefix`` reaches them from another model."""
    return Q(**{f"{prefix}status__in": ACTIVE_ROADMAP_STATUSES})


def is_active_roadmap(roadmap: Roadmap) -> bool:
    return roadmap.status in ACTIVE_ROADMAP_STATUSES


def obligations_q(prefix: str = "") -> Q:
    """Progress rows that count in dashboards, school counts, reminders and protocols."""
    return active_roadmaps_q(f"{prefix}measure__roadmap__")


def overdue_q(today: date, prefix: str = "") -> Q:
    """The one definition of «просрочено» for a query: open, past the last day, of an active roadmap."""
    return Q(
        **{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}measure__deadline_end__lt": today}
    ) & obligations_q(prefix)


def due_within_q(today: date, days: int, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}measure__deadline_end__gte": today,
            f"{prefix}measure__deadline_end__lte": today + timedelta(days=days),
        }
    ) & obligations_q(prefix)


def deadline_missed(*, status: str, deadline: date | None, today: date, roadmap_status: str) -> bool:
    """The same definition of «просрочено» for one row already in memory (documents, cells, lists)."""
    return (
        status in OPEN_STATUSES
        and deadline is not None
        and deadline < today
        and roadmap_status in ACTIVE_ROADMAP_STATUSES
    )


def is_overdue(progress: Progress, today: date) -> bool:
    measure = progress.measure
    return deadline_missed(
        status=progress.status,
        deadline=measure.deadline_end,
        today=today,
        roadmap_status=measure.roadmap.status,
    )


def display_status(progress: Progress, today: date) -> tuple[str, str]:
    """The status a person sees: the stored one, «просрочено» when the deadline has passed, or
    «выполнено с опозданием (на N дн.)» when it was done after the deadline."""
    if is_overdue(progress, today):
        return OVERDUE, OVERDUE_LABEL
    late = days_late(status=progress.status, done_on=progress.done_on, deadline=progress.measure.deadline_end)
    if late:
        return DONE_LATE, done_late_label(late)
    return progress.status, progress.get_status_display()


def progress_visible(user: User) -> QuerySet[Progress]:
    """Every progress row the user may see, archived roadmaps included (the lists leave those out)."""
    rows = Progress.objects.filter(school_q(user, "school", model=Progress))
    if user.is_authenticated and user.municipality_id:
        # A department row has no school to tell whose it is: its roadmap's municipality does.
        rows = rows.filter(measure__roadmap__municipality=user.municipality_id)
    return rows


# The order of the lists of rows: by deadline, then as in the plan, then by school.
LIST_ORDER = ("measure__deadline_end", "measure__roadmap_id", "measure__order", "school__short_name")


def progress_for_lists(user: User) -> QuerySet[Progress]:
    return (
        progress_visible(user)
        .select_related("measure", "measure__roadmap", "measure__section", "school", "updated_by")
        .order_by(*LIST_ORDER)
    )


@dataclass
class Attention:
    """The dashboard's two cards: the first rows of each (in list order) and how many there are in all."""

    overdue: list[Progress]
    overdue_count: int
    due_soon: list[Progress]
    due_soon_count: int


def attention_rows(user: User, today: date, days: int = DUE_SOON_DAYS, limit: int = 20) -> Attention:
    """The overdue rows and the rows due within ``days``, each the first ``limit`` with its total.

    One query: overdue and due soon are two parts of the open rows due by the last day, ranked within
    their part in list order and counted by a window over it (two lists and two counts, four queries,
    read the same rows four times). Only what a dashboard line shows is read, and the row's roadmap
    status that tells «просрочено».
    """
    key = ("attention_rows", *person_key(user))
    rows = compiled_objects((*key, today, days, limit), lambda: _attention_query(user, today, days, limit))
    parts: tuple[list[Progress], list[Progress]] = ([], [])
    for row in rows:
        parts[row.part].append(row)
    first, second = parts
    return Attention(
        overdue=first,
        overdue_count=first[0].part_total if first else 0,
        due_soon=second,
        due_soon_count=second[0].part_total if second else 0,
    )


def _attention_query(user: User, today: date, days: int, limit: int) -> QuerySet[Progress]:
    overdue = overdue_q(today)
    order = [F(field).asc() for field in (*LIST_ORDER, "pk")]
    return (
        progress_visible(user)
        .filter(overdue | due_within_q(today, days))
        .annotate(part=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("part")], order_by=order),
            part_total=Window(Count("pk"), partition_by=[F("part")]),
        )
        .filter(rank__lte=limit)
        .select_related("measure", "measure__roadmap", "school")
        .only(
            "status",
            "done_on",
            "school__short_name",
            "measure__number",
            "measure__title",
            "measure__deadline_end",
            "measure__deadline_text",
            "measure__roadmap__status",
        )
        .order_by("part", *order)
    )


@dataclass
class SchoolSummary:
    """Counts by the status a person sees: a row past its deadline counts as overdue only, not also as
    not started or in progress, so the five counts add up to the total and match the filtered lists."""

    school: School
    total: int
    not_started: int
    in_progress: int
    done: int
    not_required: int
    overdue: int

    @property
    def percent_done(self) -> int:
        required = self.total - self.not_required
        return round(100 * self.done / required) if required else 100


def school_summaries(
    schools: Iterable[School], today: date, roadmap: Roadmap | None = None
) -> list[SchoolSummary]:
    """Counts by status for each school, in one query whatever the number of schools.

    ``schools`` may be a page of a paginated queryset: the counts are taken for those schools only. A
    queryset is not read on its own: it becomes the subquery naming the schools (a page's schools were read
    once for their numbers and again with their counts).
    """
    if isinstance(schools, QuerySet):
        schools = School.objects.filter(pk__in=schools.values("pk"))
    else:
        schools = School.objects.filter(pk__in=[s.pk for s in schools])
    scope = obligations_q("progress__")
    if roadmap is not None:
        scope = Q(progress__measure__roadmap=roadmap)

    # The complement of overdue_q for an open row (a draft's rows are never overdue).
    inactive = [s for s in Roadmap.Status.values if s not in ACTIVE_ROADMAP_STATUSES]
    in_time = (
        Q(progress__measure__deadline_end__isnull=True)
        | Q(progress__measure__deadline_end__gte=today)
        | Q(progress__measure__roadmap__status__in=inactive)
    )

    def count(extra: Q | None = None) -> Count:
        return Count("progress", filter=scope & extra if extra is not None else scope)

    rows = schools.annotate(
        n_total=count(),
        n_not_started=count(Q(progress__status=ProgressStatus.NOT_STARTED) & in_time),
        n_in_progress=count(Q(progress__status=ProgressStatus.IN_PROGRESS) & in_time),
        n_done=count(Q(progress__status=ProgressStatus.DONE)),
        n_not_required=count(Q(progress__status=ProgressStatus.NOT_REQUIRED)),
        n_overdue=count(overdue_q(today, "progress__")),
    ).order_by("short_name")
    return [
        SchoolSummary(
            school=s,
            total=s.n_total,
            not_started=s.n_not_started,
            in_progress=s.n_in_progress,
            done=s.n_done,
            not_required=s.n_not_required,
            overdue=s.n_overdue,
        )
        for s in rows
    ]


def execution_lines(*, roadmap: Roadmap, today: date) -> dict[int, str]:
    """One line per measure for printed documents: how it stands, with «выполнено с опозданием».

    A measure the department executes gets its row's status as a person sees it; a measure of the
    schools gets the counts. A draft or archived roadmap has no obligations: nothing is printed.
    """
    if not is_active_roadmap(roadmap):
        return {}
    lines: dict[int, str] = {}
    rows = Progress.objects.filter(measure__roadmap=roadmap).select_related("measure", "measure__roadmap")
    by_measure: dict[int, list[Progress]] = {}
    for row in rows:
        by_measure.setdefault(row.measure_id, []).append(row)
    for measure_id, progress_rows in by_measure.items():
        if len(progress_rows) == 1 and progress_rows[0].school_id is None:
            lines[measure_id] = display_status(progress_rows[0], today)[1]
            continue
        codes = [display_status(p, today)[0] for p in progress_rows]
        required = [c for c in codes if c != ProgressStatus.NOT_REQUIRED]
        done = codes.count(ProgressStatus.DONE) + codes.count(DONE_LATE)
        parts = [f"выполнено {done} ОО из {len(required)}"]
        if late := codes.count(DONE_LATE):
            parts.append(f"из них с опозданием — {late}")
        if overdue := codes.count(OVERDUE):
            parts.append(f"просрочено — {overdue}")
        lines[measure_id] = "; ".join(parts)
    return lines
