"""``__any_of``: the rows of ``__in``, with one array parameter on PostgreSQL (common.lookups)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.models import Municipality, School

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    place = Municipality.objects.create(name="Тестовый район")
    return [
        School.objects.create(municipality=place, code=f"S{n}", short_name=f"Школа {n}") for n in range(5)
    ]


def test_it_finds_the_rows_in_finds(schools):
    ids = [schools[0].pk, schools[3].pk, schools[3].pk, None]
    found = set(School.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == set(School.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert found == {schools[0].pk, schools[3].pk}


def test_an_empty_list_or_only_none_finds_nothing(schools):
    assert not School.objects.filter(pk__any_of=[]).exists()
    assert not School.objects.filter(pk__any_of=[None]).exists()
    assert School.objects.exclude(pk__any_of=[]).count() == len(schools)


def test_a_foreign_key_takes_it_by_ids_and_excluding_is_the_complement(schools):
    place = schools[0].municipality
    other = Municipality.objects.create(name="Другой район")
    School.objects.create(municipality=other, code="X1", short_name="Чужая")
    assert School.objects.filter(municipality_id__any_of=[place.pk]).count() == len(schools)
    assert School.objects.filter(municipality__any_of=[other.pk]).count() == 1
    assert School.objects.exclude(pk__any_of=[s.pk for s in schools[:2]]).count() == len(schools) - 1


def test_on_postgresql_six_hundred_ids_are_one_parameter(schools, postgres):
    ids = [schools[1].pk, *range(10_000_000, 10_000_600)]
    with CaptureQueriesContext(connection) as context:
        assert list(School.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == [schools[1].pk]
    sql = context.captured_queries[0]["sql"]
    assert "= ANY(" in sql and " IN (" not in sql
