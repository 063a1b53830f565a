"""common.lists.CompiledRows: a list's count and pages by queries compiled once for a key, paginated as a
queryset is, and always reading the rows as they are now."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from common.lists import CompiledRows, filters_key
from schools.models import School
from tests.factories import SchoolFactory


def test_pages_and_count_are_what_the_queryset_gives(municipality):
    for n in range(7):
        SchoolFactory(municipality=municipality, short_name=f"Школа {n}", code=f"S{n:03d}")
    built = []

    def build():
        built.append(1)
        schools = School.objects.filter(municipality=municipality)
        return schools.select_related("municipality").order_by("code")

    key = ("test-compiled-rows", municipality.pk)
    for _ in range(2):
        paginator = Paginator(CompiledRows(key, build), 3)
        expected = Paginator(build(), 3)
        assert paginator.count == expected.count == 7
        for number in (1, 2, 3, "999", "abc"):
            page, wanted = paginator.get_page(number), expected.get_page(number)
            assert [s.code for s in page] == [s.code for s in wanted]
            assert page.number == wanted.number and page.has_next() == wanted.has_next()
    built.clear()
    SchoolFactory(municipality=municipality, short_name="Новая", code="A000")
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(CompiledRows(key, build), 3).get_page(1)
        assert page.object_list[0].code == "A000" and page.paginator.count == 8
        assert page.object_list[0].municipality.name == municipality.name  # select_related kept
    assert built == [] and len(queries.captured_queries) == 2  # the count and the page, nothing built


def test_only_slices_are_pages(municipality):
    rows = CompiledRows(("test-slices",), lambda: School.objects.all())
    for index in (0, slice(0, 10, 2)):
        try:
            rows[index]
        except TypeError:
            continue
        raise AssertionError(f"{index!r} was accepted")


def test_the_key_of_the_filters_leaves_out_the_page_and_the_export_and_keeps_repeats():
    factory = RequestFactory()
    one = filters_key(factory.get("/x/?status=done&page=2&export=xlsx&school=1&school=2"))
    two = filters_key(factory.get("/x/?school=1&school=2&status=done"))
    assert one == two == (("school", ("1", "2")), ("status", ("done",)))
    assert filters_key(factory.get("/x/?school=2&school=1")) != one


def test_the_last_page_is_one_query_whatever_the_count(municipality):
    """The paginator ends the last page at the count; the compiled query reads a whole page from its start,
    so a count that moves (a status saved, a row added) does not compile a new query each time."""
    from common import prepared

    for n in range(4):
        SchoolFactory(municipality=municipality, short_name=f"Школа {n}", code=f"S{n:03d}")

    def build():
        return School.objects.filter(municipality=municipality).order_by("code")

    key = ("test-last-page", municipality.pk)
    before = len(prepared._COMPILED_OBJECTS)
    seen = []
    for extra in range(3):
        page = Paginator(CompiledRows(key, build, size=10), 10).get_page(1)
        seen.append([s.code for s in page])
        SchoolFactory(municipality=municipality, short_name=f"Ещё {extra}", code=f"T{extra:03d}")
    assert [len(codes) for codes in seen] == [4, 5, 6]
    assert len(prepared._COMPILED_OBJECTS) == before + 1
