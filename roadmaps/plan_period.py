"""The span a plan covers, read from its title: an academic year (1 Sep – 31 Aug) or calendar years.

The deadlines of a plan (roadmaps.deadlines) are read within this span; both read the text normalised
the same way (normalise_text), and the deadline reader also finds a span written in a «Сроки» text with
the same patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanPeriod:
    """The span a plan covers (an academic year 1 Sep – 31 Aug, or calendar years); years are read in it."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: PlanPeriod) -> bool:
        return self.start <= other.start and other.end <= self.end

    def describe(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


def normalise_text(text: str) -> str:
    """Lower case, one kind of dash and space, and a space between digits and letters («15января»)."""
    result = text.lower().replace("ё", "е").replace("\u200b", "")
    result = re.sub(r"[\u2010-\u2015\u2212-]+", "-", result)
    result = re.sub(r"(?<=\d)(?=[а-яa-z])|(?<=[а-яa-z])(?=\d)", " ", result)
    return re.sub(r"\s+", " ", result).strip()


# A year of this century or the last, as a group.
YEAR = r"((?:19|20)\d{2})"
# «2023-2024 учебный год», «2023/24 уч. г.»: the first year and the second as written.
ACADEMIC_SPAN = re.compile(YEAR + r"\s*[-/]\s*(\d{4}|\d{2})\s*(?:гг?\.?\s*)?(?:учебн|уч\.|уч\s)")
_CALENDAR_SPAN = re.compile(YEAR + r"\s*-\s*" + YEAR + r"\s*(?:годы|годов|года|году|год|гг|г\b)")
_CALENDAR_SPAN_AFTER_NA = re.compile(r"(?:^|\s)(?:на|в)\s+" + YEAR + r"\s*-\s*" + YEAR + r"(?!\d)")
_SINGLE_YEAR = re.compile(r"(?:^|\s)(?:на|в)\s+" + YEAR + r"\s*(?:год|году|года|г\b)")


def _second_year(first: int, written: str) -> int | None:
    second = int(written) if len(written) == 4 else first // 100 * 100 + int(written)
    return second if 0 < second - first <= 10 else None


def period_from_title(text: str) -> PlanPeriod | None:
    """The period a plan covers, read from its title.

    «на 2023-2024 учебный год» → 1 Sep 2023 – 31 Aug 2024; «на 2021 год» → the calendar year;
    «на 2022- 2024 годы» → 1 Jan 2022 – 31 Dec 2024. None when the title names no period.
    """
    normal = normalise_text(text)
    if match := ACADEMIC_SPAN.search(normal):
        first = int(match.group(1))
        second = _second_year(first, match.group(2))
        if second is not None:
            return PlanPeriod(date(first, 9, 1), date(second, 8, 31))
    for pattern in (_CALENDAR_SPAN, _CALENDAR_SPAN_AFTER_NA):
        if match := pattern.search(normal):
            first, second = int(match.group(1)), int(match.group(2))
            if 0 < second - first <= 10:
                return PlanPeriod(date(first, 1, 1), date(second, 12, 31))
    if match := _SINGLE_YEAR.search(normal):
        year = int(match.group(1))
        return PlanPeriod(date(year, 1, 1), date(year, 12, 31))
    return None
