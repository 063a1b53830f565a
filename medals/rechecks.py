"""The selective re-check of candidates' works (item 7.2 of the plan).

The app proposes works from what the checks found: journal/notebook disagreements, transfers between
schools (item 8), mock exams below the medal thresholds and final marks that do not meet the rules. The
methodist edits the list and gives each work to a commission member from another school, who sees it by
its code only and enters the re-check mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Subject
from common.codes import random_text, unique_code
from schools.access import people_to_choose
from schools.models import User

from .eligibility import BASE_MATH, RUSSIAN, base_math_mark, rule_for
from .models import CURRENT_GRADES, WRITTEN_WORKS, Candidate, Grade, Recheck, Source, WorkKind
from .risks import CandidateAssessment, candidate_assessments

RECHECK_MARKS = {"2": 2, "3": 3, "4": 4, "5": 5}

WorkKey = tuple[int, int, date, str]  # candidate, subject, date, kind


@dataclass
class Proposal:
    candidate_id: int
    subject_id: int
    academic_year: int
    class_name: str
    work_kind: str
    work_title: str
    work_date: date
    original_mark: str
    original_value: int | None
    teacher: str
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> WorkKey:
        return (self.candidate_id, self.subject_id, self.work_date, self.work_kind)


def _works(candidate_ids: list[int]) -> dict[WorkKey, Proposal]:
    """Every written work of the candidates, its mark taken from the notebook when there is one."""
    works: dict[WorkKey, Proposal] = {}
    grades = (
        Grade.objects.filter(
            CURRENT_GRADES,
            candidate_id__any_of=candidate_ids,
            work_kind__in=WRITTEN_WORKS,
            work_date__isnull=False,
        )
        .order_by("source")  # «journal» before «notebook»: the notebook mark, written on the work, wins
        .values_list(
            "candidate_id",
            "subject_id",
            "academic_year",
            "class_name",
            "work_kind",
            "work_title",
            "work_date",
            "mark",
            "value",
            "teacher",
            "source",
        )
    )
    for cid, sid, year, class_name, kind, title, work_date, mark, value, teacher, source in grades:
        key = (cid, sid, work_date, kind)
        if key in works and source == Source.JOURNAL:
            continue
        works[key] = Proposal(cid, sid, year, class_name, kind, title, work_date, mark, value, teacher)
    return works


def _latest_control(works: list[Proposal], subject_name: str, names: dict[int, str]) -> Proposal | None:
    found = [w for w in works if names.get(w.subject_id) == subject_name and w.work_kind == WorkKind.CONTROL]
    return max(found, key=lambda w: w.work_date, default=None)


def _first_fives_after(works: list[Proposal], day: date) -> list[Proposal]:
    """Per subject, the first control work after ``day`` marked «5»: was the new school's mark fair?"""
    first: dict[int, Proposal] = {}
    for work in sorted(works, key=lambda w: w.work_date):
        if work.work_kind == WorkKind.CONTROL and work.work_date >= day and work.original_value == 5:
            first.setdefault(work.subject_id, work)
    return list(first.values())


def _offending_subjects(assessment: CandidateAssessment) -> dict[str, int]:
    """Subjects whose final mark keeps the candidate from the medal they claim."""
    rule = rule_for(assessment.candidate.degree)
    finals = assessment.finals
    low = {s: v for s, v in finals.items() if v < 4 or (v == 4 and rule.max_good_marks == 0)}
    good = {s: v for s, v in finals.items() if v == 4}
    if len(good) > rule.max_good_marks:
        low.update(good)
    return low


def _mock_below_subjects(assessment: CandidateAssessment) -> dict[str, str]:
    rule = rule_for(assessment.candidate.degree)
    found = {}
    for score in assessment.scores:
        if score.kind != "mock":
            continue
        name = score.subject.name
        if name == BASE_MATH:
            value, threshold = base_math_mark(score.primary_score), rule.base_math_mark
        else:
            value, threshold = score.score_100, rule.russian_min if name == RUSSIAN else rule.other_min
        if value is not None and value < threshold:
            found[name] = f"Пробный экзамен по предмету ниже порога: {value} при {threshold}"
    return found


def recheck_proposals(*, candidates: Iterable[Candidate]) -> list[Proposal]:
    """The works the checks point at, each with every reason that points at it."""
    assessed = candidate_assessments(candidates=candidates)
    ids = list(assessed)
    works_by_candidate: dict[int, list[Proposal]] = defaultdict(list)
    for work in _works(ids).values():
        works_by_candidate[work.candidate_id].append(work)
    names = dict(Subject.objects.values_list("pk", "name"))
    chosen: dict[WorkKey, Proposal] = {}

    def propose(work: Proposal | None, reason: str) -> None:
        if work is None:
            return
        proposal = chosen.setdefault(work.key, work)
        if reason not in proposal.reasons:
            proposal.reasons.append(reason)

    for cid, assessment in assessed.items():
        candidate = assessment.candidate
        works = works_by_candidate.get(cid, [])
        for d in assessment.disagreements:
            for work in works:
                if work.work_date == d.date and names.get(work.subject_id) == d.subject:
                    propose(
                        work,
                        f"Журнал и тетрадь расходятся: журнал {d.journal or 'нет отметки'}, "
                        f"тетрадь {d.notebook}",
                    )
        if candidate.transfer_date:
            for work in _first_fives_after(works, candidate.transfer_date):
                propose(work, f"Первая «5» за контрольную после перевода {candidate.transfer_date:%d.%m.%Y}")
        for subject, reason in _mock_below_subjects(assessment).items():
            propose(_latest_control(works, subject, names), reason)
        for subject, value in _offending_subjects(assessment).items():
            propose(
                _latest_control(works, subject, names),
                f"Итоговая «{value}» не даёт медаль {candidate.get_degree_display()}",
            )
    return sorted(chosen.values(), key=lambda p: (p.candidate_id, p.work_date))


