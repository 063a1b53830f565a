"""Everyone's digest at once, for the reminder run (``reminders.py``): every open row of the region read
once, each person's digest built from it in memory, the same as ``digests.digest_for_user`` gives one
person (tests/reports/test_reminders.py checks both give the same digests)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import F

from common.urls import reverse_once, reverse_pk
from roadmaps.models import OPEN_STATUSES, Measure, Progress
from roadmaps.progress import obligations_q
from schools.models import Municipality, School, User

from .digests import (
    BUCKET_LABELS,
    BUCKETS,
    DEPARTMENT_LABEL,
    DIGEST_MEASURE_FIELDS,
    HORIZON_DAYS,
    ITEMS_PER_BUCKET,
    SUMMARY_MEASURES,
    SUMMARY_SCHOOLS,
    Digest,
    DigestBucket,
    MeasureLine,
    SchoolLine,
    bucket_for,
    digest_item,
    list_url,
)


@dataclass
class RegionRows:
    """The open rows of one municipality due within the horizon, with who may see the ambiguous ones:
    the schools each methodist curates and the people responsible for each department measure."""

    rows: list[Progress]
    curated: dict[int, set[int]]  # methodist → school ids
    responsible: dict[int, set[int]]  # measure id → user ids


# What the digests read of a row, its measure and its school (digest_item, _row_is_for, the summary).
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
        items = [digest_item(p) for p in sorted(bucket_rows, key=_item_order)[:ITEMS_PER_BUCKET]]
        digest.buckets.append(
            DigestBucket(
                spec.code, spec.label, items, len(bucket_rows), list_url(spec, local_date, school_id)
            )
        )
    return digest


def _summary_from_rows(*, user: User, local_date: date, by_bucket: dict[str, list[Progress]]) -> Digest:
    digest = Digest(user=user, local_date=local_date, is_summary=True)
    digest.buckets = [
        DigestBucket(spec.code, spec.label, [], len(by_bucket[spec.code]), list_url(spec, local_date))
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
