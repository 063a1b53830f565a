"""What a person's deadline digest contains: their open measures by how soon they are due.

Buckets: overdue, today, tomorrow, in 2–3 days and in 4–7 days. The buckets are ranges rather than exact
offsets so that a weekly digest, or a day when nothing was sent, loses no measure. School heads get their
school's rows, methodists the rows of the schools they curate (and the department's own rows they are
responsible for), the department head a municipal summary. For many people at once every row is read
once and each digest is built in memory. Who gets one and the sending: reminders.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from common.urls import reverse_once, reverse_pk
from roadmaps.models import OPEN_STATUSES, Measure, Progress, ProgressStatus
from roadmaps.progress import obligations_q, progress_visible
from schools.models import Municipality, School, User

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


def _list_url(spec: BucketSpec, today: date, school_id: int | None = None) -> str:
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


def _digest_item(p: Progress) -> DigestItem:
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


# What a digest line shows of its measure (_digest_item).
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
    *, user: User, local_date: date, items: int = ITEMS_PER_BUCKET, school_lines: bool = True
) -> Digest:
    """What one person is told today: rows by bucket, or the municipal summary for the department head.

    A page that shows less than the e-mail asks for less: ``items`` (at least 1) lines a bucket, and no
    summary table of schools without ``school_lines`` (the dashboard shows five lines and no schools).
    """
    rows = digest_rows(user=user, local_date=local_date)
    if user.is_department_head:
        return _summary_digest(user=user, local_date=local_date, rows=rows, school_lines=school_lines)
    digest = Digest(user=user, local_date=local_date)
    # One query for every bucket: the first rows of each, ranked within it, with its total (a count and a
    # list for each bucket were up to six queries over the same rows).
    order = [
        F(name).asc() for name in ("measure__deadline_end", "measure__order", "school__short_name", "pk")
    ]
    ranked = (
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
                    [_digest_item(p) for p in page],
                    page[0].bucket_total,
                    _list_url(spec, local_date, school_id),
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
        DigestBucket(spec.code, spec.label, [], totals[spec.code], _list_url(spec, local_date))
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


# --- many people at once: every row read once, each person's digest built in memory ------------------


@dataclass
class RegionRows:
    """The open rows of one municipality due within the horizon, with who may see the ambiguous ones:
    the schools each methodist curates and the people responsible for each department measure."""

    rows: list[Progress]
    curated: dict[int, set[int]]  # methodist → school ids
    responsible: dict[int, set[int]]  # measure id → user ids


# What the digests read of a row, its measure and its school (_digest_item, _row_is_for, the summary).
REGION_ROW_FIELDS = ("id", "measure_id", "school_id", "status")
REGION_MEASURE_FIELDS = ("id", "order", *DIGEST_MEASURE_FIELDS)
REGION_SCHOOL_FIELDS = ("id", "municipality_id", "short_name")


def region_rows(*, municipalities: Iterable[Municipality], users: list[User], local_date: date) -> RegionRows:
    """Five queries, whatever the number of municipalities, people and rows. Each row carries the
    municipality of its plan (``plan_municipality``): a department row has no school to tell it.

    A region's run reads 13,500 rows of 2,400 measures and 1,500 schools: the measures and the schools are
    read once each and shared by their rows, with only the fields a digest shows, where joining them made
    a measure and a school per row with every text of the plan (580 ms against 170)."""
    rows = list(
        Progress.objects.filter(
            obligations_q(),
            status__in=OPEN_STATUSES,
            measure__deadline_end__isnull=False,
            measure__deadline_end__lte=local_date + timedelta(days=HORIZON_DAYS),
            measure__roadmap__municipality__in=[m.pk for m in municipalities],
        )
        .annotate(plan_municipality=F("measure__roadmap__municipality_id"))
        .only(*REGION_ROW_FIELDS)
    )
    if rows:
        measures = Measure.objects.filter(id__any_of={row.measure_id for row in rows})
        measures = {m.pk: m for m in measures.only(*REGION_MEASURE_FIELDS)}
        schools = School.objects.filter(id__any_of={row.school_id for row in rows})
        schools = {s.pk: s for s in schools.only(*REGION_SCHOOL_FIELDS)}
        for row in rows:
            row.measure = measures[row.measure_id]
            if row.school_id is not None:
                row.school = schools[row.school_id]
    curated: dict[int, set[int]] = {}
    methodists = [u.pk for u in users if u.role == User.Role.METHODIST]
    if methodists:
        through = User.curated_schools.through
        for user_id, school_id in through.objects.filter(user_id__any_of=methodists).values_list(
            "user_id", "school_id"
        ):
            curated.setdefault(user_id, set()).add(school_id)
    responsible: dict[int, set[int]] = {}
    department_measures = {row.measure_id for row in rows if row.school_id is None}
    if department_measures:
        through = Measure.responsible_users.through
        for measure_id, user_id in through.objects.filter(measure_id__any_of=department_measures).values_list(
            "measure_id", "user_id"
        ):
            responsible.setdefault(measure_id, set()).add(user_id)
    return RegionRows(rows=rows, curated=curated, responsible=responsible)


def _row_is_for(user: User, row: Progress, region: RegionRows) -> bool:
    """The in-memory twin of ``digest_rows`` (progress_visible + the responsibility rule) for one row of
    the user's municipality; tests/reports/test_reminders.py checks both give the same digests."""
    if row.plan_municipality != user.municipality_id:
        return False
    if user.is_superuser or user.role in (User.Role.DEPARTMENT_HEAD, User.Role.COORDINATOR):
        seen = (
            row.school_id is None
            or not user.municipality_id
            or row.school.municipality_id == user.municipality_id
        )
    elif user.role == User.Role.METHODIST:
        seen = row.school_id is None or row.school_id in region.curated.get(user.pk, ())
    elif user.role == User.Role.SCHOOL_HEAD and user.school_id:
        seen = row.school_id == user.school_id
    else:
        seen = False
    if seen and not (user.is_superuser or user.is_department_head) and row.school_id is None:
        seen = user.pk in region.responsible.get(row.measure_id, ())
    return seen


