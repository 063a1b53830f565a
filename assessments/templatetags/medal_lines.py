"""The badge beside a ЕГЭ score below a medal line; the lines come from assessments.scales.MEDAL_EGE_MIN."""

from django import template
from django.utils.html import format_html

from ..scales import medal_line_missed

register = template.Library()


@register.simple_tag
def medal_line_badge(score_100):
    missed = medal_line_missed(score_100)
    if missed is None:
        return ""
    degree, line, below_all = missed
    return format_html(
        '<span class="badge {}" title="ниже {}: не подтверждает медаль {}">&lt; {}</span>',
        "text-bg-danger" if below_all else "text-bg-warning",
        line,
        degree,
        line,
    )
