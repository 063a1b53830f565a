"""Reading the «Сроки» column of a roadmap: free Russian text into a kind of deadline and dates.

Kinds (exactly these strings):

* ``date`` — a day by which (or on which) something is due. «До 15 января 2024 года» is a deadline:
  ``end`` is the day and ``start`` is None. A bare day with no «до»/«к»/«по» in front
  («15 марта 2024 год.», «20.12.2024 г. в 11.00 ч.») is an event held on that day: ``start == end``.
* ``range`` — one or more named months (or several days): from the first day of the earliest month to the
  last day of the latest one. «Начало марта» is the whole of March.
* ``recurring`` — «Ежегодно», «Ежемесячно», «Регулярно…»: ``start``/``end`` are the plan period,
  ``months`` the months named («Ежегодно октябрь» → [10]).
* ``continuous`` — «В течение года», «Постоянно», a span of years equal to the plan: the plan period.
* ``event`` — tied to an outside schedule («По расписанию ВПР», «По итогам ЕГЭ»): no dates,
  unless the text also names months or days, which then win.
* ``unknown`` — anything else, with a warning quoting the text; nothing is guessed.

``months`` lists the months named in the text (for ``date`` the month of the day), in calendar order
when the years are known. Years missing from the text are taken from the plan period: the first year of
the period in which that month falls. An academic year runs 1 September – 31 August, so in a 2024-2025
plan «октябрь-декабрь» is 2024 and «март» is 2025. When a multi-year plan leaves the year ambiguous,
a warning says which year was taken. Any date outside the plan period is reported in a warning.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from .plan_period import ACADEMIC_SPAN, YEAR, PlanPeriod, normalise_text, period_from_title

DATE = "date"
RANGE = "range"
RECURRING = "recurring"
CONTINUOUS = "continuous"
EVENT = "event"
UNKNOWN = "unknown"
KINDS = (DATE, RANGE, RECURRING, CONTINUOUS, EVENT, UNKNOWN)


@dataclass
class ParsedDeadline:
    kind: str
    start: date | None = None
    end: date | None = None
    months: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "months": list(self.months),
        }


def _quote(text: str) -> str:
    return "«" + " ".join(text.split()) + "»"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- tokens ------------------------------------------------------------------------------------------

_MONTH_WORD = (
    r"(?:январ[ьяею]|феврал[ьяею]|март[ае]?|апрел[ьяею]|ма[йяею]|июн[ьяею]|июл[ьяею]|август[ае]?"
    r"|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею]"
    r"|(?:янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.)"
)
_MONTH_BY_PREFIX = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "маю": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_TOKEN = re.compile(
    r"(?P<numdate>(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?![\d.]\d))"
    r"|(?P<isodate>(?<![\d.])(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
    r"|(?P<daymonth>(?<![\d.])(?P<dd>\d{1,2})\.(?P<dm>\d{2})(?![\d]|\.\d)(?!\s*(?:ч|час|мин)))"
    r"|(?P<month>(?<![а-я])" + _MONTH_WORD + r"(?![а-я]))"
    r"|(?P<year>(?<![\d.])(?:19|20)\d{2}(?![\d.]\d))"
    r"|(?P<num>(?<![\d.])\d{1,2}(?![\d]|\.\d))"
    r"|(?P<dash>-)"
    r"|(?P<word>[а-яa-z]+)"
)
_BY_WORDS = {"до", "позднее", "к", "по"}
_END_OF_YEAR = (13, 0)
_END_OF_MONTH_WORDS = {"конца", "окончания", "конец"}


@dataclass
class _Token:
    kind: str
    text: str
    value: int = 0
    day: int = 0
    month: int = 0
    year: int = 0


def _tokenise(normal: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(normal):
        kind = match.lastgroup or "word"
        text = match.group(0)
        if match.group("numdate"):
            year = int(match.group("y"))
            year = year + 2000 if year < 100 else year
            tokens.append(
                _Token("numdate", text, day=int(match.group("d")), month=int(match.group("m")), year=year)
            )
        elif match.group("daymonth"):
            # «до 15.05», «с 01.09 по 15.09»: a day and a month, the year from the plan. «10.00» is a time.
            day, month = int(match.group("dd")), int(match.group("dm"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                tokens.append(_Token("num", match.group("dd"), value=day))
                tokens.append(_Token("month", match.group("dm"), month=month))
        elif match.group("isodate"):
            tokens.append(
                _Token(
                    "numdate",
                    text,
                    day=int(match.group("id")),
                    month=int(match.group("im")),
                    year=int(match.group("iy")),
                )
            )
        elif kind == "month":
            tokens.append(_Token("month", text, month=_MONTH_BY_PREFIX[text[:3]]))
        elif kind in {"year", "num"}:
            tokens.append(_Token(kind, text, value=int(text)))
        else:
            tokens.append(_Token(kind, text))
    return tokens


@dataclass
class _Item:
    """One month or day named in the text, with the year once it is known."""

    month: int
    position: int
    day: int | None = None
    first_day: int | None = None
    year: int | None = None
    by: bool = False
    end_of_month: bool = False
    after_dash: bool = False

    @property
    def start(self) -> date:
        assert self.year is not None
        if self.end_of_month:
            return _last_day(self.year, self.month)
        return date(self.year, self.month, self.first_day or self.day or 1)

    @property
    def end(self) -> date:
        assert self.year is not None
        if self.day is not None:
            return date(self.year, self.month, self.day)
        return _last_day(self.year, self.month)

    def sort_key(self) -> tuple[int, int]:
        return self.month, self.day or 0


def _is_word(token: _Token | None, words: set[str]) -> bool:
    return token is not None and token.kind == "word" and token.text in words


def _items_from_tokens(tokens: list[_Token]) -> tuple[list[_Item], list[tuple[int, int]]]:
    """Months and days named in the text, and the years with their positions."""
    items: list[_Item] = []
    years: list[tuple[int, int]] = []

    def before(index: int) -> _Token | None:
        return tokens[index] if index >= 0 else None

    def connected_by_dash(index: int) -> bool:
        previous = before(index)
        return previous is not None and (previous.kind == "dash" or _is_word(previous, {"по"}))

    for index, token in enumerate(tokens):
        if token.kind == "year":
            years.append((index, token.value))
        elif token.kind == "numdate":
            if 1 <= token.month <= 12 and 1 <= token.day <= 31:
                item = _Item(token.month, index, day=token.day, year=token.year)
                item.by = _is_word(before(index - 1), _BY_WORDS)
                item.after_dash = connected_by_dash(index - 1)
                items.append(item)
        elif token.kind == "month":
            item = _Item(token.month, index)
            first = index
            previous = before(index - 1)
            if previous is not None and previous.kind == "num" and 1 <= previous.value <= 31:
                item.day = previous.value
                first = index - 1
                joiner, start_day = before(index - 2), before(index - 3)
                if (
                    joiner is not None
                    and (joiner.kind == "dash" or _is_word(joiner, {"по"}))
                    and start_day is not None
                    and start_day.kind == "num"
                    and 1 <= start_day.value < item.day
                ):
                    item.first_day = start_day.value
                    first = index - 3
            elif _is_word(previous, _END_OF_MONTH_WORDS):
                item.end_of_month = True
                item.by = True
                first = index - 1
            item.by = item.by or _is_word(before(first - 1), _BY_WORDS)
            item.after_dash = connected_by_dash(first - 1)
            items.append(item)
    return items, years


def _check_day(item: _Item) -> bool:
    if item.year is None or item.day is None:
        return True
    return item.day <= calendar.monthrange(item.year, item.month)[1]


def _assign_written_years(items: list[_Item], years: list[tuple[int, int]]) -> None:
    """A year applies to the months written before it («Март - июнь 2022»); later months follow on."""
    anchors = sorted(
        [(position, year, _END_OF_YEAR) for position, year in years]
        + [(item.position, item.year, item.sort_key()) for item in items if item.year is not None]
    )
    pending: list[_Item] = []
    anchor_iter = iter(anchors)
    anchor = next(anchor_iter, None)
    for item in sorted(items, key=lambda i: i.position):
        while anchor is not None and anchor[0] <= item.position:
            _backfill(pending, anchor[1], anchor[2])
            pending = []
            anchor = next(anchor_iter, None)
        if item.year is None:
            pending.append(item)
    if anchor is not None:
        _backfill(pending, anchor[1], anchor[2])
    previous: _Item | None = None
    for item in sorted(items, key=lambda i: i.position):
        if item.year is None and previous is not None and previous.year is not None:
            item.year = previous.year if item.sort_key() >= previous.sort_key() else previous.year + 1
        previous = item


def _backfill(group: list[_Item], year: int, anchor: tuple[int, int]) -> None:
    """Give the months written before a year (or a dated day) that year, stepping back over New Year."""
    later_key, later_year = anchor, year
    for item in reversed(group):
        item.year = later_year if item.sort_key() <= later_key else later_year - 1
        later_key, later_year = item.sort_key(), item.year


def _infer_years(items: list[_Item], period: PlanPeriod, text: str, warnings: list[str]) -> None:
    """Years from the plan period, for texts that name none («Февраль-март»)."""
    ambiguous: set[int] = set()
    previous: _Item | None = None
    for item in sorted(items, key=lambda i: i.position):
        candidates = [
            year
            for year in range(period.start.year, period.end.year + 1)
            if date(year, item.month, 1) <= period.end and _last_day(year, item.month) >= period.start
        ]
        if candidates:
            item.year = candidates[0]
            if len(candidates) > 1:
                ambiguous.add(item.year)
        if (
            previous is not None
            and item.after_dash
            and item.year is not None
            and previous.year is not None
            and item.sort_key() < previous.sort_key()
            and item.year <= previous.year
        ):
            item.year = previous.year + 1
        previous = item
    if ambiguous:
        taken = ", ".join(str(year) for year in sorted(ambiguous))
        warnings.append(
            f"В сроке {_quote(text)} не указан год: принят {taken} год — первый подходящий "
            f"в периоде плана {period.describe()}."
        )


def _outside_warning(text: str, start: date | None, end: date | None, period: PlanPeriod | None) -> list[str]:
    if period is None or all(day is None or period.contains(day) for day in (start, end)):
        return []
    if start is not None and end is not None and start != end:
        dates = f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
    else:
        dates = f"{(end or start):%d.%m.%Y}"
    return [f"Срок {_quote(text)} ({dates}) выходит за период плана {period.describe()}."]


# --- phrases -----------------------------------------------------------------------------------------

_RECURRING = re.compile(
    r"ежегодн|ежемесячн|ежеквартальн|еженедельн|ежедневн|регулярн|систематическ|периодическ"
    r"|(?:^|\s)кажд(?:ый|ого|ую|ое|ой|ом|ые|ых|ому)\s|(?:^|\s)раза?\s+в\s"
    r"|числа\s+(?:каждого\s+)?месяца|следующ\w+\s+за\s+отчетн"
)
# «В течение года», «в течение планового периода», «на протяжении учебного года», «в текущем учебном году».
_CONTINUOUS = re.compile(
    r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:[а-я]+\s+){0,3}(?:года|периода|срока|реализации|действия)"
    r"|постоянн|круглогодичн|весь\s+период|(?:^|\s)в\s+(?:текущем|данном)\s+(?:учебном\s+|календарном\s+)?году"
)
# «В течение 2022 года, по графику проведения ВПР»: the year is the deadline, the schedule only a detail.
_DURING_YEARS = re.compile(r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:19|20)\d{2}")
# Relative to an event that has no date of its own: «за 2 недели до проведения», «в течение 10 дней».
_RELATIVE = re.compile(
    r"(?:^|\s)(?:за\s+(?:\d{1,3}\s+)?|в\s+течени[еи]\s+\d{1,3}\s+)(?:рабоч\w+\s+|календарн\w+\s+)?"
    r"(?:дн|день|недел|месяц|час)"
    r"|(?:^|\s)до\s+(?:начала\s+)?проведени|(?:^|\s)в\s+период\s+(?:подготовки|проведения)"
)
_EVENT = re.compile(
    r"(?:^|\s)по\s+(?:отдельному\s+|утвержденному\s+|единому\s+)?"
    r"(?:расписани|график|плану?(?![а-я])|итогам|результатам|мере|запрос|необходимост|согласовани"
    r"|окончани|завершени|приказу|срокам)"
    r"|согласно\s|в\s+соответствии\s+с|установленн\w*\s+срок|(?:^|\s)до\s+начала\s|каникул|(?:^|\s)в\s+сроки|в\s+(?:дни|день|период|ходе|время)\s+проведени"
    r"|(?:^|\s)после\s|накануне|(?:^|\s)перед\s|(?:^|\s)при\s+(?:проведении|подготовке|поступлении|необходимости)"
)
_ORDINAL_WORDS = r"перв\w*|втор\w*|трет\w*|четв[её]рт\w*"
_QUARTER = re.compile(
    r"(?<![а-я\d])(1|2|3|4|iv|i{1,3}|" + _ORDINAL_WORDS + r")\s*(?:-?\s*[а-я]{1,2}\s+)?квартал"
)
_HALF = re.compile(r"(?<![а-я\d])(1|2|i{1,2}|перв\w*|втор\w*)\s*(?:-?\s*[а-я]{1,2}\s+)?полугоди")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "пер": 1, "вто": 2, "тре": 3, "чет": 4}
_UNTIL_YEAR_END = re.compile(r"до\s+(?:конца|окончания)\s+(?:учебного\s+|календарного\s+|текущего\s+)?года")
_UNTIL_END_OF = re.compile(r"до\s+(?:конца|окончания)\s+((?:19|20)\d{2})\s*(?:г\b|года|году)")
_SCHOOL_TERM = re.compile(
    r"(?<![а-я\d])(1|2|3|4|iv|i{1,3}|" + _ORDINAL_WORDS + r")\s*(?:-?\s*[а-я]{1,2}\s+)?четверт"
)
# Words standing for months: seasons, the start and the end of the school year. Each reading is warned about.
_MONTH_WORDS = (
    (re.compile(r"(?<![а-я])(?:весна|весной|весне)(?![а-я])"), "март-май", "март–май"),
    (re.compile(r"(?<![а-я])(?:лето|летом)(?![а-я])"), "июнь-август", "июнь–август"),
    (re.compile(r"(?<![а-я])(?:осень|осенью)(?![а-я])"), "сентябрь-ноябрь", "сентябрь–ноябрь"),
    (re.compile(r"(?<![а-я])(?:в\s+)?начал[оаеу]\s+учебного\s+года"), "сентябрь", "сентябрь"),
    (re.compile(r"(?<![а-я])(?<!до\s)(?:в\s+)?(?:конце|конец|окончании)\s+учебного\s+года"), "май", "май"),
)
_TERMS = {1: ((9, 1), (10, 31)), 2: ((11, 1), (12, 31)), 3: ((1, 1), (3, 31)), 4: ((4, 1), (5, 31))}


def _school_term(normal: str, period: PlanPeriod | None, text: str) -> ParsedDeadline | None:
    """«III четверть» of the plan's school year; the bounds differ by school, so they are warned about."""
    match = _SCHOOL_TERM.search(normal)
    if match is None:
        return None
    number = _ordinal(match.group(1))
    named = ACADEMIC_SPAN.search(normal)
    if named:
        first_year = int(named.group(1))
    elif period is not None and period.start.month == 9 and _single_year(period):
        first_year = period.start.year
    else:
        return ParsedDeadline(
            UNKNOWN,
            warnings=[f"Не удалось определить учебный год для срока {_quote(text)}: укажите даты вручную."],
        )
    (start_month, start_day), (end_month, end_day) = _TERMS[number]
    year = first_year if start_month >= 9 else first_year + 1
    start, end = date(year, start_month, start_day), date(year, end_month, end_day)
    warning = (
        f"Срок {_quote(text)}: границы четверти приняты приблизительно ({start:%d.%m.%Y}–{end:%d.%m.%Y}) "
        "— уточните по календарному графику."
    )
    return ParsedDeadline(RANGE, start, end, [], [warning, *_outside_warning(text, start, end, period)])