def _bucket_of(row: Progress, local_date: date) -> str | None:
    return bucket_for(deadline=row.measure.deadline_end, today=local_date)


def _item_order(row: Progress) -> tuple:
    # As the query orders them on PostgreSQL: deadline, order in the plan, school (the department last).
    school = row.school.short_name if row.school_id else None
    return (row.measure.deadline_end, row.measure.order, school is None, school or "", row.pk)


def digest_from_rows(*, user: User, local_date: date, rows: list[Progress]) -> Digest:
    """``digest_for_user`` from rows already in memory (those of ``digest_rows`` for this user)."""
    by_bucket: dict[str, list[Progress]] = {spec.code: [] for spec in BUCKETS}
    for row in rows:
        code = _bucket_of(row, local_date)
        if code is not None:
            by_bucket[code].append(row)
    if user.is_department_head:
        return _summary_from_rows(user=user, local_date=local_date, by_bucket=by_bucket)
    digest = Digest(user=user, local_date=local_date)
    school_id = user.school_id if user.is_school_head else None
    for spec in BUCKETS:
        bucket_rows = by_bucket[spec.code]
        if not bucket_rows:
            continue
        items = [_digest_item(p) for p in sorted(bucket_rows, key=_item_order)[:ITEMS_PER_BUCKET]]
        digest.buckets.append(
            DigestBucket(
                spec.code, spec.label, items, len(bucket_rows), _list_url(spec, local_date, school_id)
            )
        )
    return digest


def _summary_from_rows(*, user: User, local_date: date, by_bucket: dict[str, list[Progress]]) -> Digest:
    digest = Digest(user=user, local_date=local_date, is_summary=True)
    digest.buckets = [
        DigestBucket(spec.code, spec.label, [], len(by_bucket[spec.code]), _list_url(spec, local_date))
        for spec in BUCKETS
        if by_bucket[spec.code]
    ]
    if digest.is_empty:
        return digest
    schools: dict[int | None, dict] = {}
    measures: dict[int, dict] = {}
    for spec in BUCKETS:
        for row in by_bucket[spec.code]:
            line = schools.setdefault(
                row.school_id,
                {"name": row.school.short_name if row.school_id else None, **{s.code: 0 for s in BUCKETS}},
            )
            line[spec.code] += 1
            entry = measures.setdefault(row.measure_id, {"measure": row.measure, "schools": 0})
            entry["schools"] += 1
    ordered = sorted(
        schools.items(),
        key=lambda item: (-item[1]["overdue"], -item[1]["today"], -item[1]["in_1"], item[1]["name"] is None,
                          item[1]["name"] or ""),
    )  # fmt: skip
    digest.schools_total = len(ordered)
    digest.school_lines = [
        SchoolLine(
            school=line["name"] or DEPARTMENT_LABEL,
            counts=[(spec.label, line[spec.code]) for spec in BUCKETS],
            url=f"{reverse_once('roadmaps:measure_list')}?{urlencode({'school': school_id})}"
            if school_id
            else reverse_once("roadmaps:measure_list"),
        )
        for school_id, line in ordered[:SUMMARY_SCHOOLS]
    ]
    per_measure = sorted(
        measures.items(),
        key=lambda item: (item[1]["measure"].deadline_end, item[1]["measure"].order, item[0]),
    )
    digest.measure_lines = [
        MeasureLine(
            number=entry["measure"].number,
            title=entry["measure"].title,
            deadline=entry["measure"].deadline_end,
            bucket_label=BUCKET_LABELS.get(
                bucket_for(deadline=entry["measure"].deadline_end, today=local_date), ""
            ),
            schools=entry["schools"],
            url=reverse_pk("roadmaps:measure_detail", measure_id),
        )
        for measure_id, entry in per_measure[:SUMMARY_MEASURES]
    ]
    return digest


def digests_for_users(
    *, municipalities: Iterable[Municipality], users: list[User], local_date: date
) -> dict[int, Digest]:
    """Every person's digest (people of the municipalities given) in a constant number of queries,
    whatever the number of municipalities: the hourly run of a region reads its rows once."""
    region = region_rows(municipalities=municipalities, users=users, local_date=local_date)
    by_municipality: dict[int, list[Progress]] = {}
    by_school: dict[tuple[int, int | None], list[Progress]] = {}
    for row in region.rows:
        by_municipality.setdefault(row.plan_municipality, []).append(row)
        by_school.setdefault((row.plan_municipality, row.school_id), []).append(row)

    def candidates(user: User) -> list[Progress]:
        # Only the rows a person could see are looked at, all of their own municipality: their school,
        # their curated schools and the department rows; everything for those who see the municipality.
        place = user.municipality_id
        if user.is_superuser or user.role in (User.Role.DEPARTMENT_HEAD, User.Role.COORDINATOR):
            return by_municipality.get(place, [])
        if user.role == User.Role.METHODIST:
            schools = region.curated.get(user.pk, ())
        elif user.role == User.Role.SCHOOL_HEAD and user.school_id:
            schools = (user.school_id,)
        else:
            return []
        return [row for school_id in (*schools, None) for row in by_school.get((place, school_id), ())]

    return {
        user.pk: digest_from_rows(
            user=user,
            local_date=local_date,
            rows=[row for row in candidates(user) if _row_is_for(user, row, region)],
        )
        for user in users
    }
