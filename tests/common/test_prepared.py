"""common.prepared: queries written once and run prepared, counted as Django counts its own."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import prepared
from schools.models import School


def test_compiled_rows_compiles_once_for_a_key_and_reads_the_rows_every_time(school_a, school_b):
    built = []

    def build():
        built.append(1)
        return (
            School.objects.filter(pk__in=[school_a.pk, school_b.pk])
            .order_by("code")
            .values_list("pk", "code")
        )

    key = ("test", school_a.pk, school_b.pk)
    with CaptureQueriesContext(connection) as queries:
        first = prepared.compiled_rows(key, build)
        school_b.code = "Z999"
        school_b.save(update_fields=["code"])
        second = prepared.compiled_rows(key, build)
    assert built == [1]
    assert first == [(school_a.pk, school_a.code), (school_b.pk, "B001")]
    assert second == [(school_a.pk, school_a.code), (school_b.pk, "Z999")]
    assert sum('"schools_school"."code"' in q["sql"] for q in queries.captured_queries) >= 2


def test_a_queryset_that_finds_nothing_whatever_the_rows_is_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert prepared.compiled_rows(("test-none",), lambda: School.objects.none().values_list("pk")) == []


def test_the_compiled_queries_are_bounded(db, monkeypatch):
    monkeypatch.setattr(prepared, "_COMPILED", {})
    monkeypatch.setattr(prepared, "_COMPILED_AT_MOST", 3)
    for n in range(5):
        prepared.compiled_rows(("bounded", n), lambda: School.objects.values_list("pk"))
    assert list(prepared._COMPILED) == [("bounded", 2), ("bounded", 3), ("bounded", 4)]


def test_compiled_objects_builds_what_the_orm_builds(school_a, school_b):
    """select_related, only (deferred fields) and annotations, as Django's ModelIterable gives them."""
    from django.db.models import Count, F, Value

    def build():
        return (
            School.objects.filter(pk__in=[school_a.pk, school_b.pk])
            .select_related("municipality")
            .only("code", "short_name", "municipality__name")
            .annotate(label=F("code"), one=Value(1), users=Count("staff"))
            .order_by("-code")
        )

    def seen(school):
        return (
            school.pk,
            school.code,
            school.short_name,
            school.municipality.name,
            school.label,
            school.one,
            school.users,
            school.get_deferred_fields(),
            school._state.adding,
        )

    key = ("test-objects", school_a.pk, school_b.pk)
    for _ in range(2):
        assert [seen(s) for s in prepared.compiled_objects(key, build)] == [seen(s) for s in build()]


def test_compiled_objects_refuses_what_it_cannot_build(db):
    import pytest

    with pytest.raises(ValueError):
        prepared.compiled_objects(("test-values",), lambda: School.objects.values("pk"))
    with pytest.raises(ValueError):
        prepared.compiled_objects(("test-prefetch",), lambda: School.objects.prefetch_related("staff"))
    assert prepared.compiled_objects(("test-none-objects",), lambda: School.objects.none()) == []


def test_compiled_count_takes_down_djangos_own_count_and_reads_it_again(school_a, school_b):
    from tests.factories import SchoolFactory

    def build():
        return School.objects.filter(municipality=school_a.municipality_id).distinct()

    key = ("test-count", school_a.municipality_id)
    assert prepared.compiled_count(key, build) == 2
    assert isinstance(prepared._COUNTS[key], tuple)  # the SQL Django ran, with its parameters
    SchoolFactory(municipality=school_a.municipality, short_name="Третья", code="C001")
    with CaptureQueriesContext(connection) as queries:
        assert prepared.compiled_count(key, lambda: 1 / 0) == 3  # not built again
    assert len(queries.captured_queries) == 1
    assert prepared.compiled_count(("test-count-none",), lambda: School.objects.none()) == 0
    assert prepared.compiled_count(("test-count-none",), lambda: 1 / 0) == 0


def test_an_argument_is_put_in_place_of_the_placeholder_and_must_be_there(school_a, school_b):
    import pytest

    def build():
        return School.objects.filter(pk=prepared.ARGUMENT).select_related("municipality")

    for school in (school_a, school_b, school_a):
        found = prepared.compiled_objects(("test-argument",), build, argument=school.pk)
        assert [(s.pk, s.municipality.name) for s in found] == [(school.pk, school.municipality.name)]
    assert prepared.compiled_objects(("test-argument",), build, argument=-5) == []
    with pytest.raises(ValueError):
        prepared.compiled_objects(("test-no-argument",), lambda: School.objects.all(), argument=1)