_BARE_SPAN = re.compile(r"^(?:в\s+)?" + YEAR + r"\s*-\s*" + YEAR + r"(?!\d)")
_BARE_YEAR = re.compile(r"(?<![\d.])" + YEAR + r"(?![\d.]\d)")


def _ordinal(written: str) -> int:
    return _ROMAN.get(written) or _ROMAN.get(written[:3]) or int(written)


def _named_months(items: list[_Item]) -> list[int]:
    if items and all(item.year is not None for item in items):
        ordered = sorted(items, key=lambda item: item.start)
    else:
        ordered = sorted(items, key=lambda item: item.position)
    return list(dict.fromkeys(item.month for item in ordered))


def _span_in_text(normal: str) -> PlanPeriod | None:
    """The years a text names on its own: «2022-2024 год», «2023-2024 учебный год», «2023 г.»."""
    if found := period_from_title(normal):
        return found
    if match := _BARE_SPAN.search(normal):
        first, second = int(match.group(1)), int(match.group(2))
        if 0 < second - first <= 10:
            return PlanPeriod(date(first, 1, 1), date(second, 12, 31))
    years = {int(found) for found in _BARE_YEAR.findall(normal)}
    if len(years) == 1:
        year = years.pop()
        return PlanPeriod(date(year, 1, 1), date(year, 12, 31))
    return None


