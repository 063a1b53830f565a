"""Dates the way Russian documents write them: «15 марта 2024 г.»."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def format_ru_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г. {value:%H:%M}"
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


@register.filter
def ru_date(value: date | datetime | None) -> str:
    return format_ru_date(value)


@register.filter
def ru_month(number: int) -> str:
    return MONTHS_NOMINATIVE[int(number) - 1] if number else ""
