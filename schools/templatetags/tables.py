"""Sortable table headers that keep the page's filters."""

from django import template
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from django.utils.html import format_html

register = template.Library()


def sort_ordering(request: HttpRequest, allowed: dict[str, tuple[str, ...]], default: str) -> list[str]:
    """The ORM ordering meant by ``?sort=key`` (``-key`` for descending); an unknown key sorts by default."""
    key = request.GET.get("sort", default)
    fields = allowed.get(key.lstrip("-"))
    if fields is None:
        key, fields = default, allowed[default.lstrip("-")]
    return [f"-{f}" if key.startswith("-") else f for f in fields]


def nulls_last(ordering: list[str]) -> list[OrderBy]:
    """Empty values sort last both ways and on every database (PostgreSQL puts them first in DESC)."""
    return [
        F(field.lstrip("-")).desc(nulls_last=True) if field.startswith("-") else F(field).asc(nulls_last=True)
        for field in ordering
    ]


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> str:
    request: HttpRequest = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    query = request.GET.copy()
    query.pop("page", None)
    ascending_now = current == key
    query["sort"] = f"-{key}" if ascending_now else key
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return format_html('<a class="sort" href="?{}">{}{}</a>', query.urlencode(), label, arrow)
