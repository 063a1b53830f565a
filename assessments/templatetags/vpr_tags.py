"""The dates a school chose for a procedure, looked up by school in the procedure's page."""

from django import template

register = template.Library()


@register.filter
def days_of(days: dict, school_pk: int) -> list:
    return days.get(school_pk, []) if isinstance(days, dict) else []
