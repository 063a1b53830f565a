"""Risk groups (items 1, 7, 7.1, 7.2, 8, 10 of the plan): candidates, teachers and schools.

Each rule is a plain function of the data it looks at and returns a ``RiskReason`` (a short Russian
phrase plus a detail naming the rule and the data) or None. ``candidate_assessments`` loads the data for
many candidates in a fixed number of queries and applies every rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Avg, Q

from assessments.results import pupil_exam_scores
from schools.models import School

from .comparison import Disagreement, grade_disagreements
from .eligibility import (
    BASE_MATH,
    FINAL_MARK_PERIODS,
    RUSSIAN,
    DegreeCheck,
    ExamScoreLike,
    MedalRule,
    PeriodMark,
    base_math_mark,
    check_exams,
    check_gve,
    check_marks,
    final_marks,
    medal_eligibility,
    rule_for,
)
from .models import (
    CURRENT_GRADES,
    WRITTEN_WORKS,
    Candidate,
    ExamForm,
    Grade,
    MedalBenchmark,
    MedalDegree,
    Recheck,
    Source,
)

# A final «5» is suspicious when the written works alone would round to «4» or lower.
WRITTEN_AVERAGE_FOR_FIVE = 4.5
# Details list this many examples, then say how many more there are.
DETAIL_EXAMPLES = 3


@dataclass(frozen=True)
class RiskReason:
    code: str
    label: str  # a short phrase for tables
    detail: str  # which rule fired and on which data, for the tooltip and the card


def _examples(items: Sequence[str]) -> str:
    shown = "; ".join(items[:DETAIL_EXAMPLES])
    return f"{shown}; и ещё {len(items) - DETAIL_EXAMPLES}" if len(items) > DETAIL_EXAMPLES else shown


def _pct(value: float | Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


def _d(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "без даты"


# --- candidate rules ---------------------------------------------------------------------------------


def rule_journal_notebook(*, disagreements: Sequence[Disagreement]) -> RiskReason | None:
    if not disagreements:
        return None
    items = [
        f"{d.subject} {_d(d.date)}: журнал {d.journal or 'нет отметки'}, тетрадь {d.notebook}"
        for d in disagreements
    ]
    return RiskReason(
        "disagreement",
        "Журнал и тетрадь расходятся",
        f"Отметки в журнале не совпадают с тетрадью ({len(items)}): {_examples(items)}.",
    )


def rule_transfer(*, transfer_date: date | None, previous_school: str) -> RiskReason | None:
    if not transfer_date and not previous_school:
        return None
    source = f"из {previous_school}" if previous_school else "из другой школы"
    when = f" {_d(transfer_date)}" if transfer_date else ""
    return RiskReason(
        "transfer",
        "Перевод в 10–11 классе",
        f"Переведён(а) {source}{when}: переводы претендентов анализируются (п. 8 плана).",
    )


def _exam_threshold(*, degree: int, subject: str) -> tuple[int, str]:
    rule = rule_for(degree)
    if subject == RUSSIAN:
        return rule.russian_min, "б."
    if subject == BASE_MATH:
        return rule.base_math_mark, "(отметка)"
    return rule.other_min, "б."


def rule_mock_below(*, degree: int, scores: Sequence[ExamScoreLike]) -> RiskReason | None:
    items = []
    for score in scores:
        if score.kind != "mock":
            continue
        name = score.subject.name
        threshold, unit = _exam_threshold(degree=degree, subject=name)
        value = base_math_mark(score.primary_score) if name == BASE_MATH else score.score_100
        if value is not None and value < threshold:
            round_name = f" ({score.round})" if score.round else ""
            items.append(f"{name}{round_name} {_d(score.date)}: {value} при пороге {threshold} {unit}")
    if not items:
        return None
    return RiskReason(
        "mock_below",
        "Пробный ЕГЭ ниже порога",
        f"Пробный экзамен ниже порога медали {MedalDegree(degree).label}: {_examples(items)}.",
    )


# The three verdicts of a degree's check (``eligibility.DegreeCheck``) that put a candidate at risk: a list
# of candidates takes them from the check its «По правилам медали» column made, not from a second one.


def _final_marks_reason(rule: MedalRule, ok: bool | None, notes: Sequence[str]) -> RiskReason | None:
    if ok is not False:
        return None
    return RiskReason("final_marks", "Итоговые отметки не дают медаль", f"{rule.title}: {'; '.join(notes)}.")


def _ege_reason(rule: MedalRule, ok: bool | None, notes: Sequence[str]) -> RiskReason | None:
    if ok is not False:
        return None
    return RiskReason("ege_below", "ЕГЭ ниже порога медали", f"{rule.title}: {'; '.join(notes)}.")


def _gve_reason(rule: MedalRule, ok: bool | None, notes: Sequence[str]) -> RiskReason | None:
    if ok is not False:
        return None
    return RiskReason("gve_below", "ГВЭ ниже «5»", f"{rule.title}: {'; '.join(notes)}.")


def rule_ege_below(*, degree: int, scores: Sequence[ExamScoreLike]) -> RiskReason | None:
    rule = rule_for(degree)
    return _ege_reason(rule, *check_exams(rule=rule, scores=scores))


def rule_gve_below(*, degree: int, gve_marks: Mapping[str, int | None]) -> RiskReason | None:
    rule = rule_for(degree)
    return _gve_reason(rule, *check_gve(rule=rule, gve_marks=gve_marks))


def rule_final_marks(*, degree: int, finals: Mapping[str, int]) -> RiskReason | None:
    rule = rule_for(degree)
    return _final_marks_reason(rule, *check_marks(rule=rule, finals=finals))


def rule_final_above_works(
    *, finals: Mapping[str, int], written_averages: Mapping[str, float]
) -> RiskReason | None:
    below = sorted(
        subject
        for subject, mark in finals.items()
        if mark == 5 and subject in written_averages and written_averages[subject] < WRITTEN_AVERAGE_FOR_FIVE
    )
    if not below:
        return None
    items = [f"{s}: итоговая «5», средняя за письменные работы {_pct(written_averages[s])}" for s in below]
    return RiskReason(
        "final_above_works",
        "Итоговая «5» выше письменных работ",
        f"Средняя отметка за контрольные и самостоятельные работы ниже {_pct(WRITTEN_AVERAGE_FOR_FIVE)}: "
        f"{_examples(items)}.",
    )


@dataclass(frozen=True)
class RecheckOutcome:
    subject: str
    work_date: date
    original: int
    rechecked: int


def rule_recheck_lowered(*, outcomes: Sequence[RecheckOutcome]) -> RiskReason | None:
    items = [
        f"{o.subject} {_d(o.work_date)}: учитель «{o.original}», перепроверка «{o.rechecked}»"
        for o in outcomes
        if o.rechecked < o.original
    ]
    if not items:
        return None
    return RiskReason(
        "recheck_lowered",
        "Перепроверка понизила отметку",
        f"Комиссия оценила работу ниже учителя ({len(items)}): {_examples(items)}.",
    )


# --- every rule for many candidates at once ---------------------------------------------------------


@dataclass
class CandidateAssessment:
    candidate: Candidate
    finals: dict[str, int] = field(default_factory=dict)
    written_averages: dict[str, float] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    outcomes: list[RecheckOutcome] = field(default_factory=list)
    scores: list[ExamScoreLike] = field(default_factory=list)

    # Both are read several times per row (the filter, the page, the badges, the Excel) and computed once:
    # ``candidate_assessments`` fills every field before it hands an assessment out.
    @cached_property
    def eligibility(self) -> tuple[DegreeCheck, ...]:
        c = self.candidate
        return medal_eligibility(
            finals=self.finals, scores=self.scores, exam=c.exam_form, gve_marks=c.gve_marks
        )

    @cached_property
    def claimed(self) -> DegreeCheck:
        """The check of the degree the candidate is put forward for: the one of ``eligibility`` when that
        is known, else that degree's alone (a list's file shows no other)."""
        c = self.candidate
        if "eligibility" in self.__dict__:
            return next(check for check in self.eligibility if check.rule.degree == c.degree)
        return medal_eligibility(
            finals=self.finals,
            scores=self.scores,
            exam=c.exam_form,
            gve_marks=c.gve_marks,
            rules=(rule_for(c.degree),),
        )[0]

    @cached_property
    def reasons(self) -> list[RiskReason]:
        c = self.candidate
        previous = c.previous_school.short_name if c.previous_school_id else c.previous_school_name
        # The final marks' and the exams' rules are the verdicts of the claimed degree's check (what
        # rule_final_marks, rule_ege_below and rule_gve_below would find again).
        check = self.claimed
        exam_reason = _ege_reason if c.exam_form != ExamForm.GVE else _gve_reason
        found = [
            rule_journal_notebook(disagreements=self.disagreements),
            rule_transfer(transfer_date=c.transfer_date, previous_school=previous),
            _final_marks_reason(check.rule, check.marks_ok, check.mark_notes),
            rule_final_above_works(finals=self.finals, written_averages=self.written_averages),
            rule_mock_below(degree=c.degree, scores=self.scores),
            exam_reason(check.rule, check.exams_ok, check.exam_notes),
            rule_recheck_lowered(outcomes=self.outcomes),
        ]
        return [reason for reason in found if reason is not None]


@dataclass
class GradeFacts:
    """What the rules read from a candidate's marks: the plain data ``medals.risk_cache`` keeps."""

    finals: dict[str, int] = field(default_factory=dict)
    written_averages: dict[str, float] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def grade_facts(*, candidate_ids: Iterable[int]) -> dict[int, GradeFacts]:
    """The final marks, written-work averages and journal/notebook disagreements of the candidates, in
    four queries whatever their number: the costly part of the rules, read from the marks alone."""
    ids = list(candidate_ids)
    found = {pk: GradeFacts() for pk in ids}
    if not ids:
        return found
    period_marks: dict[int, list[PeriodMark]] = defaultdict(list)
    # The periods ``final_marks`` reads, named: the (candidate, source, period) index then finds them
    # among the candidates' hundreds of marks each, where «period is not empty» read every one (region
    # scale: 70 ms against 18).
    rows = Grade.objects.filter(
        CURRENT_GRADES, candidate_id__any_of=ids, source=Source.JOURNAL, period__in=FINAL_MARK_PERIODS
    ).values_list("candidate_id", "subject__name", "academic_year", "period", "value")
    for candidate_id, subject, year, period, value in rows:
        period_marks[candidate_id].append(PeriodMark(subject, year, period, value))
    for candidate_id, marks in period_marks.items():
        found[candidate_id].finals = final_marks(marks=marks)
    averages = (
        Grade.objects.filter(
            CURRENT_GRADES, candidate_id__any_of=ids, source=Source.JOURNAL, work_kind__in=WRITTEN_WORKS
        )
        .exclude(value=None)
        .values("candidate_id", "subject__name")
        .annotate(average=Avg("value"))
    )
    for row in averages:
        found[row["candidate_id"]].written_averages[row["subject__name"]] = float(row["average"])
    for d in grade_disagreements(candidate_ids=ids):
        found[d.candidate_id].disagreements.append(d)
    return found