def _single_year(period: PlanPeriod) -> bool:
    """One academic year (1 Sep – 31 Aug) or one calendar year."""
    return period.end.year - period.start.year == (1 if period.start.month > 1 else 0)


def _part_of_year(normal: str, period: PlanPeriod | None, text: str) -> ParsedDeadline | None:
    """«I квартал 2022», «2 полугодие»: calendar quarters; halves of an academic or a calendar year.

    The first half of an academic year is September–December, the second January–May.
    """
    match = _QUARTER.search(normal) or _HALF.search(normal)
    if match is None:
        return None
    is_quarter = "квартал" in match.group(0)
    number = _ordinal(match.group(1))
    if number > (4 if is_quarter else 2):
        return None
    years = sorted({int(found) for found in _BARE_YEAR.findall(normal)})
    academic = not is_quarter and (
        "учебн" in normal or (period is not None and period.start.month == 9 and _single_year(period))
    )
    named_academic = ACADEMIC_SPAN.search(normal)
    if len(years) == 1 and not academic:
        year = years[0]
    elif academic and named_academic:
        # «II полугодие 2024-2025 учебного года» names its own academic year.
        year = int(named_academic.group(1))
    elif period is not None and _single_year(period):
        year = period.start.year
    else:
        return ParsedDeadline(
            UNKNOWN, warnings=[f"Не удалось определить год для срока {_quote(text)}: укажите даты вручную."]
        )
    if is_quarter:
        start, end = date(year, 3 * number - 2, 1), _last_day(year, 3 * number)
    elif academic:
        start, end = (
            (date(year, 9, 1), date(year, 12, 31))
            if number == 1
            else (date(year + 1, 1, 1), date(year + 1, 5, 31))
        )
    else:
        start, end = (
            (date(year, 1, 1), date(year, 6, 30)) if number == 1 else (date(year, 7, 1), date(year, 12, 31))
        )
    return ParsedDeadline(RANGE, start, end, [], _outside_warning(text, start, end, period))


