"""What every management command shares, whatever its app: printing the ``--json`` answer."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand


def write_json(command: BaseCommand, data: object) -> None:
    """A command's ``--json`` answer: indented, Cyrillic as it is."""
    command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
