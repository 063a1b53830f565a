"""Who may receive a medal «За особые успехи в учении» under Приказ Минпросвещения № 730 of 29.09.2023.

The thresholds live in ``MEDAL_RULES`` and nowhere else; pages show this table to the department.

- I степени: final marks «отлично» in every subject; ЕГЭ at least 70 points in Russian and at least 70 in
  one more subject, or «5» in base-level mathematics.
- II степени: final marks «отлично» with at most two «хорошо»; ЕГЭ at least 60 points in Russian and at
  least 60 in one more subject, or «5» in base-level mathematics.
- A graduate who takes ГВЭ instead of ЕГЭ: for either degree, ГВЭ marks «5» in Russian and in mathematics
  (the same final marks as above).

After graduation the issued medals are checked against the ЕГЭ (``issued_medal_check``): a gold medalist
below 70 in Russian or in the second subject, a silver one below 60, is a finding for the department.

A final mark (итоговая отметка) is the «итоговая» mark when the journal has one; otherwise the mean of
the half-year and year marks of grades 10 and 11 (quarter marks when there are no half-years), rounded
half up, as the certificate is filled in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from assessments.scales import MEDAL_EGE_MIN

RUSSIAN = "Русский язык"
BASE_MATH = "Математика (базовая)"


@dataclass(frozen=True)
class MedalRule:
    degree: int
    title: str
    max_good_marks: int  # how many final «хорошо» are allowed; every other final mark is «отлично»
    russian_min: int  # ЕГЭ points in Russian
    other_min: int  # ЕГЭ points in one more subject
    base_math_mark: int  # or this mark in base-level mathematics instead of the other subject
    gve_mark: int  # ГВЭ instead of ЕГЭ: this mark in every subject of GVE_SUBJECTS


MEDAL_RULES: tuple[MedalRule, ...] = (
    MedalRule(
        1,
        "Медаль I степени",
        max_good_marks=0,
        russian_min=MEDAL_EGE_MIN[1],
        other_min=MEDAL_EGE_MIN[1],
        base_math_mark=5,
        gve_mark=5,
    ),
    MedalRule(
        2,
        "Медаль II степени",
        max_good_marks=2,
        russian_min=MEDAL_EGE_MIN[2],
        other_min=MEDAL_EGE_MIN[2],
        base_math_mark=5,
        gve_mark=5,
    ),
)

# The form of the state exam a graduate takes: its code, as the register and the JSON name it.
EGE, GVE = "ЕГЭ", "ГВЭ"
MATH = "Математика"
GVE_SUBJECTS = (RUSSIAN, MATH)  # ГВЭ marks the medal rule reads
# Seed 000, item 1: «доля медалистов прошлого года с результатом ЕГЭ ниже 70».
MEDALIST_EGE_MIN = MEDAL_EGE_MIN[1]

# ЕГЭ in base-level mathematics gives a mark, not points: primary score → mark (scale of 2024).
BASE_MATH_MARK_FROM_PRIMARY: tuple[tuple[int, int], ...] = ((17, 5), (12, 4), (7, 3))

HALF_YEAR_PERIODS = ("h1", "h2", "year")
QUARTER_PERIODS = ("q1", "q2", "q3", "q4", "year")
# Every period ``final_marks`` looks at: marks of any other period change no final mark.
FINAL_MARK_PERIODS = ("final", *dict.fromkeys(HALF_YEAR_PERIODS + QUARTER_PERIODS))


# The risk page asks for a candidate's rule a few times per rule it runs (region scale: 14 000 times a
# page): a dict, not a search through MEDAL_RULES comparing enum members.
_RULES_BY_DEGREE = {int(rule.degree): rule for rule in MEDAL_RULES}


def rule_for(degree: int) -> MedalRule:
    """The rule of a medal degree; KeyError for a degree no rule has (the model's choices allow none)."""
    return _RULES_BY_DEGREE[int(degree)]


class SubjectLike(Protocol):
    name: str


class ExamScoreLike(Protocol):
    """What ``assessments.results.ExamScore`` carries; the rules need nothing more."""

    kind: str  # "ege" | "mock"
    subject: SubjectLike
    score_100: int | None
    primary_score: int | None
    date: date | None
    round: str


@dataclass(frozen=True)
class PeriodMark:
    subject: str
    academic_year: int
    period: str
    value: int | None


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def final_marks(*, marks: Iterable[PeriodMark]) -> dict[str, int]:
    """The final mark of every subject that has a numeric period mark (a subject with only «зач» has none)."""
    finals: dict[str, tuple[int, int]] = {}
    by_period: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for mark in marks:
        if mark.value is None:
            continue
        if mark.period == "final":
            # A later school year's «итоговая» wins: grade 11 closes what grade 10 began.
            if mark.subject not in finals or finals[mark.subject][0] <= mark.academic_year:
                finals[mark.subject] = (mark.academic_year, mark.value)
        else:
            by_period[mark.subject][mark.period].append(mark.value)
    result = {subject: value for subject, (_, value) in finals.items()}
    for subject, periods in by_period.items():
        if subject in result:
            continue
        values = [v for p in HALF_YEAR_PERIODS for v in periods.get(p, [])]
        if not any(p in periods for p in ("h1", "h2")):
            values = [v for p in QUARTER_PERIODS for v in periods.get(p, [])]
        if values:
            result[subject] = round_half_up(sum(values) / len(values))
    return result


def base_math_mark(primary_score: int | None) -> int | None:
    if primary_score is None:
        return None
    for minimum, mark in BASE_MATH_MARK_FROM_PRIMARY:
        if primary_score >= minimum:
            return mark
    return 2


@dataclass(frozen=True)
class DegreeCheck:
    rule: MedalRule
    marks_ok: bool | None  # None: no final marks yet
    exams_ok: bool | None  # None: the ЕГЭ results needed are not known yet
    mark_notes: tuple[str, ...]  # what ``check_marks`` said
    exam_notes: tuple[str, ...]  # what ``check_exams`` (or ``check_gve``) said

    @property
    def notes(self) -> tuple[str, ...]:
        return (*self.mark_notes, *self.exam_notes)

    @property
    def eligible(self) -> bool | None:
        if self.marks_ok is False or self.exams_ok is False:
            return False
        if self.marks_ok and self.exams_ok:
            return True
        return None

    @property
    def verdict(self) -> str:
        return {True: "соответствует", False: "не соответствует", None: "пока не ясно"}[self.eligible]


def _plural_marks(count: int) -> str:
    return f"{count} предмет" + ("у" if count % 10 == 1 and count % 100 != 11 else "ам")


def check_marks(*, rule: MedalRule, finals: Mapping[str, int]) -> tuple[bool | None, list[str]]:
    if not finals:
        return None, ["итоговых отметок ещё нет"]
    low, good = [], []  # one pass over the marks (a municipality's file checks 600 candidates twice)
    for subject, value in finals.items():
        if value < 4:
            low.append(subject)
        elif value == 4:
            good.append(subject)
    low.sort()
    good.sort()
    notes = []
    if low:
        notes.append(f"отметка ниже «4» по {_plural_marks(len(low))}: {', '.join(low)}")
    if len(good) > rule.max_good_marks:
        allowed = (
            "ни одной не допускается"
            if rule.max_good_marks == 0
            else f"допускается не более {rule.max_good_marks}"
        )
        notes.append(f"«4» по {_plural_marks(len(good))} ({', '.join(good)}), {allowed}")
    return not notes, notes


def best_ege(scores: Iterable[ExamScoreLike]) -> tuple[dict[str, int], int | None]:
    """The best ЕГЭ points by subject (a retake counts at its best) and the base-level mathematics mark."""
    points: dict[str, int] = {}
    base_mark: int | None = None
    for score in scores:
        if score.kind != "ege":
            continue
        name = score.subject.name
        if name == BASE_MATH:
            mark = base_math_mark(score.primary_score)
            if mark is not None and (base_mark is None or mark > base_mark):
                base_mark = mark
        elif score.score_100 is not None:
            points[name] = max(points.get(name, 0), score.score_100)
    return points, base_mark


def check_exams(*, rule: MedalRule, scores: Sequence[ExamScoreLike]) -> tuple[bool | None, list[str]]:
    points, base_mark = best_ege(scores)
    if not points and base_mark is None:
        return None, ["результатов ЕГЭ ещё нет"]
    notes = []
    russian = points.get(RUSSIAN)
    if russian is None:
        russian_ok = None
        notes.append("нет результата ЕГЭ по русскому языку")
    else:
        russian_ok = russian >= rule.russian_min
        if not russian_ok:
            notes.append(f"ЕГЭ по русскому языку {russian} б., нужно не менее {rule.russian_min}")
    others = {s: p for s, p in points.items() if s != RUSSIAN}
    if any(p >= rule.other_min for p in others.values()) or (
        base_mark is not None and base_mark >= rule.base_math_mark
    ):
        other_ok: bool | None = True
    elif not others and base_mark is None:
        other_ok = None
        notes.append("нет результатов ЕГЭ по другим предметам")
    else:
        other_ok = False
        shown = [f"{s} {p} б." for s, p in sorted(others.items())]
        if base_mark is not None:
            shown.append(f"{BASE_MATH} «{base_mark}»")
        notes.append(
            f"ни по одному предмету, кроме русского языка, нет {rule.other_min} баллов "
            f"или «{rule.base_math_mark}» по базовой математике ({', '.join(shown)})"
        )
    if russian_ok is False or other_ok is False:
        return False, notes
    if russian_ok and other_ok:
        return True, notes
    return None, notes


def check_degree(
    *, rule: MedalRule, finals: Mapping[str, int], scores: Sequence[ExamScoreLike]
) -> DegreeCheck:
    marks_ok, mark_notes = check_marks(rule=rule, finals=finals)
    exams_ok, exam_notes = check_exams(rule=rule, scores=scores)
    return DegreeCheck(
        rule=rule,
        marks_ok=marks_ok,
        exams_ok=exams_ok,
        mark_notes=tuple(mark_notes),
        exam_notes=tuple(exam_notes),
    )


def check_gve(*, rule: MedalRule, gve_marks: Mapping[str, int | None]) -> tuple[bool | None, list[str]]:
    """The ГВЭ rule: «5» (``rule.gve_mark``) in Russian and in mathematics."""
    notes = []
    missing = [s for s in GVE_SUBJECTS if gve_marks.get(s) is None]
    low = [s for s in GVE_SUBJECTS if gve_marks.get(s) is not None and gve_marks[s] < rule.gve_mark]
    for subject in low:
        notes.append(f"ГВЭ: {subject.lower()} «{gve_marks[subject]}», нужно «{rule.gve_mark}»")
    for subject in missing:
        notes.append(f"нет отметки ГВЭ: {subject.lower()}")
    if low:
        return False, notes
    if missing:
        return None, notes
    return True, notes


def medal_eligibility(
    *,
    finals: Mapping[str, int],
    scores: Sequence[ExamScoreLike],
    exam: str = EGE,
    gve_marks: Mapping[str, int | None] | None = None,
    rules: Sequence[MedalRule] = MEDAL_RULES,
) -> tuple[DegreeCheck, ...]:
    """The check of every degree (``rules``), I степени first; ``exam`` ГВЭ judges by the ГВЭ marks
    instead of ЕГЭ."""
    if exam != GVE:
        return tuple(check_degree(rule=rule, finals=finals, scores=scores) for rule in rules)
    checks = []
    for rule in rules:
        marks_ok, mark_notes = check_marks(rule=rule, finals=finals)
        exams_ok, exam_notes = check_gve(rule=rule, gve_marks=gve_marks or {})
        checks.append(
            DegreeCheck(
                rule=rule,
                marks_ok=marks_ok,
                exams_ok=exams_ok,
                mark_notes=tuple(mark_notes),
                exam_notes=tuple(exam_notes),
            )
        )
    return tuple(checks)


def eligible_degree(checks: Sequence[DegreeCheck]) -> int | None:
    """The highest degree the checks grant, None when none does (or it is not clear yet)."""
    return next((c.rule.degree for c in checks if c.eligible is True), None)


def issued_medal_check(*, degree: int, scores: Sequence[ExamScoreLike]) -> list[str]:
    """What is wrong with a medal issued against the ЕГЭ: gold below 70 in Russian or the second subject,
    silver below 60. Empty when the ЕГЭ confirm it or there are no ЕГЭ results to judge by."""
    ok, notes = check_exams(rule=rule_for(degree), scores=scores)
    return notes if ok is False else []


def ege_below_medalist_min(scores: Sequence[ExamScoreLike]) -> bool:
    """Seed 000 item 1: a medalist whose ЕГЭ in Russian or in the second subject fell below 70."""
    rule = replace(rule_for(1), russian_min=MEDALIST_EGE_MIN, other_min=MEDALIST_EGE_MIN)
    ok, _ = check_exams(rule=rule, scores=scores)
    return ok is False
