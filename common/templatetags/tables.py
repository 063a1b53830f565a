"""The pieces of a list page (``common.lists``): sortable table headers that keep the page's filters (the
``?sort=`` keys of a ``common.lists.Listing``), and ``{% list_table %}``: the table, or what no rows say."""

from django import template
from django.http import HttpRequest, QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from ..html import html
from ..lists import list_query
from ..urls import reverse_pk

register = template.Library()


@register.simple_tag
def pk_url(view_name: str, *pks: int) -> str:
    """``{% pk_url 'app:view' obj.pk %}``: what ``{% url 'app:view' obj.pk %}`` writes, reversed once per
    view, not once per row (a list of 50 rows spent a third of its table in reversing two links a row).
    Several numbers as ``{% url %}`` takes them: ``{% pk_url 'app:view' test.pk school.pk %}``."""
    return conditional_escape(reverse_pk(view_name, *pks))


@register.simple_tag
def progress_bar(percent: int) -> str:
    """``{% progress_bar s.percent_done %}``: the green bar of a school's share done, written in Python (an
    ``{% include %}`` per row of the dashboard's and the school list's tables cost more than the row)."""
    return html(
        '<div class="progress minw-8rem" role="progressbar" aria-label="Выполнено" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100">\n'
        '  <div class="progress-bar bg-success pct-{}">{}%</div>\n</div>\n',
        percent,
        percent,
        percent,
    )


NOTHING_FOUND = "Ничего не найдено. Измените фильтры или нажмите «Сбросить»."


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> str:
    request: HttpRequest = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    query = QueryDict(list_query(request), mutable=True)
    ascending_now = current == key
    query["sort"] = f"-{key}" if ascending_now else key
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return html('<a class="sort" href="?{}">{}{}</a>', query.urlencode(), label, arrow)


class ListTableNode(template.Node):
    child_nodelists = ("rows", "empty")

    def __init__(self, rows: template.NodeList, empty: template.NodeList | None, own_empty: bool) -> None:
        self.rows = rows
        self.empty = empty
        self.own_empty = own_empty

    def render(self, context: template.Context) -> SafeString:
        page = context.get("page")
        if page is not None and page.object_list:
            pagination = context.template.engine.get_template("include/pagination.html")
            return SafeString(self.rows.render(context) + pagination.render(context))
        filterset = context.get("filter")
        filtered = not self.own_empty and filterset is not None and filterset.form.changed_data
        if self.empty is None or filtered:
            return html('<p class="text-muted">{}</p>', NOTHING_FOUND)
        return self.empty.render(context)


@register.tag
def list_table(parser: template.base.Parser, token: template.base.Token) -> ListTableNode:
    """``{% list_table %}`` the table of ``page`` ``{% list_empty %}`` what a list with no rows at all says
    ``{% end_list_table %}``: the table and its pages when the page has rows; when the filters found nothing
    (or there is no ``list_empty``) «Ничего не найдено. Измените фильтры или нажмите «Сбросить».».
    ``{% list_table own_empty %}``: the page's ``list_empty`` says also what the filters did not find."""
    bits = token.split_contents()[1:]
    if bits not in ([], ["own_empty"]):
        raise template.TemplateSyntaxError("{% list_table %} takes nothing or «own_empty».")
    rows = parser.parse(("list_empty", "end_list_table"))
    empty = None
    if parser.next_token().contents == "list_empty":
        empty = parser.parse(("end_list_table",))
        parser.delete_first_token()
    return ListTableNode(rows, empty, own_empty=bool(bits))
