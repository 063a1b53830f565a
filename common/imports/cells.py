"""The one rule that turns a cell into text, and the small readers of numbers and dates built on it."""

from __future__ import annotations

import datetime
import re

# C0 control characters other than tab and line breaks, and DEL: PostgreSQL refuses NUL in text, and
# none of them is ever meant in a table. An .xlsx stores them as «_x0000_»; a reader that does not
# unescape them leaves that text in the cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_CONTROL = re.compile(r"_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])_|_x007[fF]_")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and line breaks kept); «\\r\\n» and «\\r» become «\\n»."""
    text = _ESCAPED_CONTROL.sub("", text)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def cell_text(value: object) -> str:
    """A cell as a person reads it, on one line: whole numbers without «.0», dates as ДД.ММ.ГГГГ,
    runs of spaces and line breaks as one space, control characters removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"{value:%d.%m.%Y}"
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return " ".join(clean_text(str(value)).split())


def cell_int(value: object) -> int | None:
    """An integer written as 3, 3.0 or «3»; None when the cell holds anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value).replace(",", ".")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.0+", text):
        return int(float(text))
    return None


def cell_date(value: object) -> datetime.date | None:
    """A date cell, or text ДД.ММ.ГГГГ or ГГГГ-ММ-ДД at the start of the cell; None otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern, order in ((_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(match.group(i)) for i in order))
            except ValueError:
                return None
    return None


def column_letter(index: int) -> str:
    """«A» for the first column (index 0), «AA» for the 27th."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
