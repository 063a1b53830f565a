"""Small template helpers of the site: which sections a person opens, which report kinds exist."""

from __future__ import annotations

from django import template

from reports.models import ReportJob
from schools.access import may_open as _may_open

register = template.Library()


@register.filter
def may_open(user, section: str) -> bool:
    """``{% if user|may_open:"reports" %}``: the same rule as the top navigation."""
    return _may_open(user, section)


@register.simple_tag
def report_kind_exists(kind: str) -> bool:
    """Whether this build can produce the report kind (the .docx kinds come with their builder)."""
    return kind in ReportJob.Kind.values


@register.simple_tag
def school_year_example() -> dict:
    """The school year under way, for examples in help texts: {"start": 2026, "end": 2027,
    "label": "2026-2027"}; help never points at a year long gone."""
    from schools.dates import school_year_start

    start = school_year_start()
    return {"start": start, "end": start + 1, "label": f"{start}-{start + 1}"}


@register.simple_tag
def school_names(*code_maps) -> dict:
    """{code: short name} for the school codes that key the given dicts, in one query: previews show
    a school's name, never its internal code, where the name is known."""
    from schools.models import School

    codes = {code for codes in code_maps if codes for code in codes}
    return dict(School.objects.filter(code__in=codes).values_list("code", "short_name")) if codes else {}


@register.filter
def lookup(mapping: dict, key):
    """``{{ names|lookup:code }}``: the value, or the key itself when the mapping does not know it."""
    return (mapping or {}).get(key, key)
