"""What the management commands of every app share about schools: finding the municipality they work on.
Printing the ``--json`` answer is ``common.commands.write_json``."""

from __future__ import annotations

from django.core.management.base import CommandError

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
