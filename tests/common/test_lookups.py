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


def test_ids_as_text_numbers_or_a_mixture_find_what_in_finds(schools):
    # Python ints skip the one-by-one preparing; anything else is prepared as ``__in`` prepares it.
    wanted = {schools[2].pk, schools[4].pk}
    for ids in (
        [schools[2].pk, schools[4].pk],
        (schools[2].pk, schools[4].pk),
        [str(schools[2].pk), schools[4].pk],
        [schools[2].pk, schools[4].pk, None],
    ):
        assert set(School.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == wanted, ids
        assert set(School.objects.filter(pk__in=ids).values_list("pk", flat=True)) == wanted, ids


def test_a_text_column_is_prepared_value_by_value(schools):
    found = School.objects.filter(code__any_of=["S1", "S3"]).values_list("code", flat=True)
    assert set(found) == {"S1", "S3"}


def test_a_subquery_is_taken_as_in_takes_it(schools):
    inner = School.objects.filter(code__any_of=["S0", "S1"]).values("pk")
    assert set(School.objects.filter(pk__any_of=inner).values_list("code", flat=True)) == {"S0", "S1"}