def _from_items(items: list[_Item], text: str, period: PlanPeriod | None) -> ParsedDeadline:
    warnings: list[str] = []
    undated = [item for item in items if item.year is None]
    if undated and period is not None:
        _infer_years(undated, period, text, warnings)
    if any(item.year is None for item in items):
        warnings.append(
            f"В сроке {_quote(text)} не указан год, а период плана неизвестен: даты не определены."
        )
        kind = DATE if len(items) == 1 and (items[0].day is not None or items[0].end_of_month) else RANGE
        return ParsedDeadline(kind, None, None, list(dict.fromkeys(i.month for i in items)), warnings)
    if not all(_check_day(item) for item in items):
        return ParsedDeadline(UNKNOWN, warnings=[f"В сроке {_quote(text)} указан несуществующий день."])
    months = _named_months(items)
    single = items[0] if len(items) == 1 else None
    if single is not None and single.first_day is None and (single.day is not None or single.end_of_month):
        end = single.end if single.day is not None else single.start
        start = None if single.by else end
        return ParsedDeadline(DATE, start, end, months, warnings + _outside_warning(text, start, end, period))
    start = min(item.start for item in items)
    end = max(item.end for item in items)
    return ParsedDeadline(RANGE, start, end, months, warnings + _outside_warning(text, start, end, period))


