"""The «Ответственные» cell: splitting it into people and roles, and telling which items mean schools.

Items are separated by line breaks, commas, semicolons, «и» before a role («Муниципальный координатор
и руководители ОО»), and by a capitalised role or a person's name that starts in the middle of a line
(«Администрация ОО Руководители ШМО» — two roles that lost their line break). Initials stay intact.
"""

from __future__ import annotations

import re
from itertools import pairwise

from common.names import (
    FULL_NAME,
    INITIALS,
    INITIALS_SURNAME,
    LOWER,
    SURNAME,
    SURNAME_INITIALS,
    UPPER,
)

# Nominative forms only, so that «Члены Муниципальной комиссии» or «Начальник Управления» stay whole.
_ROLE_HEAD = re.compile(
    r"(?<=\s)(?:Руководител[ьи]|Администраци[яи]|Классн(?:ый|ые)|Педагог(?:и|-[а-яё]+)?|Учител(?:ь|я)(?:-[а-яё]+)?"
    r"|Методист(?:ы)?|Заместител[ьи]|Директор|Завуч(?:и)?|Специалист(?:ы)?|Муниципальн(?:ый|ые)|Школьн(?:ый|ые)"
    r"|Координатор(?:ы)?|Члены|Член|Председател[ьи]|Эксперт(?:ы)?|Социальн(?:ый|ые)|Заведующ(?:ий|ая|ие)"
    r"|Начальник(?:и)?|Психолог(?:и)?|Ответственн(?:ый|ые)|Секретар[ьи]|Наблюдател[ьи]|Родител[ьи]"
    r"|Библиотекар[ьи])(?![а-яё])"
)
_ROLE_STEM = (
    r"(?:руководит|администрац|классн|педагог|учител|методист|заместител|директор|завуч|звуч|специалист"
    r"|муниципальн|школьн|координатор|член|председател|эксперт|социальн|заведующ|зав\.|начальник|психолог"
    r"|ответственн|секретар|наблюдател|родител|библиотекар)"
)
_AND_BEFORE_ROLE = re.compile(
    rf"\s+и\s+(?=(?:{_ROLE_STEM}|{SURNAME}\s*{INITIALS}|{INITIALS}\s*{SURNAME}))", re.I
)
_ABBREVIATION = re.compile(rf"^[{UPPER}]{{2,}}$")
_ENDS_WITH_INITIAL = re.compile(rf"(?:^|[^{UPPER}{LOWER}])[{UPPER}]\.$")

_SCHOOL_HEADS = re.compile(
    r"^(?:руководител[ьяи]\w*|руководит\.|директор(?:а|ы)?|администраци[яи])\s+"
    r"(?:оо|оу|школ\w*|(?:обще)?образовательн\w+\s+(?:организаци|учреждени)\w*)(?:$|[\s.,])"
)


# A piece that goes on describing the item before its comma: «Органы исполнительной власти …, осуществляющие
# государственное управление в сфере образования (ОИВ)», «Заместители директоров, ответственные за ВПР».
_CLAUSE_START = re.compile(
    r"^(?:[а-яё]+(?:ющ|ущ|ащ|ящ|вш|ем|им)(?:ий|ая|ее|ие|их|ими|им|ей|его|ую|ое|ой|ые|ых|ым|ыми|ый)"
    r"|[а-яё]+нн(?:ый|ая|ое|ые|ых)\s+(?:за|на|в|к|по)"
    r"|котор\w+|в\s+т\.\s?ч\.|в\s+том\s+числе|включая|в|во|на|по|при|для|из|за|от|со|с)(?![а-яё])"
)
# «Директор ОО. Зам.директора по УВР»: a full stop ends an item when a capital follows, unless the stop
# belongs to an initial («Н.Е. Байрачный») or a short abbreviation («Зам. Директора», «им. Пушкина»).
_SENTENCE_END = re.compile(r"\.\s+(?=[А-ЯЁ])")
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]*)$")
_ABBREVIATIONS = {
    "зам", "зав", "им", "нач", "рук", "пред", "спец", "гл", "ст", "тел", "каб", "ул", "пр", "см", "др",
}  # fmt: skip


def _split_sentences(text: str) -> str:
    """Put a line break where a full stop ends an item inside a line."""
    cuts = []
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()]
        found = _WORD_BEFORE.search(before)
        word = found.group(1) if found else ""
        closes_quote = before.endswith(("»", ")", '"'))
        # «руководит. ОО»: a lower-case word cut short before an abbreviation is one item.
        next_is_abbreviation = re.match(r"[А-ЯЁ]{2,}(?![а-яё])", text[match.end() :]) is not None
        if word.islower() and next_is_abbreviation:
            continue
        if closes_quote or (len(word) >= 2 and word.lower() not in _ABBREVIATIONS):
            cuts.append(match.start() + 1)
    for cut in reversed(cuts):
        text = text[:cut] + "\n" + text[cut:].lstrip()
    return text


