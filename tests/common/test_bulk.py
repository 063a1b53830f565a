"""``rows_update``: each row's own values in one statement (common.bulk), the same rows as bulk_update."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.bulk import rows_update
from reports.models import DigestDelivery

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
SENT_AT = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def deliveries(department_head, methodist_a, methodist_b, head_a, head_b):
    people = [department_head, methodist_a, methodist_b, head_a, head_b]
    return [DigestDelivery.objects.create(user=user, local_date=DAY) for user in people]


def _state(rows):
    fields = ("status", "sent_at", "item_count", "error", "claim_token")
    found = DigestDelivery.objects.filter(pk__in=[r.pk for r in rows]).values("id", *fields)
    return {row["id"]: row for row in found}


def test_every_row_gets_its_own_values_and_the_others_stay(deliveries):
    token = uuid.uuid4()
    chosen = deliveries[:4]
    for n, row in enumerate(chosen):
        row.status = DigestDelivery.Status.SENT if n % 2 else DigestDelivery.Status.CLAIMED
        row.sent_at = SENT_AT + timedelta(seconds=n) if n % 2 else None
        row.item_count = 10 * n
        row.error = "" if n % 2 else f"ошибка «{n}»; 'кавычки' и\nперевод строки"
        row.claim_token = token if n == 2 else None
    assert rows_update(chosen, ["status", "sent_at", "item_count", "error", "claim_token"]) == 4
    found = _state(deliveries)
    for n, row in enumerate(chosen):
        assert found[row.pk] == {
            "id": row.pk,
            "status": row.status,
            "sent_at": row.sent_at,
            "item_count": 10 * n,
            "error": row.error,
            "claim_token": row.claim_token,
        }
    untouched = found[deliveries[4].pk]
    assert (untouched["status"], untouched["sent_at"], untouched["item_count"]) == ("pending", None, 0)


def test_only_the_fields_named_are_written(deliveries):
    row = deliveries[0]
    row.item_count, row.error = 7, "не записывать"
    rows_update([row], ["item_count"])
    assert _state([row])[row.pk]["item_count"] == 7
    assert _state([row])[row.pk]["error"] == ""


def test_no_rows_is_no_query(deliveries):
    with CaptureQueriesContext(connection) as context:
        assert rows_update([], ["status"]) == 0
    assert context.captured_queries == []


def test_on_postgresql_it_is_one_statement_with_an_array_per_field(deliveries, postgres):
    for row in deliveries:
        row.item_count = row.pk
    with CaptureQueriesContext(connection) as context:
        assert rows_update(deliveries, ["item_count", "sent_at"]) == len(deliveries)
    assert len(context.captured_queries) == 1
    sql = context.captured_queries[0]["sql"]
    assert "unnest(" in sql and "CASE" not in sql
    assert all(row["item_count"] == row["id"] for row in _state(deliveries).values())
