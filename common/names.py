"""Matching people's and schools' names as people write them. Domain-free: plain text in, keys out.

One home for what four importers used to do each in their own way: a person's name in its three written
forms («Абулашова А.О.», «А.О. Абулашова», «Абулашова Айшат Омаровна») reduced to one key; a full name
split into its parts; and a school's name reduced to comparable forms whatever its legal form, quotes,
«им.»/«имени» and «№» spacing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from common.imports import cell_text

# --- people -------------------------------------------------------------------------------------------

UPPER = "А-ЯЁ"
LOWER = "а-яё"
# Position words are not surnames: «Министр Я.Г. Бутаев» is «Я.Г. Бутаев», not «Министр Я.Г.».
NOT_SURNAMES = (
    r"(?:Министр|Директор|Начальник|Заместитель|Руководитель|Председатель|Глава|Ректор|Заведующ(?:ий|ая)"
    r"|Инспектор|Специалист|Методист|Исполнитель|Секретарь|Координатор|Эксперт|Консультант|Советник|Врио"
    r"|Приказ|Приложение|Главный|Ведущий|Старший|Учитель|Педагог|Психолог|Член|Члены)"
)
SURNAME = rf"(?!{NOT_SURNAMES}(?![{LOWER}]))[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
INITIALS = rf"[{UPPER}]\.(?:\s?-?\s?[{UPPER}]\.){{0,2}}"
PATRONYMIC = rf"[{UPPER}][{LOWER}]+(?:вич|вна|чна|ична|инична|ич|оглы|кызы)"
SURNAME_INITIALS = re.compile(rf"(?<![{UPPER}{LOWER}])({SURNAME})\s*({INITIALS})")
INITIALS_SURNAME = re.compile(rf"(?<![{UPPER}{LOWER}.])({INITIALS})\s*({SURNAME})(?![{LOWER}])")
FULL_NAME = re.compile(
    rf"(?<![{UPPER}{LOWER}])({SURNAME})\s+([{UPPER}][{LOWER}]+)\s+({PATRONYMIC})(?![{LOWER}])"
)
WHOLE_NAME = re.compile(
    rf"^(?:{SURNAME}\s*{INITIALS}|{INITIALS}\s*{SURNAME}|{SURNAME}\s+[{UPPER}][{LOWER}]+\s+{PATRONYMIC})$"
)

INITIAL_RE = re.compile(r"[А-ЯЁ]\.(?:\s?-\s?[А-ЯЁ]\.)?")


def person_names(items: list[str]) -> list[str]:
    """The items that are a person's name: «Абулашова А.О.», «В.Д. Мазепа», «Иванов Иван Иванович»."""
    return [item for item in items if WHOLE_NAME.match(" ".join(item.split()))]


def person_key(name: str) -> str | None:
    """A key for matching names: «Джаватова У. А.» and «Джаватова У.А.» both give «джаватова у.а.»."""
    text = " ".join(name.split())
    if match := FULL_NAME.search(text):
        surname, initials = match.group(1), f"{match.group(2)[0]}.{match.group(3)[0]}."
    elif match := SURNAME_INITIALS.search(text):
        surname, initials = match.group(1), match.group(2)
    elif match := INITIALS_SURNAME.search(text):
        surname, initials = match.group(2), match.group(1)
    else:
        return None
    initials = re.sub(r"\s+", "", initials)
    return f"{surname} {initials}".lower().replace("ё", "е")


def name_parts(text: str) -> tuple[str, str, str]:
    """(фамилия, имя, отчество) of «Арсланалиева М.Г.» → ("Арсланалиева", "М.", "Г."); full names too."""
    if match := FULL_NAME.search(text):
        return match.group(1), match.group(2), match.group(3)
    if match := SURNAME_INITIALS.search(text):
        surname, initials = match.group(1), match.group(2)
    elif match := INITIALS_SURNAME.search(text):
        surname, initials = match.group(2), match.group(1)
    else:
        raise ValueError(f"«{text}» не похоже на «Фамилия И.О.»")
    parts = [re.sub(r"\s+", "", part) for part in INITIAL_RE.findall(initials)]
    return surname, parts[0], parts[1] if len(parts) > 1 else ""


def normalize_name(value: Any) -> str:
    return " ".join(cell_text(value).lower().replace("ё", "е").split())


def split_name(value: Any) -> tuple[str, str, str] | None:
    """«Иванова Мария Петровна» → (last, first, middle); a name needs at least a surname and a first name."""
    parts = cell_text(value).split()
    if len(parts) < 2 or any(ch.isdigit() for ch in "".join(parts)):
        return None
    return parts[0], parts[1], " ".join(parts[2:])


# --- schools ------------------------------------------------------------------------------------------

