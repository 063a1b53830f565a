"""What the importer produces: a roadmap read from a document, before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from roadmaps.deadlines import ParsedDeadline
from roadmaps.plan_period import PlanPeriod


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Approval:
    approved_by: str | None = None
    order_number: str | None = None
    order_date: date | None = None
    # Who signed the order printed in front of the plan (or at its end), and the plan's place in it:
    # «Приложение № 2» from a stamp, «приложение» from «Утвердить план … (приложение)».
    signed_by: str | None = None
    appendix: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "approved_by": self.approved_by,
            "order_number": self.order_number,
            "order_date": _iso(self.order_date),
        }

    def order_json(self) -> dict[str, object]:
        """The approving order as read: its number and date, who signed it, and which appendix the plan is."""
        return {
            "number": self.order_number,
            "date": _iso(self.order_date),
            "signed_by": self.signed_by,
            "appendix": self.appendix,
        }


@dataclass
class ParsedMeasure:
    number: str
    title: str
    form: str | None
    deadline_text: str
    deadline: ParsedDeadline
    responsible_text: str
    responsible: list[str]
    expected_result: str | None
    # Not part of as_json: the measure this one is a sub-item of («7» for «7.1»), and its position.
    parent_number: str | None = None
    order: int = 0
    # Dates from further columns («Резервный срок»): [{"label": header, "text": cell}], in column order.
    extra_dates: list[dict[str, str]] = field(default_factory=list)

    def as_json(self, full: bool = False) -> dict[str, object]:
        """The documented shape; ``full`` adds what later versions read: ``extra_dates``."""
        found: dict[str, object] = {
            "number": self.number,
            "title": self.title,
            "form": self.form,
            "deadline_text": self.deadline_text,
            "deadline": self.deadline.as_json(),
            "responsible_text": self.responsible_text,
            "responsible": list(self.responsible),
            "expected_result": self.expected_result,
        }
        if full:
            found["extra_dates"] = [dict(item) for item in self.extra_dates]
        return found


@dataclass
class ParsedSection:
    number: str | None
    title: str | None
    measures: list[ParsedMeasure] = field(default_factory=list)

    def as_json(self, full: bool = False) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "measures": [measure.as_json(full) for measure in self.measures],
        }


@dataclass
class ParsedAppendix:
    title: str
    rows: list[list[str]]

    def as_json(self) -> dict[str, object]:
        return {"title": self.title, "rows": [list(row) for row in self.rows]}


@dataclass
class ParsedRoadmap:
    title: str
    approval: Approval
    period: PlanPeriod | None
    sections: list[ParsedSection]
    appendices: list[ParsedAppendix] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""

    @property
    def measures(self) -> list[ParsedMeasure]:
        return [measure for section in self.sections for measure in section.measures]

    def as_json(self, full: bool = False) -> dict[str, object]:
        """The documented shape (the preview keeps it in the session); ``full`` adds ``order`` (the approving
        order: number, date, who signed it, which appendix the plan is) and each measure's ``extra_dates``."""
        found: dict[str, object] = {
            "title": self.title,
            "approval": self.approval.as_json(),
            "period": {
                "start": _iso(self.period.start if self.period else None),
                "end": _iso(self.period.end if self.period else None),
            },
            "sections": [section.as_json(full) for section in self.sections],
            "appendices": [appendix.as_json() for appendix in self.appendices],
            "warnings": list(self.warnings),
        }
        if full:
            found["order"] = self.approval.order_json()
        return found
