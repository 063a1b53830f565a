"""What the management commands of every app share: finding the municipality they work on, and printing
the ``--json`` answer."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from schools.models import Municipality


def municipality_option(value: str | None) -> Municipality:
    """By name or id; with one municipality in the database the option may be left out."""
    if value:
        found = (
            Municipality.objects.filter(pk=int(value))
            if value.isdigit()
            else Municipality.objects.filter(name=value)
        )
        municipality = found.first()
        if municipality is None:
            raise CommandError(f"Муниципалитет «{value}» не найден.")
        return municipality
    municipalities = list(Municipality.objects.all()[:2])
    if len(municipalities) == 1:
        return municipalities[0]
    if not municipalities:
        raise CommandError("В базе нет ни одного муниципалитета.")
    names = ", ".join(Municipality.objects.values_list("name", flat=True))
    raise CommandError(f"Муниципалитетов несколько ({names}): укажите --municipality.")


def write_json(command: BaseCommand, data: object) -> None:
    """A command's ``--json`` answer: indented, Cyrillic as it is."""
    command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