def candidate_assessments(
    *, candidates: Iterable[Candidate], facts: Mapping[int, GradeFacts] | None = None
) -> dict[int, CandidateAssessment]:
    """Every rule for every candidate given, in a fixed number of queries whatever their number.
    ``facts``: the candidates' ``grade_facts`` when the caller has them (``medals.risk_cache``)."""
    found = {c.pk: CandidateAssessment(candidate=c) for c in candidates}
    if not found:
        return found
    ids = list(found)
    if facts is None:
        facts = grade_facts(candidate_ids=ids)
    for pk, assessment in found.items():
        known = facts[pk]
        assessment.finals = known.finals
        assessment.written_averages = known.written_averages
        assessment.disagreements = known.disagreements
    done = Recheck.objects.filter(candidate_id__any_of=ids, status=Recheck.Status.DONE).exclude(
        Q(recheck_value=None) | Q(original_value=None)
    )
    for r in done.values("candidate_id", "subject__name", "work_date", "original_value", "recheck_value"):
        found[r["candidate_id"]].outcomes.append(
            RecheckOutcome(r["subject__name"], r["work_date"], r["original_value"], r["recheck_value"])
        )
    pupil_to_candidate = defaultdict(list)
    for assessment in found.values():
        pupil_to_candidate[assessment.candidate.pupil_id].append(assessment)
    for pupil_id, scores in pupil_exam_scores(pupil_ids=list(pupil_to_candidate)).items():
        for assessment in pupil_to_candidate.get(pupil_id, []):
            assessment.scores = list(scores)
    return found


