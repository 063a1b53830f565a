"""common.lists: a list declared once renders as a sorted, paginated page and as its Excel file."""

from __future__ import annotations

import io

import pytest
from django.db.models import Case, IntegerField, Value, When
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from openpyxl import load_workbook

from common.lists import (
    PAGE_SIZE,
    Column,
    Listing,
    list_context,
    list_page,
    list_query,
    list_response,
    nulls_last,
    sort_ordering,
)
from common.models import ColumnChoice
from common.xlsx import XLSX_CONTENT_TYPE

PAGE_TEMPLATE = "{% for c in page %}{{ c.header }};{% endfor %}|{{ query }}|{{ default_sort }}|{{ extra }}"
LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {"list.html": PAGE_TEMPLATE})]},
    }
]

CHOICES = Listing(
    title="Выбранные столбцы",
    filename="choices.xlsx",
    default_sort="header",
    columns=(
        Column("Заголовок", lambda c: c.header, 30, "header", ("header", "pk")),
        Column("Столбец", lambda c: c.column, 12, "column", ("column", "header")),
        Column("Школа", lambda c: c.scope, 20),
    ),
    extra_sorts={"rank": ("rank", "header")},
)


def _get(**params):
    return RequestFactory().get("/list/", params)


@pytest.fixture
def choices(db):
    made = [
        ColumnChoice.objects.create(scope=f"school:{n}", kind="journal", column=column, header=header)
        for n, (column, header) in enumerate([("b", "Бета"), ("a", "Альфа"), ("c", "Гамма")], start=1)
    ]
    # «rank» is empty for Гамма: empty values go last whichever way the page sorts.
    rank = Case(
        When(header="Альфа", then=Value(2)), When(header="Бета", then=Value(1)), output_field=IntegerField()
    )
    return made, ColumnChoice.objects.annotate(rank=rank)


def _headers(queryset, request) -> list[str]:
    return [c.header for c in queryset.order_by(*CHOICES.ordering(request))]


def test_the_page_sorts_by_a_declared_column_both_ways(choices):
    _, queryset = choices
    assert _headers(queryset, _get()) == ["Альфа", "Бета", "Гамма"]  # the default sort
    assert _headers(queryset, _get(sort="column")) == ["Альфа", "Бета", "Гамма"]
    assert _headers(queryset, _get(sort="-column")) == ["Гамма", "Бета", "Альфа"]


def test_an_unknown_sort_key_sorts_by_the_default(choices):
    _, queryset = choices
    assert _headers(queryset, _get(sort="password")) == ["Альфа", "Бета", "Гамма"]
    assert _headers(queryset, _get(sort="-scope")) == ["Альфа", "Бета", "Гамма"]  # a column without a sort


def test_empty_values_go_last_ascending_and_descending(choices):
    _, queryset = choices
    assert _headers(queryset, _get(sort="rank")) == ["Бета", "Альфа", "Гамма"]
    assert _headers(queryset, _get(sort="-rank")) == ["Альфа", "Бета", "Гамма"]


def test_sorts_are_the_columns_keys_and_the_extra_ones():
    assert CHOICES.sorts == {
        "header": ("header", "pk"),
        "column": ("column", "header"),
        "rank": ("rank", "header"),
    }
    assert sort_ordering(_get(sort="-column"), CHOICES.sorts, "header") == ["-column", "-header"]
    descending, ascending = nulls_last(["-rank", "header"])
    assert descending.descending and descending.nulls_last
    assert not ascending.descending and ascending.nulls_last


def test_the_query_kept_by_links_drops_the_page_and_the_export_switch():
    request = _get(kind="journal", sort="-column", page="3", export="xlsx")
    assert list_query(request) == "kind=journal&sort=-column"