# «Муниципальное казённое общеобразовательное учреждение», and its abbreviations МКОУ, МБОУ, ГБОУ …
LEGAL_FORM = re.compile(
    r"(?:муниципальное|государственное|частное|негосударственное)?\s*"
    r"(?:казенное|бюджетное|автономное)?\s*(?:обще)?образовательное\s+учреждение"
)
FORM_ABBREVIATIONS = {
    "моу", "мкоу", "мбоу", "маоу", "гоу", "гкоу", "гбоу", "гаоу", "чоу", "ноу", "ано", "аноо", "мбоо",
    "мкоо", "гбпоу", "мку", "мбу",
}  # fmt: skip
KINDS = (
    (re.compile(r"средн\w*\s+общеобразовательн\w*\s+школ\w*"), "сош"),
    (re.compile(r"основн\w*\s+общеобразовательн\w*\s+школ\w*"), "оош"),
    (re.compile(r"начальн\w*\s+общеобразовательн\w*\s+школ\w*"), "нош"),
)
QUOTES = "«»\"'“”„‟‘’`"


def normalize_school_name(text: object) -> str:
    """The comparable form of a school's name.

    «МКОУ «СОШ № 3» им. А.С. Пушкина» → «сош №3 имени а с пушкина».
    """
    value = str(text or "").lower().replace("ё", "е")
    for quote in QUOTES:
        value = value.replace(quote, " ")
    value = LEGAL_FORM.sub(" ", value)
    for pattern, short in KINDS:
        value = pattern.sub(short, value)
    value = re.sub(r"\bим\b\.?", " имени ", value)
    value = re.sub(r"(?:№|\bno\b\.?|\bn\b)\s*(\d)", r"№\1", value)
    value = re.sub(r"\s*[-‐–—]\s*", "-", value)
    value = re.sub(r"[^\w№-]+", " ", value)
    words = [word for word in value.split() if word not in FORM_ABBREVIATIONS]
    return " ".join(words)


_LEGAL_FORMS = {"мкоу", "мбоу", "маоу", "моу", "мобу", "гбоу", "гкоу", "гоу", "оу", "чоу", "ноу", "ано"}
_SCHOOL_KINDS = (
    ("средняя общеобразовательная школа", "сош"),
    ("основная общеобразовательная школа", "оош"),
    ("начальная общеобразовательная школа", "нош"),
)
_OPENING_QUOTES = '«"“„'
_CLOSING_QUOTES = '»"”“'


def _words(text: str) -> list[str]:
    joined = " ".join(re.findall(r"[0-9a-zа-я]+", text.lower().replace("ё", "е")))
    for long, short in _SCHOOL_KINDS:
        joined = joined.replace(long, short)
    return joined.split()


def _inside_quotes(text: str) -> str | None:
    starts = [text.find(q) for q in _OPENING_QUOTES if q in text]
    ends = [text.rfind(q) for q in _CLOSING_QUOTES if q in text]
    if starts and ends and min(starts) < max(ends):
        return text[min(starts) + 1 : max(ends)]
    return None


def school_keys(text: str) -> tuple[str, str, str]:
    """Three ever looser keys of a school's name: every word; the name without its legal form (МКОУ…,
    or whatever stands before the quotes); and that without «им.…»."""
    words = _words(text)
    inner = _inside_quotes(text)
    bare = _words(inner) if inner else words[1:] if words and words[0] in _LEGAL_FORMS else words
    cut = next((i for i, word in enumerate(bare) if word in {"им", "имени"} and i > 0), len(bare))
    return " ".join(words), " ".join(bare), " ".join(bare[:cut])


class NamedSchool(Protocol):
    short_name: str
    full_name: str


class SchoolIndex:
    """Schools (anything with a short and a full name) found by a name as written in a document."""

    def __init__(self, schools: Sequence[NamedSchool]) -> None:
        self.keys = [
            (school, school_keys(school.short_name), school_keys(school.full_name)) for school in schools
        ]

    def match(self, text: str) -> Any:
        """The one school a name means: exactly, then without the legal form, then without «им.…».

        The stricter key wins, so «МКОУ «Коркмаскалинская СОШ»» stays apart from «… СОШ им.М.-З.Баймурзаева»
        when both exist. ValueError with the reason when no school or more than one fits.
        """
        wanted = school_keys(text)
        for level, key in enumerate(wanted):
            if not key:
                continue
            found = {school for school, short, full in self.keys if key in (short[level], full[level])}
            if len(found) == 1:
                return found.pop()
            if found:
                names = ", ".join(f"«{s.short_name}»" for s in sorted(found, key=lambda s: s.short_name))
                raise ValueError(
                    f"«{text}» подходит к нескольким школам ({names}): впишите наименование школы точно"
                )
        raise ValueError(f"школа «{text}» не найдена среди действующих школ муниципалитета")