# --- teachers ----------------------------------------------------------------------------------------


@dataclass
class TeacherRisk:
    school: School
    teacher: str
    rechecked: int = 0
    lowered: int = 0
    disagreements: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[RiskReason]:
        found = []
        if self.lowered:
            found.append(
                RiskReason(
                    "teacher_lowered",
                    "Перепроверка понизила отметки",
                    f"Понижено {self.lowered} из {self.rechecked} перепроверенных работ.",
                )
            )
        if self.disagreements:
            found.append(
                RiskReason(
                    "teacher_disagreements",
                    "Журнал и тетради расходятся",
                    f"Расхождений журнала и тетрадей: {self.disagreements}. {_examples(self.examples)}.",
                )
            )
        return found


def teacher_risks(*, candidate_ids: Iterable[int]) -> list[TeacherRisk]:
    """Teachers whose marks re-checks lowered or whose journal and notebooks disagree, worst first."""
    ids = list(candidate_ids)
    candidates = Candidate.objects.filter(pk__in=ids).select_related("school")
    schools = {c.pk: c.school for c in candidates}
    found: dict[tuple[int, str], TeacherRisk] = {}

    def row(candidate_id: int, teacher: str) -> TeacherRisk:
        school = schools[candidate_id]
        key = (school.pk, teacher.strip() or "не указан")
        if key not in found:
            found[key] = TeacherRisk(school=school, teacher=key[1])
        return found[key]

    rechecks = (
        Recheck.objects.filter(candidate_id__any_of=ids, status=Recheck.Status.DONE)
        .exclude(Q(recheck_value=None) | Q(original_value=None))
        .values_list("candidate_id", "teacher", "original_value", "recheck_value")
    )
    for candidate_id, teacher, original, rechecked in rechecks:
        r = row(candidate_id, teacher)
        r.rechecked += 1
        r.lowered += int(rechecked < original)
    for d in grade_disagreements(candidate_ids=ids):
        r = row(d.candidate_id, d.teacher)
        r.disagreements += 1
        r.examples.append(
            f"{d.subject} {_d(d.date)}: журнал {d.journal or 'нет отметки'}, тетрадь {d.notebook}"
        )
    risky = [r for r in found.values() if r.lowered or r.disagreements]
    return sorted(risky, key=lambda r: (-(r.lowered + r.disagreements), r.school.short_name, r.teacher))


