"""What to tell a person whose date was not understood, and examples dated in the current school year.

«31.02.2026» is written the right way but names a day that does not exist: the person needs to hear
«такой даты нет», not to be shown the format they already used. Every importer and form that reads a
typed date words its refusal with ``date_problem``.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

# Day, month and year as people write them: 31.02.2026, 31/02/2026, 31-02-26, and ISO 2026-02-31.
_DMY = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s|г|$)")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[\sT]|$)")


def school_year_start(today: datetime.date | None = None) -> int:
    """The calendar year in which the current school year began (1 September)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def example_date(month: int, day: int, today: datetime.date | None = None) -> str:
    """«15.03.2027» in the school year under way: examples never point at a year long gone."""
    start = school_year_start(today)
    return f"{day:02d}.{month:02d}.{start if month >= 9 else start + 1}"


def example_school_year(today: datetime.date | None = None) -> str:
    """«2026-2027» for the school year under way."""
    start = school_year_start(today)
    return f"{start}-{start + 1}"


def _parts(text: str) -> tuple[int, int, int] | None:
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return (year + 2000 if year < 100 else year), month, day
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return year, month, day
    return None


def is_impossible_date(text: str) -> bool:
    """Written as a date (day, month, year) but no such day: 31.02.2026, 00.05.2025, 15.13.2025."""
    parts = _parts(str(text or ""))
    if parts is None:
        return False
    try:
        datetime.date(*parts)
    except ValueError:
        return True
    return False


def date_problem(text: str, *, month: int = 3, day: int = 15, what: str = "дата") -> str:
    """The refusal of a typed date that was not understood, without the «…» quotes of the value.

    «такой даты нет» when the text has the form of a date but the day does not exist; otherwise what
    form is expected, with an example of the current school year.
    """
    if is_impossible_date(text):
        return "такой даты нет"
    return f"ожидается {what} вида {example_date(month, day)}"
