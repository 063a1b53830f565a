from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from schools.templatetags.ru import MONTHS_NOMINATIVE, format_ru_date

from ..models import DeadlineKind, Measure, Progress, ProgressStatus
from ..progress import display_status

register = template.Library()

STATUS_CLASSES = {
    "not_started": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
    "done_late": "text-bg-warning",
    "overdue": "text-bg-danger",
    "not_required": "bg-light text-muted border",
}


@register.simple_tag
def status_badge(progress: Progress) -> str:
    code, label = display_status(progress, timezone.localdate())
    return format_html(
        '<span class="badge status-badge {}" data-status="{}">{}</span>', STATUS_CLASSES[code], code, label
    )


def _status_options(selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in ProgressStatus.choices),
    )


# The <option>s of a row's status select, one string per selected status: a page of many rows rendered
# them with a template loop per row (measure detail).
STATUS_OPTIONS = {value: _status_options(value) for value in ProgressStatus.values}


@register.simple_tag
def status_options(selected: object) -> SafeString:
    """The status <option>s with ``selected`` marked (a value typed into a bound form may be anything)."""
    selected = str(selected or "")
    return STATUS_OPTIONS.get(selected) or _status_options(selected)


@register.simple_tag
def status_label_badge(code: str, label: str) -> str:
    return format_html(
        '<span class="badge status-badge {}" data-status="{}">{}</span>', STATUS_CLASSES[code], code, label
    )


@register.filter
def deadline_dates(measure: Measure) -> str:
    """The structured deadline in words, shown beside the text as written."""
    kind, start, end = measure.deadline_kind, measure.deadline_start, measure.deadline_end
    months = ", ".join(MONTHS_NOMINATIVE[m - 1] for m in measure.deadline_months or [] if 1 <= m <= 12)
    if kind == DeadlineKind.DATE and end:
        return f"до {format_ru_date(end)}"
    if kind == DeadlineKind.RANGE and start and end:
        return f"{format_ru_date(start)} – {format_ru_date(end)}"
    if kind == DeadlineKind.CONTINUOUS:
        return f"весь период, до {format_ru_date(end)}" if end else "постоянно"
    if kind == DeadlineKind.RECURRING:
        return f"регулярно ({months})" if months else "регулярно"
    if kind == DeadlineKind.EVENT:
        return "по графику, без даты"
    return "срок не распознан"
