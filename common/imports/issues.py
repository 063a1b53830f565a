"""One problem found in an imported file, placed at its row and column."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why, in Russian, naming the file."""


@dataclass(frozen=True)
class Issue:
    """A row number as Excel shows it (None: the whole file), a column by its header, and the message."""

    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»" + (f" ({self.letter})" if self.letter else ""))
        if not where:
            return self.message
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.message}"

    def as_json(self) -> dict:
        data = {"row": self.row, "column": self.column, "message": self.message}
        if self.severity != ERROR:
            data["severity"] = self.severity
        return data
