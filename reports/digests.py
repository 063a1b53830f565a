"""What a person's deadline digest contains: their open measures by how soon they are due.

Buckets: overdue, today, tomorrow, in 2–3 days and in 4–7 days. The buckets are ranges rather than exact
offsets so that a weekly digest, or a day when nothing was sent, loses no measure. School heads get their
school's rows, methodists the rows of the schools they curate (and the department's own rows they are
responsible for), the department head a municipal summary. For many people at once every row is read
once and each digest is built in memory (digests_many.py). Who gets one and the sending: reminders.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from common.prepared import compiled_objects, person_key
from common.urls import reverse_once, reverse_pk
from roadmaps.models import OPEN_STATUSES, Measure, Progress, ProgressStatus
from roadmaps.progress import obligations_q, progress_visible
from schools.models import User

ITEMS_PER_BUCKET = 30
SUMMARY_SCHOOLS = 30
SUMMARY_MEASURES = 40
HORIZON_DAYS = 7
DEPARTMENT_LABEL = "Управление образования"


@dataclass(frozen=True)
class BucketSpec:
    code: str
    label: str
    first_day: int | None  # days from today; None = no lower bound (overdue)
    last_day: int


BUCKETS = (
    BucketSpec("overdue", "Просрочено", None, -1),
    BucketSpec("today", "Срок сегодня", 0, 0),
    BucketSpec("in_1", "Срок завтра", 1, 1),
    BucketSpec("in_3", "Срок через 2–3 дня", 2, 3),
    BucketSpec("in_7", "Срок через 4–7 дней", 4, HORIZON_DAYS),
)
BUCKET_LABELS: dict[str | None, str] = {spec.code: spec.label for spec in BUCKETS}


def bucket_for(*, deadline: date, today: date) -> str | None:
    """Which bucket a deadline falls in, or None when it is more than a week away."""
    days = (deadline - today).days
    for spec in BUCKETS:
        if (spec.first_day is None or days >= spec.first_day) and days <= spec.last_day:
            return spec.code
    return None


def _bucket_q(spec: BucketSpec, today: date, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}measure__deadline_end__lte": today + timedelta(days=spec.last_day)})
    if spec.first_day is not None:
        q &= Q(**{f"{prefix}measure__deadline_end__gte": today + timedelta(days=spec.first_day)})
    return q


def list_url(spec: BucketSpec, today: date, school_id: int | None = None) -> str:
    """The measure list filtered to the rows behind a bucket: one click from the number to the rows."""
    params: dict[str, str] = {}
    if spec.first_day is None:
        params["overdue"] = "on"
    else:
        params["due_from"] = (today + timedelta(days=spec.first_day)).isoformat()
        params["due_to"] = (today + timedelta(days=spec.last_day)).isoformat()
    if school_id:
        params["school"] = str(school_id)
    return f"{reverse_once('roadmaps:measure_list')}?{urlencode(params)}"


@dataclass(frozen=True)
class DigestItem:
    progress_id: int
    number: str
    title: str
    school: str
    deadline: date
    deadline_text: str
    status: str
    url: str


@dataclass
class DigestBucket:
    code: str
    label: str
    items: list[DigestItem]
    total: int
    url: str

    @property
    def hidden(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class SchoolLine:
    school: str
    counts: list[tuple[str, int]]  # (bucket label, rows) in the order of BUCKETS
    url: str


@dataclass(frozen=True)
class MeasureLine:
    number: str
    title: str
    deadline: date
    bucket_label: str
    schools: int
    url: str


@dataclass
class Digest:
    user: User
    local_date: date
    buckets: list[DigestBucket] = field(default_factory=list)
    is_summary: bool = False
    school_lines: list[SchoolLine] = field(default_factory=list)
    schools_total: int = 0
    measure_lines: list[MeasureLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bucket.total for bucket in self.buckets)

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def overdue(self) -> int:
        return next((b.total for b in self.buckets if b.code == "overdue"), 0)


_STATUS_LABELS: dict[tuple[str | None, str], str] = {}


def _status_label(status: str) -> str:
    """``get_status_display()`` in the active language, translated once per status (a region's run
    translated 32,000 labels)."""
    key = (get_language(), status)
    if key not in _STATUS_LABELS:
        _STATUS_LABELS[key] = str(ProgressStatus(status).label)
    return _STATUS_LABELS[key]


def digest_item(p: Progress) -> DigestItem:
    """One line of a digest, read from the database or built from rows in memory alike."""
    return DigestItem(
        progress_id=p.pk,
        number=p.measure.number,
        title=p.measure.title,
        school=p.school.short_name if p.school_id else DEPARTMENT_LABEL,
        deadline=p.measure.deadline_end,
        deadline_text=p.measure.deadline_text,
        status=_status_label(p.status),
        url=reverse_pk("roadmaps:progress_detail", p.pk),
    )


def digest_rows(*, user: User, local_date: date) -> QuerySet[Progress]:
    """The open progress rows a person is reminded of: due within a week, or already overdue."""
    rows = progress_visible(user).filter(
        obligations_q(),
        status__in=OPEN_STATUSES,
        measure__deadline_end__isnull=False,
        measure__deadline_end__lte=local_date + timedelta(days=HORIZON_DAYS),
    )
    if user.municipality_id:
        rows = rows.filter(measure__roadmap__municipality=user.municipality_id)
    if not (user.is_superuser or user.is_department_head):
        # The department's own rows go to the people named responsible for them, not to every methodist.
        rows = rows.filter(
            Q(school__isnull=False) | Q(measure__in=Measure.objects.filter(responsible_users=user))
        )
    return rows


# What a digest line shows of its measure (digest_item).
DIGEST_MEASURE_FIELDS = ("number", "title", "deadline_end", "deadline_text")


def _bucket_case(today: date) -> Case:
    """The bucket code of a row of ``digest_rows``, as SQL. The buckets follow each other day after day
    and the rows end with the last one, so a row's bucket is the first whose last day its deadline is not
    past: one comparison a bucket, the same as ``bucket_for``."""
    *earlier, last = BUCKETS
    whens = [
        When(measure__deadline_end__lte=today + timedelta(days=spec.last_day), then=Value(spec.code))
        for spec in earlier
    ]
    return Case(*whens, default=Value(last.code), output_field=CharField())


def digest_for_user(
    *,
    user: User,
    local_date: date,
    items: int = ITEMS_PER_BUCKET,
    school_lines: bool = True,
    page: bool = False,
) -> Digest:
    """What one person is told today: rows by bucket, or the municipal summary for the department head.

    A page that shows less than the e-mail asks for less: ``items`` (at least 1) lines a bucket, and no
    summary table of schools without ``school_lines`` (the dashboard shows five lines and no schools).
    ``page``: the card of a page, asked at every request of the person that day: its query is compiled
    once for them and the day (``common.prepared.compiled_objects``); the reminders' run, once a person,
    compiles as it reads.
    """
    if user.is_department_head:
        rows = digest_rows(user=user, local_date=local_date)
        return _summary_digest(user=user, local_date=local_date, rows=rows, school_lines=school_lines)
    digest = Digest(user=user, local_date=local_date)
    # One query for every bucket: the first rows of each, ranked within it, with its total (a count and a
    # list for each bucket were up to six queries over the same rows).
    order = [
        F(name).asc() for name in ("measure__deadline_end", "measure__order", "school__short_name", "pk")
    ]

    def ranked_query() -> QuerySet[Progress]:
        # Built only when it is compiled: a page's card, compiled once for the person and the day, built
        # the person's rows at every request for nothing.
        rows = digest_rows(user=user, local_date=local_date)
        return (
            rows.annotate(bucket=_bucket_case(local_date))
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("bucket")], order_by=order),
                bucket_total=Window(Count("pk"), partition_by=[F("bucket")]),
            )
            .filter(rank__lte=items)
            .select_related("measure", "school")
            .only("status", "school__short_name", *(f"measure__{name}" for name in DIGEST_MEASURE_FIELDS))
            .order_by(*order)
        )

    if page:
        person = person_key(user)
        ranked = compiled_objects(("digest", *person, local_date, items), ranked_query)
    else:
        ranked = ranked_query()
    by_bucket: dict[str, list[Progress]] = {}
    for row in ranked:
        by_bucket.setdefault(row.bucket, []).append(row)
    school_id = user.school_id if user.is_school_head else None
    for spec in BUCKETS:
        if page := by_bucket.get(spec.code):
            digest.buckets.append(
                DigestBucket(
                    spec.code,
                    spec.label,
                    [digest_item(p) for p in page],
                    page[0].bucket_total,
                    list_url(spec, local_date, school_id),
                )
            )
    return digest


def _summary_digest(*, user: User, local_date: date, rows: QuerySet[Progress], school_lines: bool) -> Digest:
    digest = Digest(user=user, local_date=local_date, is_summary=True)
    # Rows by measure: a measure has one deadline, so one bucket, and the buckets' totals add up from it
    # (a separate count read the same rows again).
    per_measure = sorted(
        rows.values(
            "measure_id", *(f"measure__{name}" for name in ("number", "title", "deadline_end", "order"))
        )
        .annotate(schools=Count("pk"))
        .order_by(),
        key=lambda row: (row["measure__deadline_end"], row["measure__order"], row["measure_id"]),
    )
    totals = dict.fromkeys((spec.code for spec in BUCKETS), 0)
    for row in per_measure:
        row["bucket"] = bucket_for(deadline=row["measure__deadline_end"], today=local_date)
        totals[row["bucket"]] += row["schools"]
    digest.buckets = [
        DigestBucket(spec.code, spec.label, [], totals[spec.code], list_url(spec, local_date))
        for spec in BUCKETS
        if totals[spec.code]
    ]
    if digest.is_empty:
        return digest
    if school_lines:
        bucket_counts = {spec.code: Count("pk", filter=_bucket_q(spec, local_date)) for spec in BUCKETS}
        per_school = (
            rows.values("school_id", "school__short_name")
            .annotate(**bucket_counts)
            .order_by("-overdue", "-today", "-in_1", "school__short_name")
        )
        digest.schools_total = per_school.count()
        digest.school_lines = [
            SchoolLine(
                school=row["school__short_name"] or DEPARTMENT_LABEL,
                counts=[(spec.label, row[spec.code]) for spec in BUCKETS],
                url=f"{reverse_once('roadmaps:measure_list')}?{urlencode({'school': row['school_id']})}"
                if row["school_id"]
                else reverse_once("roadmaps:measure_list"),
            )
            for row in per_school[:SUMMARY_SCHOOLS]
        ]
    digest.measure_lines = [
        MeasureLine(
            number=row["measure__number"],
            title=row["measure__title"],
            deadline=row["measure__deadline_end"],
            bucket_label=BUCKET_LABELS.get(row["bucket"], ""),
            schools=row["schools"],
            url=reverse_pk("roadmaps:measure_detail", row["measure_id"]),
        )
        for row in per_measure[:SUMMARY_MEASURES]
    ]
    return digest
