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

from .models import CURRENT_GRADES, Grade, Source


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
        CURRENT_GRADES, source=Source.NOTEBOOK, candidate_id__in=candidate_ids, work_date__isnull=False
    )


def grade_disagreements(*, candidate_ids: Iterable[int]) -> list[Disagreement]:
    """Every disagreement of these candidates, in two queries whatever their number."""
    ids = list(candidate_ids)
    notebook = list(
        _notebook_marks(ids)
        .select_related("candidate__pupil", "subject")
        .order_by("candidate__pupil__last_name", "candidate_id", "subject__order", "work_date", "pk")
    )
    if not notebook:
        return []
    # Journal marks of the same days only, matched in Python: a correlated EXISTS per journal row was
    # hundreds of milliseconds already on a demo database.
    keys = {(n.candidate_id, n.subject_id, n.work_date) for n in notebook}
    journal: dict[tuple[int, int, date], list[tuple[str, str]]] = defaultdict(list)
    rows = Grade.objects.filter(
        CURRENT_GRADES,
        source=Source.JOURNAL,
        candidate_id__in={key[0] for key in keys},
        work_date__in={key[2] for key in keys},
    ).values_list("candidate_id", "subject_id", "work_date", "mark", "teacher")
    for candidate_id, subject_id, work_date, mark, teacher in rows:
        if (candidate_id, subject_id, work_date) in keys:
            journal[(candidate_id, subject_id, work_date)].append((mark, teacher))
    found = []
    for n in notebook:
        same_day = journal.get((n.candidate_id, n.subject_id, n.work_date), [])
        if any(mark == n.mark for mark, _ in same_day):
            continue
        found.append(
            Disagreement(
                candidate_id=n.candidate_id,
                school_id=n.candidate.school_id,
                pupil=n.candidate.pupil.full_name,
                class_name=n.class_name,
                subject=n.subject.name,
                date=n.work_date,
                work=n.work_title or n.get_work_kind_display(),
                journal=", ".join(sorted(mark for mark, _ in same_day)) or None,
                notebook=n.mark,
                teacher=next((t for _, t in same_day if t), n.teacher),
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
