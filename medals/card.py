"""What the candidate card shows: marks by subject and period, written works from both sources side by
side, re-checks, exam results, eligibility and every risk reason."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F

from .models import CURRENT_GRADES, WRITTEN_WORKS, Candidate, Grade, Period, Recheck, Source
from .risk_cache import cached_candidate_assessments
from .risks import CandidateAssessment

PERIOD_ORDER = [Period.Q1, Period.Q2, Period.H1, Period.Q3, Period.Q4, Period.H2, Period.YEAR, Period.FINAL]
PERIOD_SHORT = {
    Period.Q1: "1 ч.",
    Period.Q2: "2 ч.",
    Period.H1: "1 пол.",
    Period.Q3: "3 ч.",
    Period.Q4: "4 ч.",
    Period.H2: "2 пол.",
    Period.YEAR: "год",
    Period.FINAL: "итог.",
}


@dataclass
class SubjectMarks:
    subject: str
    cells: list[str]
    final: int | None


@dataclass
class WorkRow:
    subject: str
    date: date
    title: str
    journal: str
    notebook: str
    teacher: str
    grade_id: int  # the mark a methodist sends to re-check: the notebook's when there is one
    recheck: Recheck | None = None

    @property
    def date_text(self) -> str:
        # DD.MM.YYYY as the table shows it: the |date filter cost more than the rest of a row.
        return self.date.strftime("%d.%m.%Y")

    @property
    def state(self) -> str:
        if not self.notebook:
            return "unchecked"
        return "agree" if self.notebook in self.journal.split(", ") else "disagree"


@dataclass
class CandidateCard:
    assessment: CandidateAssessment
    columns: list[str] = field(default_factory=list)
    subjects: list[SubjectMarks] = field(default_factory=list)
    works: list[WorkRow] = field(default_factory=list)
    rechecks: list[Recheck] = field(default_factory=list)


def candidate_card(*, candidate: Candidate) -> CandidateCard:
    # The marks' facts of the rules from the same cache as the lists (medals.risk_cache): three of the
    # card's grade queries while the marks are unchanged; the card's own tables read the marks below.
    assessed = cached_candidate_assessments(candidates=[candidate])
    card = CandidateCard(assessment=assessed[candidate.pk])
    # The subject's name beside each mark, not a subject object per mark: a candidate's two years of
    # journal are a few thousand marks (the bench's largest card: 6,000, 490 ms a page before).
    grades = list(
        Grade.objects.filter(CURRENT_GRADES, candidate=candidate)
        .annotate(subject_name=F("subject__name"))
        .order_by("subject__order")
    )
    _period_table(card, candidate, grades)
    card.rechecks = list(candidate.rechecks.select_related("subject", "assigned_to").order_by("work_date"))
    _works(card, grades)
    return card


def _period_table(card: CandidateCard, candidate: Candidate, grades: list[Grade]) -> None:
    periods = [g for g in grades if g.period]
    keys = sorted(
        {(g.academic_year, g.period) for g in periods}, key=lambda k: (k[0], PERIOD_ORDER.index(k[1]))
    )
    card.columns = [f"{candidate.grade_in(year)} кл., {PERIOD_SHORT[period]}" for year, period in keys]
    cells: dict[str, dict[tuple[int, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    order: list[str] = []
    for g in periods:
        if g.subject_name not in cells:
            order.append(g.subject_name)
        cells[g.subject_name][(g.academic_year, g.period)].append(g.mark)
    finals = card.assessment.finals
    card.subjects = [
        SubjectMarks(
            subject=name, cells=[", ".join(cells[name].get(key, [])) for key in keys], final=finals.get(name)
        )
        for name in order
    ]
    for name in sorted(set(finals) - set(order)):
        card.subjects.append(SubjectMarks(subject=name, cells=[""] * len(keys), final=finals[name]))


def _works(card: CandidateCard, grades: list[Grade]) -> None:
    journal: dict[tuple[str, date], list[Grade]] = defaultdict(list)
    notebook: dict[tuple[str, date], list[Grade]] = defaultdict(list)
    written: set[tuple[str, date]] = set()
    for g in grades:
        if g.work_date is None:
            continue
        key = (g.subject_name, g.work_date)
        (notebook if g.source == Source.NOTEBOOK else journal)[key].append(g)
        if g.work_kind in WRITTEN_WORKS:
            written.add(key)
    rechecks = {(r.subject.name, r.work_date): r for r in card.rechecks}
    for key in sorted(written, key=lambda k: (k[1], k[0])):
        from_journal, from_notebook = journal.get(key, []), notebook.get(key, [])
        shown = (from_notebook or from_journal)[0]
        card.works.append(
            WorkRow(
                subject=key[0],
                date=key[1],
                title=shown.work_title or shown.get_work_kind_display(),
                journal=", ".join(g.mark for g in from_journal),
                notebook=", ".join(g.mark for g in from_notebook),
                teacher=shown.teacher,
                grade_id=shown.pk,
                recheck=rechecks.get(key),
            )
        )
