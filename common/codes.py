"""Codes that stand for a person's work in a blind check (re-checks of ВПР and of medal candidates' works,
mock exams). Random, not sequential: a code must tell a checker nothing about the pupil or the school.
Domain-free: a draw in, a code not taken yet out."""

from __future__ import annotations

import secrets
from collections.abc import Callable

READABLE = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are read aloud and copied by hand


def random_text(length: int, alphabet: str = READABLE) -> str:
    """``length`` characters drawn at random from ``alphabet``."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def unique_code(taken: set[str], draw: Callable[[], str]) -> str:
    """A code from ``draw`` that is not in ``taken`` (drawing again until one is not); it is added to it."""
    while True:
        code = draw()
        if code not in taken:
            taken.add(code)
            return code
