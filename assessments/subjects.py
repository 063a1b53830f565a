"""Matching a subject as a file writes it («Русский яз.», «Алгебра и начала анализа») to the list."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .models import Subject

# Abbreviations that journals and ФИС ОКО exports use for words of subject names.
ABBREVIATIONS = {
    "яз": "язык",
    "лит": "литература",
    "мат": "математика",
    "матем": "математика",
    "информ": "информатика",
    "ист": "история",
    "общ": "обществознание",
    "геогр": "география",
    "англ": "английский",
    "нем": "немецкий",
    "франц": "французский",
    "рус": "русский",
    "физ": "физика",
    "биол": "биология",
}
NEAR_MISS_RATIO = 0.85


def normalize_subject(text: str) -> str:
    words = re.findall(r"[a-zа-яё0-9]+", text.lower().replace("ё", "е"))
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def subject_index(subjects: list[Subject] | None = None) -> dict[str, Subject]:
    """Every normalised spelling of every subject, for matching many rows against one lookup."""
    index: dict[str, Subject] = {}
    for subject in subjects if subjects is not None else Subject.objects.all():
        for spelling in (subject.name, subject.short_name, *subject.aliases):
            if spelling:
                index.setdefault(normalize_subject(spelling), subject)
    return index


def match_subject(text: str, index: dict[str, Subject] | None = None) -> Subject | None:
    """The subject meant by ``text``, or None when nothing is close enough to be sure."""
    index = index if index is not None else subject_index()
    key = normalize_subject(text)
    if not key:
        return None
    if key in index:
        return index[key]
    candidates = [
        (SequenceMatcher(None, key, spelling).ratio(), subject) for spelling, subject in index.items()
    ]
    candidates = [c for c in candidates if c[0] >= NEAR_MISS_RATIO]
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0], reverse=True)
    best_ratio, best = candidates[0]
    # Two different subjects equally close is ambiguous: refuse rather than guess.
    if len(candidates) > 1 and candidates[1][0] == best_ratio and candidates[1][1] != best:
        return None
    return best
