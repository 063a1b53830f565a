"""How texts are put together in the documents a department signs (ГОСТ Р 7.0.97-2016 and clerks' habit).

Texts come from the plan and from people, and often end with a full stop already: every join goes
through ``sentence``/``join_sentences`` so that nothing ends with «..» or lacks its stop. People are
named «Абдуллаев Р.К.» with a stop after every initial, positions stand in lower case mid-sentence
(«директор МКОУ «СОШ № 3»») but keep their abbreviations («ИМЦ», «МКОУ»), and a school already named in
the position is not named again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from django.db.models import Q

from schools.models import User

_END = re.compile(r"[\s.;,]+$")
_TERMINAL = ("?", "!", "…")
_CLOSING = "»)\"'"
_SPACES = re.compile(r"\s+")
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s.])[А-ЯЁA-Z]$")


def _strip_end(text: str) -> str:
    """The text without its trailing stops, spaces, «;» and «,» — but an initial keeps its stop
    («Абулашова А.О.» stays whole: that stop belongs to the name)."""
    body = _END.sub("", text)
    if _ENDS_WITH_INITIAL.search(body) and text[len(body) :].lstrip().startswith("."):
        return body + "."
    return body


def sentence(text: str) -> str:
    """One sentence with exactly one full stop at its end (or its own «?», «!», «…»)."""
    text = _SPACES.sub(" ", (text or "").strip())
    if not text:
        return ""
    body = _strip_end(text)
    # «… СОШ № 3».» and «… СОШ № 3.»» both become «… СОШ № 3».»
    stripped = body.rstrip(_CLOSING)
    tail = body[len(stripped) :]
    if tail and _END.sub("", stripped) != stripped:
        body = _END.sub("", stripped) + tail
    if body.endswith(_TERMINAL) or body.endswith("."):
        return body  # ends with a name's initial: its stop ends the sentence too
    return body + "."


def join_sentences(parts: Iterable[str], separator: str = " ") -> str:
    """Several texts one after another, each ending with one full stop; empty ones left out."""
    return separator.join(s for s in (sentence(p) for p in parts) if s)


def without_stop(text: str) -> str:
    """A text to be continued after a dash or a comma: its trailing stops and spaces removed."""
    return _strip_end(_SPACES.sub(" ", (text or "").strip()))


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def lower_first(text: str) -> str:
    """«Директор МКОУ «СОШ № 3»» → «директор МКОУ «СОШ № 3»»; «ИМЦ …» stays as it is."""
    text = (text or "").strip()
    if not text:
        return ""
    first = text.split(" ", 1)[0]
    if _is_abbreviation(first):
        return text
    return text[0].lower() + text[1:]


def initials_name(last_name: str, first_name: str, middle_name: str = "") -> str:
    """«Абдуллаев Р.К.»: every initial with its full stop, whether the name was given whole or cut."""
    initials = "".join(f"{part.strip()[0].upper()}." for part in (first_name, middle_name) if part.strip())
    return f"{last_name.strip()} {initials}".strip()


def short_name(user: User) -> str:
    return initials_name(user.last_name, user.first_name, user.middle_name)


def _mentions(position: str, school_name: str) -> bool:
    def key(text: str) -> str:
        return re.sub(r"[\s«»\"'№]+", "", text).casefold()

    return bool(school_name) and key(school_name) in key(position)


def position_of(user: User) -> str:
    """The position mid-sentence, with the school once: from the staff list, or the role."""
    position = (user.position or "").strip() or user.get_role_display()
    school = user.school.short_name if user.school_id else ""
    if school and not _mentions(position, school):
        position = f"{without_stop(position)} {school}"  # «директор МКОУ «СОШ № 3»»: no comma between
    return lower_first(without_stop(position))


def person_line(user: User) -> str:
    """«Абдуллаев Р.К. — директор МКОУ «СОШ № 3»»: a participant of a meeting."""
    return f"{short_name(user)} — {position_of(user)}"


def speaker_line(user: User) -> str:
    """«Мусаева З.А., заведующая ИМЦ»: a speaker named as a person."""
    return f"{short_name(user)}, {position_of(user)}"


# --- a position written in the plan, found in the staff list ------------------------------------------

_ABBREVIATIONS = {"зав": "заведующ", "нач": "начальник", "зам": "заместител", "рук": "руководител"}
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")


@functools.lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """The words of a position as they are compared, each position read once a process: an agenda looks
    every one of its measures up in the whole staff list (a region's municipality: 11 × 80 positions)."""
    words = []
    for word in _WORD.findall(text or ""):
        lowered = word.casefold()
        if _is_abbreviation(word):
            words.append(lowered)
            continue
        lowered = _ABBREVIATIONS.get(lowered, lowered)
        words.append(lowered[:6])
    return frozenset(words)


def municipality_staff(municipality_id: int) -> list[User]:
    """The staff list the plan's positions are looked up in: the department's and the schools' people."""
    return list(
        User.objects.filter(
            Q(municipality=municipality_id) | Q(school__municipality=municipality_id), is_active=True
        )
        .exclude(role=User.Role.COMMISSION_MEMBER)
        .select_related("school")
    )


def person_for_position(written: str, staff: Iterable[User]) -> User | None:
    """The one person of the staff list whose position is the one the plan names («Зав.ИМЦ» →
    «Заведующая ИМЦ»); None when nobody or several people hold it, or when the text names a person."""
    if not written or re.search(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.", written):
        return None  # «Абулашова А.О.» is already a person
    wanted = _stems(written)
    if not wanted:
        return None
    found = [user for user in staff if user.position and wanted <= _stems(user.position)]
    return found[0] if len(found) == 1 else None


def speaker_named(written: str, staff: Iterable[User]) -> str:
    """The speaker as the protocol names them: the person where the staff list has them, else as written."""
    person = person_for_position(written, staff)
    if person is not None:
        return speaker_line(person)
    # «Мусаева З.А. — заведующая ИМЦ» typed by hand reads «Мусаева З.А., заведующая ИМЦ» like the rest:
    # the dash in the protocol stands between the speaker and the question.
    return without_stop(written).replace(" — ", ", ", 1)
