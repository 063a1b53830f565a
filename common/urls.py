"""One view's address for many objects: reversed once per view, then only the object's number put in.

A digest run of a region links 24,000 rows and a list page 50 rows a link or two each; ``reverse`` for
each took more time than the rest of building them. ``reverse_pk`` gives exactly what
``reverse(view_name, args=[pk])`` gives (the cache is per URL configuration and script prefix)."""

from __future__ import annotations

from django.urls import get_script_prefix, get_urlconf, reverse

# A number no object has, reversed in its place: the address of the view with the number cut out.
PK_PLACEHOLDER = 9_876_543_210_123
_PARTS: dict[tuple, tuple[str, str] | None] = {}


def reverse_once(view_name: str) -> str:
    """``reverse(view_name)`` of a view without arguments, reversed once."""
    key = (view_name, get_urlconf(), get_script_prefix(), None)
    if key not in _PARTS:
        _PARTS[key] = (reverse(view_name), "")
    return _PARTS[key][0]


def reverse_pk(view_name: str, *pks: int) -> str:
    """``reverse(view_name, args=[*pks])``, reversing the view once: each number goes where a placeholder
    number stood (``objectivity_detail`` takes the test's and the school's)."""
    key = (view_name, get_urlconf(), get_script_prefix(), len(pks))
    if key not in _PARTS:
        _PARTS[key] = _split(reverse(view_name, args=[PK_PLACEHOLDER + n for n in range(len(pks))]), len(pks))
    parts = _PARTS[key]
    if parts is None or not all(type(pk) is int for pk in pks):
        return reverse(view_name, args=list(pks))
    return "".join(part + str(pk) for part, pk in zip(parts, pks, strict=False)) + parts[-1]


def _split(address: str, count: int) -> tuple[str, ...] | None:
    """The address around its placeholder numbers, in order; None when they are not each there once."""
    parts = []
    for n in range(count):
        before, found, address = address.partition(str(PK_PLACEHOLDER + n))
        if not found or str(PK_PLACEHOLDER) in before:
            return None
        parts.append(before)
    return (*parts, address)
