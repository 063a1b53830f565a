"""The step every upload shares after its preview: saving under a row lock, only while still waiting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)
R = TypeVar("R")


def confirm_waiting(queryset: QuerySet[M], *, pk: int, waiting: str, run: Callable[[M], R]) -> R | None:
    """``run(upload)`` inside a transaction that holds the upload's row lock, when its ``status`` is still
    ``waiting``; None when it is not (saved already by a second click or by someone else, or rejected)."""
    with transaction.atomic():
        locked = queryset.select_for_update().filter(pk=pk, status=waiting).first()
        return None if locked is None else run(locked)
