"""Journal against notebook (item 7.1 of the plan): where the two disagree for a candidate's work.

A notebook mark is matched with the journal marks of the same candidate, subject and date. It agrees
when one of them is the same mark; otherwise it is a disagreement, also when the journal has no mark
for that day at all (``journal`` is then None).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from .models import CURRENT_GRADES, Grade, Source, WorkKind


@dataclass(frozen=True)
class Disagreement:
    candidate_id: int
    school_id: int
    pupil: str
    class_name: str
    subject: str
    date: date
    work: str
    journal: str | None
    notebook: str
    teacher: str  # whose mark it is: the journal's teacher, or the notebook's when the journal is silent

    def as_json(self) -> dict:
        return {
            "pupil": self.pupil,
            "class": self.class_name,
            "subject": self.subject,
            "date": self.date.isoformat(),
            "work": self.work,
            "journal": self.journal,
            "notebook": self.notebook,
        }


@dataclass(frozen=True)
class ComparisonTotals:
    checked: int  # notebook marks compared
    disagreements: int
    candidates: int  # candidates with at least one disagreement


def _notebook_marks(candidate_ids: list[int]):
    return Grade.objects.filter(
        CURRENT_GRADES, source=Source.NOTEBOOK, candidate_id__any_of=candidate_ids, work_date__isnull=False
    )


WORK_KINDS = dict(WorkKind.choices)
NOTEBOOK_FIELDS = (
    "candidate_id",
    "candidate__school_id",
    "candidate__pupil__last_name",
    "candidate__pupil__first_name",
    "candidate__pupil__middle_name",
    "class_name",
    "subject_id",
    "subject__name",
    "work_date",
    "work_title",
    "work_kind",
    "mark",
    "teacher",
)


def grade_disagreements(*, candidate_ids: Iterable[int]) -> list[Disagreement]:
    """Every disagreement of these candidates, in two queries whatever their number."""
    ids = list(candidate_ids)
    # Plain rows, not model instances: the March meeting compares every candidate of a region, and four
    # instances per notebook mark took most of its 26 seconds (`make bench`).
    notebook = list(
        _notebook_marks(ids)
        .order_by("candidate__pupil__last_name", "candidate_id", "subject__order", "work_date", "pk")
        .values_list(*NOTEBOOK_FIELDS)
    )
    if not notebook:
        return []
    # Journal marks of the same days only, matched in Python: a correlated EXISTS per journal row was
    # hundreds of milliseconds already on a demo database. The subjects and the range of the days let
    # the (candidate, subject, date) index find them (region scale: 37 ms against 13).
    keys = {(n[0], n[6], n[8]) for n in notebook}
    days = {key[2] for key in keys}
    journal: dict[tuple[int, int, date], list[tuple[str, str]]] = defaultdict(list)
    rows = Grade.objects.filter(
        CURRENT_GRADES,
        source=Source.JOURNAL,
        candidate_id__any_of={key[0] for key in keys},
        subject_id__in={key[1] for key in keys},
        work_date__in=days,
        work_date__range=(min(days), max(days)),
    ).values_list("candidate_id", "subject_id", "work_date", "mark", "teacher")
    for candidate_id, subject_id, work_date, mark, teacher in rows:
        if (candidate_id, subject_id, work_date) in keys:
            journal[(candidate_id, subject_id, work_date)].append((mark, teacher))
    found = []
    for row in notebook:
        candidate_id, school_id, last, first, middle, class_name, subject_id, subject, day = row[:9]
        work_title, work_kind, mark, teacher = row[9:]
        same_day = journal.get((candidate_id, subject_id, day), [])
        if any(journal_mark == mark for journal_mark, _ in same_day):
            continue
        found.append(
            Disagreement(
                candidate_id=candidate_id,
                school_id=school_id,
                pupil=" ".join(part for part in (last, first, middle) if part),
                class_name=class_name,
                subject=subject,
                date=day,
                work=work_title or WORK_KINDS.get(work_kind, work_kind),
                journal=", ".join(sorted(journal_mark for journal_mark, _ in same_day)) or None,
                notebook=mark,
                teacher=next((t for _, t in same_day if t), teacher),
            )
        )
    return found


def totals_by_school(
    *, candidate_ids: Iterable[int], disagreements: list[Disagreement]
) -> dict[int, ComparisonTotals]:
    """Per school: notebook marks compared, disagreements and candidates with disagreements."""
    checked = dict(
        _notebook_marks(list(candidate_ids))
        .values("candidate__school_id")
        .annotate(n=Count("pk"))
        .values_list("candidate__school_id", "n")
    )
    found: dict[int, list[Disagreement]] = defaultdict(list)
    for d in disagreements:
        found[d.school_id].append(d)
    return {
        school_id: ComparisonTotals(
            checked=checked.get(school_id, 0),
            disagreements=len(found[school_id]),
            candidates=len({d.candidate_id for d in found[school_id]}),
        )
        for school_id in set(checked) | set(found)
    }