# --- schools -----------------------------------------------------------------------------------------


def benchmark_for(*, year: int) -> MedalBenchmark | None:
    """The latest national reference known for ``year``: an earlier year stands in for one not published."""
    return (
        MedalBenchmark.objects.filter(year__lte=year).order_by("-year").first()
        or MedalBenchmark.objects.order_by("year").first()
    )


def school_risk_reasons(
    *,
    share: float | None,
    benchmark: MedalBenchmark | None,
    medalists_last_year: int,
    medalists_last_year_ege_below_70: int,
    candidates_at_risk: int,
) -> list[RiskReason]:
    found = []
    if share is not None and benchmark is not None and Decimal(str(share * 100)) > benchmark.national_share:
        found.append(
            RiskReason(
                "school_share",
                "Доля претендентов выше средней по России",
                f"Претенденты — {_pct(share * 100)}% выпускников, по России медалистов "
                f"{_pct(benchmark.national_share)}% ({benchmark.year} г.).",
            )
        )
    if medalists_last_year and benchmark is not None:
        below = 100 * medalists_last_year_ege_below_70 / medalists_last_year
        if Decimal(str(below)) > benchmark.ege_below_70_limit:
            found.append(
                RiskReason(
                    "school_below_70",
                    "Медалисты прошлого года с ЕГЭ ниже 70",
                    f"{medalists_last_year_ege_below_70} из {medalists_last_year} медалистов прошлого года "
                    f"набрали менее 70 баллов хотя бы по одному предмету ({below:.0f}%).",
                )
            )
    if candidates_at_risk:
        found.append(
            RiskReason(
                "school_candidates",
                "Есть претенденты группы риска",
                f"Претендентов с признаками риска: {candidates_at_risk}.",
            )
        )
    return found
