"""One data row of an import: its cells by column name, and its errors placed at row and column."""

from __future__ import annotations

from dataclasses import dataclass

from .cells import column_letter
from .issues import Issue


@dataclass(frozen=True)
class RowReader:
    cells: list[object]
    number: int
    columns: dict[str, int]
    errors: list[Issue]

    def cell(self, name: str) -> object:
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def bad(self, name: str, message: str) -> None:
        self.errors.append(Issue(message, self.number, name, column_letter(self.columns[name])))
