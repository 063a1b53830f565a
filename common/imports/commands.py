"""What the import commands (``manage.py import_…``) share: switches, ``--column`` answers, the outcome."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ..commands import write_json
from .columns import parse_column_answers
from .headers import Column


def add_check_arguments(parser: CommandParser) -> None:
    """``--dry-run`` (check, save nothing) and ``--json`` (print the outcome as JSON)."""
    parser.add_argument("--dry-run", action="store_true", help="Только проверить, ничего не сохранять")
    parser.add_argument("--json", action="store_true", help="Вывести итог в JSON")


def add_column_argument(parser: CommandParser, *, help: str, metavar: str | None = None) -> None:
    """``--column KEY=HEADER``, repeatable: which of the file's columns is which (the column question)."""
    parser.add_argument("--column", action="append", default=[], metavar=metavar, help=help)


def column_answers(values: Iterable[str], columns: Sequence[Column]) -> dict[str, str]:
    """The ``--column`` answers by column key; a malformed one stops the command with its message."""
    try:
        return parse_column_answers(values, columns)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def report_import(
    command: BaseCommand,
    *,
    errors: Sequence[Mapping],
    payload: Mapping,
    labels: Mapping[str, str],
    as_json: bool,
) -> None:
    """Print the outcome: ``payload`` as JSON, or the errors and then its counts that ``labels`` name, in
    the payload's order. Fail (exit status 1) when errors stopped the file from being saved."""
    if as_json:
        write_json(command, payload)
    else:
        for error in errors:
            where = f"строка {error['row']}" if error["row"] else "файл"
            column = f", столбец «{error['column']}»" if error["column"] else ""
            command.stderr.write(f"{where}{column}: {error['message']}")
        command.stdout.write(
            ", ".join(f"{labels[key]}: {value}" for key, value in payload.items() if key in labels)
        )
    if errors:
        raise CommandError(f"Ничего не сохранено: ошибок в файле {len(errors)}.")
