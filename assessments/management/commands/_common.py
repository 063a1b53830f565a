"""What the assessments commands share: the report of a municipality's ВПР year (``muko``, ``objectivity``),
with its options, as text or as JSON."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common.commands import write_json
from schools.cli import municipality_option
from schools.models import Municipality


class YearReportCommand(BaseCommand, metaclass=ABCMeta):
    """``--year`` (required), ``--json`` and ``--municipality``: the figures of the municipality's ВПР year,
    printed as text or, with ``--json``, as JSON."""

    json_help = "итог в JSON"

    @abstractmethod
    def figures(self, municipality: Municipality, year: int) -> Any:
        """What the command reports for the municipality's year."""

    @abstractmethod
    def as_json(self, figures: Any, municipality: Municipality, year: int) -> object:
        """The figures as ``--json`` prints them."""

    @abstractmethod
    def write_text(self, figures: Any, municipality: Municipality, year: int) -> None:
        """The figures as text for a person at a terminal."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="год ВПР, например 2024")
        parser.add_argument("--json", action="store_true", help=self.json_help)
        parser.add_argument("--municipality", help="наименование или id муниципалитета")

    def handle(self, *args, year: int, json: bool, municipality: str | None, **options) -> None:
        target = municipality_option(municipality)
        figures = self.figures(target, year)
        if json:
            write_json(self, self.as_json(figures, target, year))
        else:
            self.write_text(figures, target, year)
