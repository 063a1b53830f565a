"""Per school × ВПР counts (VprAggregate), kept up to date by whoever writes results.

No signals: every writer of ВПР results says what it wrote. Writers in bulk (the import, the demo, the region
generator, the bench) call ``refresh_aggregates`` for the tests and schools they wrote, in the same
transaction; the admin, saving or deleting results one by one, calls ``refresh_lines`` for the (test, school)
pairs it touched. A test or a municipality deleted takes its lines with it (the lines cascade with the test).
``rebuild_aggregates`` recounts everything (``manage.py rebuild_vpr_aggregates``), for data written some
other way. The objectivity analysis reads these lines instead of counting every participant when someone
looks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from schools.models import Municipality

from .models import VprAggregate, VprResult, VprTest

MARKS = (2, 3, 4, 5)


def counted_groups(results: QuerySet, n_tasks: int) -> list[dict]:
    """One dict per (test, school) of ``results``, counted by the database: marks, shares, sums."""
    return list(
        results.order_by()
        .values("test_id", "school_id")
        .annotate(
            participants=Count("id"),
            compared=Count("id", filter=Q(journal_mark__isnull=False)),
            lowered=Count("id", filter=Q(mark__lt=F("journal_mark"))),
            raised=Count("id", filter=Q(mark__gt=F("journal_mark"))),
            marks=Sum("mark"),
            primary=Sum("primary_score"),
            **{f"vpr{m}": Count("id", filter=Q(mark=m)) for m in MARKS},
            **{f"journal{m}": Count("id", filter=Q(journal_mark=m)) for m in MARKS},
            **{f"task{i}": Sum(Cast(KT(f"task_scores__{i}"), IntegerField())) for i in range(n_tasks)},
        )
    )


def refresh_aggregates(*, tests: Iterable[VprTest], school_ids: Iterable[int] | None = None) -> int:
    """Recount the lines of ``tests`` (only of ``school_ids`` when given) from their results; a school
    without results any more loses its line. Returns the number of lines written."""
    tests = list(tests)
    if not tests:
        return 0
    schools = set(school_ids) if school_ids is not None else None
    results = VprResult.objects.filter(test__in=tests)
    lines = VprAggregate.objects.filter(test__in=tests)
    if schools is not None:
        results = results.filter(school_id__in=schools)
        lines = lines.filter(school_id__in=schools)
    n_tasks = max(len(test.tasks) for test in tests)
    score_marks: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for test_id, school_id, score, mark, n in (
        results.order_by()
        .values_list("test_id", "school_id", "primary_score", "mark")
        .annotate(n=Count("id"))
        .order_by("test_id", "school_id", "primary_score", "mark")
    ):
        score_marks[(test_id, school_id)].append([score, mark, n])
    tasks = {test.pk: len(test.tasks) for test in tests}
    new = [
        VprAggregate(
            test_id=group["test_id"],
            school_id=group["school_id"],
            participants=group["participants"],
            compared=group["compared"],
            lowered=group["lowered"],
            raised=group["raised"],
            mark_sum=group["marks"] or 0,
            primary_sum=group["primary"] or 0,
            vpr_marks={str(m): group[f"vpr{m}"] for m in MARKS},
            journal_marks={str(m): group[f"journal{m}"] for m in MARKS},
            task_sums=[group[f"task{i}"] or 0 for i in range(tasks[group["test_id"]])],
            score_marks=score_marks[(group["test_id"], group["school_id"])],
        )
        for group in counted_groups(results, n_tasks)
    ]
    with transaction.atomic():
        lines.delete()
        VprAggregate.objects.bulk_create(new, batch_size=1000)
    return len(new)


def refresh_lines(pairs: Iterable[tuple[int, int]]) -> int:
    """Recount the lines of these (test id, school id) pairs, after results were saved or deleted one by one;
    a test deleted meanwhile is skipped (its lines went with it). Returns the number of lines written."""
    schools: dict[int, set[int]] = defaultdict(set)
    for test_id, school_id in pairs:
        schools[test_id].add(school_id)
    return sum(
        refresh_aggregates(tests=[test], school_ids=schools[test.pk])
        for test in VprTest.objects.filter(pk__in=schools).order_by("pk")
    )


def rebuild_aggregates(municipality: Municipality | None = None) -> int:
    """Recount every line (of one municipality's tests when given), test by test."""
    tests = VprTest.objects.order_by("pk")
    if municipality is not None:
        tests = tests.filter(municipality=municipality)
    written = 0
    for test in tests:
        written += refresh_aggregates(tests=[test])
    stale = VprAggregate.objects.exclude(test__in=VprTest.objects.filter(results__isnull=False))
    if municipality is not None:
        stale = stale.filter(test__municipality=municipality)
    stale.delete()
    return written


def group_of(line: VprAggregate) -> dict:
    """A line in the shape ``counted_groups`` gives (the analysis reads one shape, whichever the source)."""
    group = {
        "test_id": line.test_id,
        "school_id": line.school_id,
        "participants": line.participants,
        "compared": line.compared,
        "lowered": line.lowered,
        "raised": line.raised,
        "marks": line.mark_sum,
        "primary": line.primary_sum,
        **{f"vpr{m}": int(line.vpr_marks.get(str(m), 0)) for m in MARKS},
        **{f"journal{m}": int(line.journal_marks.get(str(m), 0)) for m in MARKS},
        **{f"task{i}": points for i, points in enumerate(line.task_sums)},
    }
    return group


def score_counts(line: VprAggregate) -> Counter:
    """(primary score, mark) → participants of the line."""
    return Counter({(score, mark): n for score, mark, n in line.score_marks})
