from collections.abc import Iterable
from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from common.html import html
from common.templatetags.tables import progress_bar
from common.templatetags.text import clip
from common.urls import reverse_pk
from schools.templatetags.ru import MONTHS_NOMINATIVE, format_ru_date

from ..models import DeadlineKind, Measure, Progress, ProgressStatus
from ..progress import SchoolSummary, display_status

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
def status_badge(progress: Progress, today: date | None = None) -> str:
    code, label = display_status(progress, today or timezone.localdate())
    return html(
        '<span class="badge status-badge {}" data-status="{}">{}</span>', STATUS_CLASSES[code], code, label
    )


OPEN_ROW_LINK = '<a href="{}" class="text-decoration-none" title="Открыть строку исполнения">{}</a>'


@register.simple_tag(takes_context=True)
def progress_rows(context: template.Context, rows: Iterable[Progress]) -> SafeString:
    """The rows of a list of plan rows (roadmaps/partials/progress_table.html), written in Python: the
    template's loop of seven cells, its filters and tags cost the lists, the pages people open most, more
    than reading the rows (a school head's list of 49 rows: about 15 ms of 48). A school head's list is
    always their own school: no «Школа» column, and the status opens the row."""
    school_head = context["user"].is_school_head
    today = timezone.localdate()
    lines = []
    for p in rows:
        measure = p.measure
        row_url = reverse_pk("roadmaps:progress_detail", p.pk)
        badge = status_badge(p, today)
        if school_head:
            school = ""
            status = html(OPEN_ROW_LINK, row_url, badge)
        else:
            school = html('<td><a href="{}">{}</a></td>', row_url, p.school or "УО")
            status = badge
        updated = ""
        if p.updated_at:
            author = p.updated_by.short_name if p.updated_by else ""
            when = timezone.localtime(p.updated_at).strftime("%d.%m.%Y %H:%M")  # as |date:"d.m.Y H:i"
            updated = html("{}, {}", when, author)
        lines.append(
            html(
                "<tr>\n"
                '    <td class="measure-number">{}</td>\n'
                '    <td><a href="{}">{}</a></td>\n'
                "    {}\n"
                '    <td class="small text-nowrap" title="{}">{}</td>\n'
                '    <td class="hide-sm small">{}</td>\n'
                "    <td>{}</td>\n"
                '    <td class="hide-sm small text-muted">{}</td>\n'
                "  </tr>",
                measure.number,
                reverse_pk("roadmaps:measure_detail", p.measure_id),
                clip(measure.title, 120),
                school,
                measure.deadline_text,
                format_ru_date(measure.deadline_end) or measure.deadline_text,
                clip(measure.responsible_text, 60),
                status,
                updated,
            )
        )
    return SafeString("\n  ".join(lines))


CHANGE_ROW = (
    '\n        <tr><td class="text-nowrap">{}</td><td>{}</td>'
    "\n        <td>{}{}</td>"
    "\n        <td>{}{}</td></tr>\n      "
)
COMMENT = '<div class="text-muted prewrap">{}</div>'


@register.simple_tag
def change_rows(changes: Iterable) -> SafeString:
    """The rows of a plan row's history (roadmaps/progress_detail.html), written in Python: a row saved
    often has fifty of them, and the template's loop was most of the page that opens before every save."""
    lines = []
    for c in changes:
        comment_changed = c.old_comment != c.new_comment
        lines.append(
            html(
                CHANGE_ROW,
                timezone.localtime(c.changed_at).strftime("%d.%m.%Y %H:%M") if c.changed_at else "",
                c.changed_by.short_name if c.changed_by else "",
                c.get_old_status_display(),
                html(COMMENT, c.old_comment) if comment_changed and c.old_comment else "",
                c.get_new_status_display(),
                html(COMMENT, c.new_comment) if comment_changed else "",
            )
        )
    return SafeString("".join(lines))


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
    return html(
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


# A row of the dashboard's table of schools, after the school's name: each count links to its rows.
SUMMARY_CELL = '\n    <td class="text-end"><a href="{}?school={}&status={}">{}</a></td>'
OVERDUE_CELL = '\n    <td class="text-end"><a class="{}" href="{}?school={}&overdue=on">{}</a></td>'
NOT_REQUIRED_CELL = (
    '\n    <td class="text-end hide-sm"><a href="{}?school={}&status=not_required">{}</a></td>'
)


@register.simple_tag
def summary_cells(summary: SchoolSummary, list_url: str, school_head: bool) -> SafeString:
    """``{% summary_cells s list_url school_head %}``: the cells of a school's row on the dashboard, the
    school's name (unless a school head looks at their own), its counts and its bar, written in Python:
    as template code the 37 rows of a municipality, ten values, two conditions and two tags each, were
    two thirds of the page's template time."""
    pk = summary.school.pk
    name = (
        ""
        if school_head
        else html(
            '<td><a href="{}">{}</a></td>', reverse_pk("schools:school_detail", pk), summary.school.short_name
        )
    )
    counts = format_html_join(
        "",
        SUMMARY_CELL,
        (
            (list_url, pk, ProgressStatus.NOT_STARTED, summary.not_started),
            (list_url, pk, ProgressStatus.IN_PROGRESS, summary.in_progress),
            (list_url, pk, ProgressStatus.DONE, summary.done),
        ),
    )
    return html(
        "{}{}" + OVERDUE_CELL + NOT_REQUIRED_CELL + "\n    <td>{}</td>",
        name,
        counts,
        "text-danger fw-bold" if summary.overdue else "",
        list_url,
        pk,
        summary.overdue,
        list_url,
        pk,
        summary.not_required,
        progress_bar(summary.percent_done),
    )