def parse_deadline(text: str, period: PlanPeriod | None) -> ParsedDeadline:
    """Read one deadline cell; the kinds and the rules about years are in the module docstring.

    The rule for ``start`` of a ``date``: None when the text says by when («До 15 января 2024 года»,
    «ОО до 01 июля», «до конца марта»); equal to ``end`` when it names the day something happens
    («15 марта 2024 год.», «20.12.2024 г. в 11.00 ч.»).
    """
    normal = normalise_text(text or "")
    if not normal.strip(" .,;-"):
        return ParsedDeadline(UNKNOWN, warnings=["Срок не указан."])
    read_as: list[str] = []
    for pattern, months, shown in _MONTH_WORDS:
        if pattern.search(normal):
            normal = pattern.sub(months, normal)
            read_as.append(shown)
    if read_as:
        found = parse_deadline(normal, period)
        found.warnings.insert(0, f"Срок {_quote(text)} прочитан как {', '.join(read_as)}.")
        return found
    tokens = _tokenise(normal)
    if any(t.kind == "numdate" and not (1 <= t.month <= 12 and 1 <= t.day <= 31) for t in tokens):
        # A 13th month or a 40th day: the year beside it must not be read as the whole year.
        return ParsedDeadline(UNKNOWN, warnings=[f"В сроке {_quote(text)} указана несуществующая дата."])
    items, years = _items_from_tokens(tokens)
    _assign_written_years(items, years)
    period_start = period.start if period else None
    period_end = period.end if period else None

    if _RECURRING.search(normal):
        return ParsedDeadline(
            RECURRING, period_start, period_end, list(dict.fromkeys(i.month for i in items))
        )
    if items:
        return _from_items(items, text, period)
    if match := _UNTIL_END_OF.search(normal):
        end = date(int(match.group(1)), 12, 31)
        return ParsedDeadline(DATE, None, end, [12], _outside_warning(text, None, end, period))
    if _UNTIL_YEAR_END.search(normal):
        if period is not None and _single_year(period):
            return ParsedDeadline(DATE, None, period.end, [period.end.month])
        return ParsedDeadline(
            UNKNOWN,
            warnings=[f"Не удалось определить, конец какого года имеется в виду в сроке {_quote(text)}."],
        )
    if (part := _part_of_year(normal, period, text)) is not None:
        return part
    span = _span_in_text(normal)
    during_years = span is not None and _DURING_YEARS.search(normal) is not None
    if _CONTINUOUS.search(normal) and not during_years:
        return ParsedDeadline(CONTINUOUS, period_start, period_end)
    if (_EVENT.search(normal) or _RELATIVE.search(normal)) and not during_years:
        return ParsedDeadline(EVENT)
    if (term := _school_term(normal, period, text)) is not None:
        return term
    if span is not None:
        if period is not None and span.covers(period):
            return ParsedDeadline(CONTINUOUS, period.start, period.end)
        if period is None and span.end.year > span.start.year:
            return ParsedDeadline(CONTINUOUS, span.start, span.end)
        return ParsedDeadline(
            RANGE, span.start, span.end, [], _outside_warning(text, span.start, span.end, period)
        )
    return ParsedDeadline(
        UNKNOWN, warnings=[f"Не удалось распознать срок {_quote(text)}: укажите его вручную."]
    )