def _join_clauses(parts: list[str]) -> list[str]:
    joined: list[str] = []
    for part in parts:
        # «классные руководители 9, 11 классов»: a list of numbers stays in its item.
        numbers = bool(joined) and joined[-1].rstrip()[-1:].isdigit() and part.strip()[:1].isdigit()
        if joined and joined[-1].strip() and (_CLAUSE_START.match(part.strip()) or numbers):
            joined[-1] = joined[-1].rstrip() + ", " + part.strip()
        else:
            joined.append(part)
    return joined


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(«":
            depth += 1
        elif char in ")»" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def _name_spans(line: str) -> list[tuple[int, int]]:
    """Where names stand: «Абулашова А.О. Тавекелова У.А.» is two surname-first names,
    «Н.Е. Байрачный К.А. Федоренко Т.Ю. Горностаева» three initials-first ones.

    Names written one after another can be paired either way; in each run of overlapping candidates the
    reading that finds more names wins, and on a tie the one that starts first.
    """
    full = [m.span() for m in FULL_NAME.finditer(line)]
    surname_first = [m.span() for m in SURNAME_INITIALS.finditer(line) if not _overlaps(m.span(), full)]
    initials_first = [m.span() for m in INITIALS_SURNAME.finditer(line) if not _overlaps(m.span(), full)]
    chosen = list(full)
    candidates = sorted([(span, 0) for span in surname_first] + [(span, 1) for span in initials_first])
    run: list[tuple[tuple[int, int], int]] = []
    run_end = -1

    def close_run() -> None:
        if not run:
            return
        counts = [sum(1 for _, kind in run if kind == k) for k in (0, 1)]
        first_kind = run[0][1]
        kind = first_kind if counts[0] == counts[1] else (0 if counts[0] > counts[1] else 1)
        chosen.extend(span for span, k in run if k == kind)
        run.clear()

    for span, kind in candidates:
        if run and span[0] >= run_end:
            close_run()
        run.append((span, kind))
        run_end = max(run_end, span[1]) if len(run) > 1 else span[1]
    close_run()
    return sorted(chosen)


def _split_run_together(line: str) -> list[str]:
    """Cut before a capitalised role or a person's name that starts in the middle of the line."""
    names = _name_spans(line)
    cuts = {match.start() for match in _ROLE_HEAD.finditer(line)} | {start for start, _ in names}
    cuts = {cut for cut in cuts if cut > 0 and not any(start < cut < end for start, end in names)}
    bounds = [0, *sorted(cuts), len(line)]
    return [line[a:b] for a, b in pairwise(bounds)]


def _split_on_and(part: str) -> list[str]:
    pieces = _AND_BEFORE_ROLE.split(part)
    if len(pieces) == 2:
        left, right = pieces[0].strip(), pieces[1].strip()
        qualifier = right.split()[-1] if right.split() else ""
        # «руководители и завучи ОО»: the school abbreviation belongs to both.
        if " " not in left and _ABBREVIATION.match(qualifier) and left.islower():
            left = f"{left} {qualifier}"
        return [left, right]
    return pieces


def _clean_item(item: str) -> str:
    item = " ".join(item.split()).strip(" -–—•*·,;:")
    # «Иванов И.И. и Петров П.П.» is cut before the second name: the «и» left over is no part of either.
    item = re.sub(r"^и\s+|\s+и$", "", item).strip(" -–—•*·,;:")
    while item.endswith(".."):
        item = item[:-1]
    if item.endswith(".") and not _ENDS_WITH_INITIAL.search(item):
        item = item.rstrip(".").rstrip()
    return item


def split_responsible(text: str) -> list[str]:
    """«Методисты УО, руководители ОО.» → ["Методисты УО", "руководители ОО"]."""
    items: list[str] = []
    lines = []
    for line in _split_outside_brackets(_split_sentences(text.replace("\u00a0", " ")), "\n;"):
        lines.extend(_join_clauses(_split_outside_brackets(line, ",")))
    for line in lines:
        for part in _split_run_together(" ".join(line.split())):
            for piece in _split_on_and(part):
                cleaned = _clean_item(piece)
                if cleaned and cleaned not in items:
                    items.append(cleaned)
    return items


def is_school_heads(item: str) -> bool:
    """Whether an item means the head of every school: «руководители ОО», «руководит. ОО», «директора школ».

    «Администрация ОО» counts too: in a municipal plan it is each school's administration, and in a
    school's own plan it is that school — either way the school executes the measure itself.
    «руководители ШМО» (heads of teachers' associations) do not.
    """
    return bool(_SCHOOL_HEADS.match(" ".join(item.lower().replace("ё", "е").split())))


def find_person(text: str) -> str | None:
    """The first person's name in a line, as written: «Начальник УО ___ М.-Д.М.Агалаев» → «М.-Д.М.Агалаев»."""
    spans = _name_spans(text)
    if not spans:
        return None
    start, end = spans[0]
    return " ".join(text[start:end].split())
