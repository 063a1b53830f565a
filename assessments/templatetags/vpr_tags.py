"""The dates a school chose for a procedure, looked up by school in the procedure's page."""

from django import template

register = template.Library()


@register.filter
def days_of(days: dict, school_pk: int) -> list:
    return days.get(school_pk, []) if isinstance(days, dict) else []


@register.filter
def manages_assessments(user) -> bool:
    """The coordinator and the department head: they upload the schools' ВПР dates as a list."""
    from ..access import may_manage_assessments

    return may_manage_assessments(user)