def test_the_context_holds_one_page_of_rows_the_filter_and_the_sort():
    rows = list(range(PAGE_SIZE * 2 + 5))
    context = list_context(_get(page="3", q="x"), rows, filterset="F", default_sort="-date", extra=1)
    assert list(context["page"].object_list) == rows[PAGE_SIZE * 2 :]
    assert context["page"].paginator.num_pages == 3
    assert (context["filter"], context["query"], context["default_sort"], context["extra"]) == (
        "F",
        "q=x",
        "-date",
        1,
    )
    assert list_context(_get(page="nonsense"), rows)["page"].number == 1


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_the_page_renders_the_rows_with_the_declared_default_sort(choices):
    _, queryset = choices
    request = _get(sort="-column", page="1")
    response = list_response(
        request,
        CHOICES,
        queryset.order_by(*CHOICES.ordering(request)),
        template="list.html",
        context={"extra": "x"},
        on_page=lambda context: context.update(extra=len(context["page"].object_list)),
    )
    assert response.status_code == 200
    assert response.content.decode() == "Гамма;Бета;Альфа;|sort=-column|header|3"


def test_the_export_is_the_same_list_with_its_headers_values_and_widths(choices):
    _, queryset = choices
    request = _get(sort="-column", export="xlsx")
    response = list_response(
        request, CHOICES, queryset.order_by(*CHOICES.ordering(request)), template="never-rendered.html"
    )
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''choices.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Выбранные столбцы"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Заголовок", "Столбец", "Школа"],
        ["Гамма", "c", "school:3"],
        ["Бета", "b", "school:1"],
        ["Альфа", "a", "school:2"],
    ]
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [30, 12, 20]


def test_the_export_leaves_out_omitted_columns_and_reads_rows_made_for_it(choices):
    made, _ = choices
    response = list_response(
        _get(export="xlsx"),
        CHOICES,
        [1, 0],
        template="never-rendered.html",
        omit=("Школа",),
        export_rows=lambda indexes: [made[i] for i in indexes],
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Заголовок", "Столбец"],
        ["Альфа", "a"],
        ["Бета", "b"],
    ]
    assert [sheet.column_dimensions[letter].width for letter in "AB"] == [30, 12]


def _header(request, key: str, label: str, default_sort: str = "header") -> str:
    page = Template("{% load tables %}{% sort_header key label %}")
    return page.render(
        Context({"request": request, "default_sort": default_sort, "key": key, "label": label})
    )


def test_a_sortable_header_keeps_the_filters_and_turns_the_order_over():
    request = _get(kind="journal", page="3", sort="column")
    assert (
        _header(request, "column", "Столбец")
        == '<a class="sort" href="?kind=journal&amp;sort=-column">Столбец ▲</a>'
    )
    assert (
        _header(_get(sort="-column"), "column", "Столбец")
        == '<a class="sort" href="?sort=column">Столбец ▼</a>'
    )
    assert (
        _header(request, "header", "Заголовок")
        == '<a class="sort" href="?kind=journal&amp;sort=header">Заголовок</a>'
    )


def test_without_a_sort_asked_the_default_column_shows_its_arrow():
    assert _header(_get(), "header", "Заголовок") == '<a class="sort" href="?sort=-header">Заголовок ▲</a>'


def _list_table(rows: list, *, changed: bool, with_empty: bool = True, tag: str = "list_table") -> str:
    """The ``{% list_table %}`` of a page holding ``rows``, with filters that changed something or not."""

    class Form:
        changed_data = ["kind"] if changed else []

    class Filter:
        form = Form()

    empty = "{% list_empty %}Пока пусто." if with_empty else ""
    rows_html = "<table>{% for r in page %}{{ r }};{% endfor %}</table>"
    page = Template(f"{{% load tables %}}{{% {tag} %}}{rows_html}{empty}{{% end_list_table %}}")
    request = _get()
    return page.render(Context({"request": request, "page": list_page(request, rows), "filter": Filter()}))


def test_a_list_table_shows_its_rows_or_says_why_there_are_none():
    assert _list_table(["a", "b"], changed=False).startswith("<table>a;b;</table>")
    nothing = '<p class="text-muted">Ничего не найдено. Измените фильтры или нажмите «Сбросить».</p>'
    assert _list_table([], changed=True) == nothing
    assert _list_table([], changed=False) == "Пока пусто."
    assert _list_table([], changed=False, with_empty=False) == nothing
    assert _list_table([], changed=True, tag="list_table own_empty") == "Пока пусто."
