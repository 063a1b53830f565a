"""The dashboard's notifications card asks for less of a digest than the e-mail: a few lines a bucket and
no table of schools. The buckets are read in one ranked query (the first lines of each and its total), the
summary's totals added up from its rows by measure: what is left must be exactly the e-mail's digest cut
short, and the lines those of the in-memory digest of the reminder run."""

from __future__ import annotations

import dataclasses

import pytest

from reports.digests import DigestBucket, digest_for_user, digest_rows
from reports.digests_many import digests_for_users
from reports.reminders import digest_recipients
from tests.factories import SchoolFactory

from .reminder_fixtures import MONDAY, deadline_plan


@pytest.fixture
def crowded(municipality, school_a, school_b, methodist_a):
    """More rows in a bucket than a page shows: five more curated schools, each with every measure."""
    extra = [SchoolFactory(municipality=municipality, short_name=f"СОШ №{n}") for n in range(5)]
    methodist_a.curated_schools.add(school_b, *extra)
    return deadline_plan(municipality=municipality, responsible=methodist_a)


def _cut(bucket: DigestBucket, items: int) -> DigestBucket:
    return dataclasses.replace(bucket, items=bucket.items[:items])


@pytest.mark.parametrize("items", [1, 3, 30])
def test_a_page_gets_the_first_lines_of_each_bucket_and_its_whole_total(
    crowded, municipality, methodist_a, head_a, department_head, items
):
    people = digest_recipients(municipalities=[municipality], local_date=MONDAY)
    together = digests_for_users(municipalities=[municipality], users=people, local_date=MONDAY)
    for user in (methodist_a, head_a, department_head):
        full = together[user.pk]
        page = digest_for_user(user=user, local_date=MONDAY, items=items, school_lines=False)
        assert page.buckets == [_cut(bucket, items) for bucket in full.buckets], user.username
        for _ in range(2):  # the card of a page: compiled once for the person and the day, then reused
            kept = digest_for_user(user=user, local_date=MONDAY, items=items, school_lines=False, page=True)
            assert kept == page, user.username
        assert page.measure_lines == full.measure_lines
        assert (page.school_lines, page.schools_total) == ([], 0)
    busiest = max(together[methodist_a.pk].buckets, key=lambda bucket: bucket.total)
    assert busiest.total > 3


def test_the_summary_totals_count_every_row_due_within_the_week(crowded, department_head):
    digest = digest_for_user(user=department_head, local_date=MONDAY, school_lines=False)
    assert digest.total == digest_rows(user=department_head, local_date=MONDAY).count()


def test_the_page_card_reads_the_buckets_in_one_query(
    crowded, methodist_a, department_head, django_assert_num_queries
):
    with django_assert_num_queries(1):
        digest_for_user(user=methodist_a, local_date=MONDAY, items=5, school_lines=False)
    with django_assert_num_queries(1):
        digest_for_user(user=department_head, local_date=MONDAY, items=5, school_lines=False)


def test_the_page_card_compiled_once_reads_todays_rows(crowded, methodist_a, django_assert_num_queries):
    """Compiled once for the person and the day, the card still reads the rows as they are now."""
    from roadmaps.models import Progress, ProgressStatus

    first = digest_for_user(user=methodist_a, local_date=MONDAY, items=5, school_lines=False, page=True)
    total = sum(bucket.total for bucket in first.buckets)
    row = Progress.objects.get(pk=first.buckets[0].items[0].progress_id)
    row.status = ProgressStatus.DONE
    row.save()
    with django_assert_num_queries(1):
        again = digest_for_user(user=methodist_a, local_date=MONDAY, items=5, school_lines=False, page=True)
    assert sum(bucket.total for bucket in again.buckets) == total - 1
