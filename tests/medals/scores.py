"""Exam scores made by hand, shaped like ``assessments.results.ExamScore``: no database needed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class FakeSubject:
    name: str


@dataclass(frozen=True)
class Score:
    kind: str
    subject: FakeSubject
    score_100: int | None
    primary_score: int | None = None
    date: datetime.date = datetime.date(2024, 6, 1)
    round: str = ""


def ege(subject: str, points: int | None = None, *, primary: int | None = None) -> Score:
    return Score("ege", FakeSubject(subject), points, primary)


def mock(subject: str, points: int | None = None, *, primary: int | None = None) -> Score:
    return Score("mock", FakeSubject(subject), points, primary, datetime.date(2024, 3, 6), "второй пробный")