def _new_code(year: int, taken: set[str]) -> str:
    return unique_code(taken, lambda: f"{year % 100:02d}-" + random_text(5))


def _taken_codes() -> set[str]:
    return set(Recheck.objects.values_list("code", flat=True))


def recheck_propose(*, candidates: Iterable[Candidate], user: User) -> int:
    """Add the proposed works that are not on the list yet; returns how many were added."""
    candidates = list(candidates)
    proposals = recheck_proposals(candidates=candidates)
    graduation = {c.pk: c.graduation_year for c in candidates}
    existing = set(
        Recheck.objects.filter(candidate_id__in=graduation).values_list(
            "candidate_id", "subject_id", "work_date", "work_kind"
        )
    )
    taken = _taken_codes()
    rows = [
        Recheck(
            code=_new_code(graduation[p.candidate_id], taken),
            candidate_id=p.candidate_id,
            subject_id=p.subject_id,
            academic_year=p.academic_year,
            class_name=p.class_name,
            work_kind=p.work_kind,
            work_title=p.work_title,
            work_date=p.work_date,
            original_mark=p.original_mark,
            original_value=p.original_value,
            teacher=p.teacher,
            reasons=p.reasons,
            created_by=user,
        )
        for p in proposals
        if p.key not in existing
    ]
    Recheck.objects.bulk_create(rows)
    return len(rows)


def recheck_add(*, grade: Grade, user: User, reason: str) -> Recheck:
    """Put one written work on the list by hand (from the candidate's card)."""
    if grade.work_kind not in WRITTEN_WORKS or grade.work_date is None:
        raise ValidationError(
            "На перепроверку отправляются только контрольные, самостоятельные и проверочные работы."
        )
    recheck, _ = Recheck.objects.get_or_create(
        candidate=grade.candidate,
        subject=grade.subject,
        work_date=grade.work_date,
        work_kind=grade.work_kind,
        defaults={
            "code": _new_code(grade.candidate.graduation_year, _taken_codes()),
            "academic_year": grade.academic_year,
            "class_name": grade.class_name,
            "work_title": grade.work_title,
            "original_mark": grade.mark,
            "original_value": grade.value,
            "teacher": grade.teacher,
            "reasons": [reason],
            "created_by": user,
        },
    )
    return recheck


def recheck_members(*, recheck: Recheck) -> QuerySet[User]:
    """Commission members who may re-check this work: active, of the municipality, not from its school."""
    school = recheck.candidate.school
    members = people_to_choose(school.municipality_id, roles={User.Role.COMMISSION_MEMBER})
    return members.exclude(school=school)


def recheck_update(*, recheck: Recheck, member: User | None, excluded: bool, note: str) -> Recheck:
    """The methodist's edit: assign a member (never one from the candidate's school), exclude, annotate."""
    if member is not None and not recheck_members(recheck=recheck).filter(pk=member.pk).exists():
        raise ValidationError(
            "Работу может перепроверить только член комиссии этого муниципалитета не из школы претендента."
        )
    if recheck.status == Recheck.Status.DONE and (excluded or member != recheck.assigned_to):
        raise ValidationError("Работа уже перепроверена: её нельзя переназначить или исключить.")
    recheck.note = note
    if recheck.status != Recheck.Status.DONE:
        if excluded:
            recheck.status = Recheck.Status.EXCLUDED
        elif member is not None:
            recheck.status = Recheck.Status.ASSIGNED
        else:
            recheck.status = Recheck.Status.PROPOSED
        if member != recheck.assigned_to:
            recheck.assigned_at = timezone.now() if member else None
        recheck.assigned_to = member
    recheck.save()
    return recheck


CLOSED_MESSAGE = "Перепроверка работы закрыта методистом: отметку больше нельзя исправить."


def recheck_record(*, recheck: Recheck, mark: str, comment: str) -> Recheck:
    """The member's re-check mark, after they confirmed it beside the teacher's; they may correct it
    until the methodist closes the re-check."""
    if recheck.is_closed:
        raise ValidationError(CLOSED_MESSAGE)
    if recheck.status not in (Recheck.Status.ASSIGNED, Recheck.Status.DONE):
        raise ValidationError("Работа не назначена на перепроверку.")
    if mark not in RECHECK_MARKS:
        raise ValidationError("Отметка при перепроверке: 2, 3, 4 или 5.")
    recheck.recheck_mark = mark
    recheck.recheck_value = RECHECK_MARKS[mark]
    recheck.recheck_comment = comment
    recheck.status = Recheck.Status.DONE
    recheck.checked_at = timezone.now()
    recheck.save()
    return recheck


def recheck_close(*, recheck: Recheck, user: User) -> Recheck:
    """The methodist closes a re-checked work: its mark is final, the member can no longer correct it."""
    if recheck.status != Recheck.Status.DONE:
        raise ValidationError("Закрыть можно только перепроверенную работу: отметки ещё нет.")
    if not recheck.is_closed:
        recheck.closed_at = timezone.now()
        recheck.closed_by = user
        recheck.save(update_fields=["closed_at", "closed_by"])
    return recheck


def mark_comparison(*, recheck: Recheck, mark: str) -> str:
    """What the confirmation screen says of the new mark beside the teacher's."""
    value = RECHECK_MARKS.get(mark)
    teacher = recheck.original_value
    if value is None or teacher is None:
        return ""
    if value < teacher:
        return f"Ваша отметка ниже отметки учителя на {teacher - value}."
    if value > teacher:
        return f"Ваша отметка выше отметки учителя на {value - teacher}."
    return "Ваша отметка совпадает с отметкой учителя."
