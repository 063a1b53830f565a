"""Two workers sending at the same moment, each on its own PostgreSQL connection, never double a digest.

These run against the real server (the ``postgres`` fixture) with committed data, so that the second
connection really sees and races for the first one's rows.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from reports.models import DigestDelivery
from reports.reminders import DigestRunResult, digest_deliver, digests_send_for_municipality
from schools.models import User
from tests.factories import UserFactory

from .reminder_fixtures import MONDAY, deadline_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_threads(count: int, work) -> list:
    """Run ``work`` in ``count`` threads released together; each thread has its own connection."""
    barrier = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def many_heads(postgres, municipality, school_a, methodist_a):
    deadline_plan(municipality=municipality, responsible=methodist_a)
    return [
        UserFactory(
            role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school_a, username=f"head{n}"
        )
        for n in range(24)
    ]


def test_two_workers_at_once_send_every_digest_exactly_once(many_heads, municipality):
    results: list[DigestRunResult] = _in_threads(
        2, lambda: digests_send_for_municipality(municipality=municipality, local_date=MONDAY)
    )
    recipients = [*many_heads]
    assert sum(result.sent for result in results) == len(recipients) + 1  # and the methodist
    assert sum(result.failed for result in results) == 0
    counts = Counter(address for message in mail.outbox for address in message.to)
    assert set(counts.values()) == {1}
    assert {user.email for user in recipients} <= set(counts)
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {DigestDelivery.Status.SENT}


def test_two_workers_claiming_the_same_digest_let_only_one_send(many_heads):
    head = many_heads[0]
    DigestDelivery.objects.create(user=head, local_date=MONDAY)
    outcomes = _in_threads(4, lambda: digest_deliver(user=head, local_date=MONDAY))
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert [message.to for message in mail.outbox] == [[head.email]]
