"""What checking or saving a journal extract found: the counts, what the file lacks, whom it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.imports import MissingColumns, column_question

from .base import ImportResult
from .journal_cover import ALL, COVERED

SHOWN_SKIPPED = 100  # pupils named in the preview as not candidates; the count is always whole


@dataclass
class JournalResult(ImportResult):
    """The counts, and what the preview must say besides: what the file lacks, whom it skipped."""

    JSON_FIELDS = (
        "rows",
        "saved",
        "replaced",
        "removed",
        "kept",
        "skipped",
        "replace",
        "layout",
        "missing",
        "skipped_names",
        "warnings",
        "errors",
    )
    replace: str = COVERED
    removed: int = 0  # marks of the current version that saving drops and the file does not carry
    kept: int = 0  # marks of the current version the file lacks, carried into the new version
    missing: list[dict] = field(default_factory=list)
    skipped_names: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout: str = ""
    question: MissingColumns | None = None  # required columns not found: which of the file's are they?

    def details(self) -> dict:
        data = self.as_json()
        for key in ("rows", "saved", "replaced", "skipped", "errors"):
            data.pop(key)
        if self.question is not None:
            data["column_question"] = column_question(self.question)
        return data

    def skip(self, number: int, name: str) -> None:
        self.skipped += 1
        for entry in self.skipped_names:
            if entry["name"] == name:
                entry["rows"] += 1
                return
        if len(self.skipped_names) < SHOWN_SKIPPED:
            self.skipped_names.append({"name": name, "row": number, "rows": 1})


def describe(result: JournalResult) -> list[str]:
    """The warnings of a check or save as lines of text, for the command line."""
    lines = [f"Предупреждение: {warning}" for warning in result.warnings]
    if result.missing:
        verb = "будут удалены" if result.replace == ALL else "останутся прежние"
        lines.append(f"В файле нет отметок, которые были в прежней версии ({verb}):")
        for line in result.missing:
            whom = f"{line['candidate']} — нет в файле" if line["absent"] else line["candidate"]
            lines.append(
                f"  {whom}: {line['subject']}, {line['year']}, {', '.join(line['periods'])} "
                f"(отметок {line['marks']})"
            )
    if result.skipped_names:
        names = "; ".join(f"{s['name']} (строка {s['row']}, строк {s['rows']})" for s in result.skipped_names)
        lines.append(f"Пропущены, потому что их нет среди претендентов школы: {names}")
    return lines
