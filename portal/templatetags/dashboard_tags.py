"""The dashboard's cards of rows that need attention (overdue, due soon), written in Python: two template
loops of twenty rows, each with its filters and tags, cost a methodist's dashboard more than reading them."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from common.html import html
from common.templatetags.text import clip
from common.urls import reverse_pk
from reports.wording import without_stop
from roadmaps.models import Progress
from roadmaps.templatetags.roadmap_tags import status_badge
from schools.templatetags.ru import format_ru_date

register = template.Library()

ROW = (
    '  <li class="list-group-item">\n'
    '    <div class="d-flex justify-content-between gap-2">\n'
    '      <a href="{}">{}{}</a>\n'
    "      {}\n"
    "    </div>\n"
    '    <div class="small text-muted">{} · срок {} · {}</div>\n'
    "  </li>\n"
)


@register.simple_tag
def attention_list(rows: Sequence[Progress], empty: str) -> SafeString:
    """``{% attention_list overdue "Просроченных мероприятий нет." %}``: the card's list, or what it says
    when there is nothing to show."""
    if not rows:
        return html('<div class="card-body text-muted">{}</div>\n', empty)
    today = timezone.localdate()
    items = []
    for p in rows:
        measure = p.measure
        items.append(
            html(
                ROW,
                reverse_pk("roadmaps:progress_detail", p.pk),
                f"{without_stop(measure.number)}. " if measure.number else "",
                clip(measure.title, 110),
                status_badge(p, today),
                p.school or "Управление образования",
                format_ru_date(measure.deadline_end),
                measure.deadline_text,
            )
        )
    return SafeString('<ul class="list-group list-group-flush">\n' + "".join(items) + "</ul>\n")
