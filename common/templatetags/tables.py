"""Sortable table headers that keep the page's filters (the ``?sort=`` keys of a ``common.lists.Listing``)."""

from django import template
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html

from ..lists import list_query

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> str:
    request: HttpRequest = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    query = QueryDict(list_query(request), mutable=True)
    ascending_now = current == key
    query["sort"] = f"-{key}" if ascending_now else key
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return format_html('<a class="sort" href="?{}">{}{}</a>', query.urlencode(), label, arrow)
