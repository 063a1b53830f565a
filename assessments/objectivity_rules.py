"""The named signals of biased ВПР grading: the row a rule reads, the thresholds as numbers, and the rules.

Each flag is a named rule that shows its numbers; the thresholds are data (ObjectivityThresholds), read once
into ``Limits``. ``assessments.objectivity`` gathers the figures and applies these rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import mean

from schools.models import School

from .models import ObjectivityThresholds, Subject

MARKS = (2, 3, 4, 5)
BASIC, HIGHER = "Б", "П"


@dataclass(frozen=True)
class Flag:
    rule: str
    name: str
    text: str

    def __str__(self) -> str:
        return f"{self.name}: {self.text}"


@dataclass(frozen=True)
class TaskRate:
    number: str
    level: str
    max: int
    rate: float
    municipal_rate: float
    mastered: bool


@dataclass
class ObjectivityRow:
    school: School
    subject: Subject
    grade: int
    test_id: int
    participants: int
    compared: int
    lowered: float
    confirmed: float
    raised: float
    mean_mark: float | None
    municipal_mean_mark: float | None
    mean_primary: float | None
    max_score: int
    high_marks_share: float
    flags: list[Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    vpr_marks: dict[int, int] = field(default_factory=dict)
    journal_marks: dict[int, int] = field(default_factory=dict)
    histogram: list[int] = field(default_factory=list)
    boundaries: dict[int, int] = field(default_factory=dict)
    task_rates: list[TaskRate] = field(default_factory=list)

    @property
    def in_risk_group(self) -> bool:
        return bool(self.flags)

    def as_json(self) -> dict:
        return {
            "school": self.school.code,
            "subject": self.subject.name,
            "grade": self.grade,
            "participants": self.participants,
            "lowered": round(self.lowered, 3),
            "confirmed": round(self.confirmed, 3),
            "raised": round(self.raised, 3),
            "flags": [str(flag) for flag in self.flags],
        }


@dataclass(frozen=True)
class Limits:
    """The thresholds as plain numbers, read once from the municipality's row (or its defaults)."""

    min_participants: int
    raised_share: float
    lowered_share: float
    high_marks_share: float
    low_primary_ratio: float
    histogram_min_participants: int
    peak_factor: float
    peak_min_count: int
    task_gap: float
    mark_gap: float
    region_mark_gap: float
    basic_mastery: float
    higher_mastery: float

    @classmethod
    def of(cls, thresholds: ObjectivityThresholds) -> Limits:
        counts = {"min_participants", "histogram_min_participants", "peak_min_count"}
        return cls(
            **{
                name: (int if name in counts else float)(getattr(thresholds, name))
                for name in cls.__dataclass_fields__
            }
        )


def pct(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


# --- the pieces every row needs ---------------------------------------------------------------------


def mark_shares(pairs: Iterable[tuple[int, int | None]]) -> tuple[int, float, float, float]:
    """(compared, lowered, confirmed, raised) from (ВПР mark, journal mark) pairs.

    Pairs without a journal mark are not compared; the shares are of the compared ones.
    """
    compared = [(vpr, journal) for vpr, journal in pairs if journal is not None]
    lowered = sum(1 for vpr, journal in compared if vpr < journal)
    raised = sum(1 for vpr, journal in compared if vpr > journal)
    return len(compared), *shares_of_counts(compared=len(compared), lowered=lowered, raised=raised)


def shares_of_counts(*, compared: int, lowered: int, raised: int) -> tuple[float, float, float]:
    """(lowered, confirmed, raised) as shares of the participants compared; zeros when none were."""
    if not compared:
        return 0.0, 0.0, 0.0
    return lowered / compared, (compared - lowered - raised) / compared, raised / compared


def mark_boundaries(pairs: Iterable[tuple[int, int]]) -> dict[int, int] | None:
    """Mark → the lowest primary score that earns it, read from the (score, mark) pairs of the file."""
    return boundaries_of_counts(Counter(pairs))


def boundaries_of_counts(counts: Mapping[tuple[int, int], int]) -> dict[int, int] | None:
    """Mark → the lowest primary score that earns it, from the number of participants of each (score, mark).

    The modal mark of each score is used, so a few odd pairs do not move a boundary (of tied marks, the
    lowest that does not fall below the previous score's); None when the modal marks do not rise with the
    score (the file's own pairs contradict each other).
    """
    by_score: dict[int, dict[int, int]] = defaultdict(dict)
    for (score, mark), n in counts.items():
        by_score[score][mark] = n
    previous = 0
    boundaries: dict[int, int] = {}
    for score in sorted(by_score):
        top = max(by_score[score].values())
        tied = sorted(mark for mark, n in by_score[score].items() if n == top)
        mark = next((m for m in tied if m >= previous), tied[-1])
        if mark < previous:
            return None
        if mark > previous and mark in (3, 4, 5):
            boundaries[mark] = score
        previous = mark
    return boundaries


def level_rates(tasks: list[dict], earned: list[int], participants: int) -> dict[str, float | None]:
    """Points earned over points possible, separately for «Б» and «П» tasks; earned[i] is task i's sum."""
    rates: dict[str, float | None] = {}
    for level in (BASIC, HIGHER):
        indexes = [i for i, task in enumerate(tasks) if task["level"] == level]
        possible = sum(tasks[i]["max"] for i in indexes) * participants
        rates[level] = sum(earned[i] for i in indexes) / possible if possible else None
    return rates


def task_rates(tasks: list[dict], earned: list[int], participants: int) -> list[float]:
    rates = []
    for task, points in zip(tasks, earned, strict=True):
        possible = task["max"] * participants
        rates.append(points / possible if possible else 0.0)
    return rates


# --- the rules ----------------------------------------------------------------------------------------


def _rule_shares(row: ObjectivityRow, limits: Limits) -> list[Flag]:
    if row.compared < limits.min_participants:
        return []
    flags = []
    raised_n = round(row.raised * row.compared)
    lowered_n = round(row.lowered * row.compared)
    if row.raised > limits.raised_share:
        flags.append(
            Flag(
                "raised",
                "Повысили отметку",
                f"{pct(row.raised)} участников ({raised_n} из {row.compared}) получили на ВПР отметку выше "
                f"журнальной; порог {pct(limits.raised_share)}",
            )
        )
    if row.lowered > limits.lowered_share:
        flags.append(
            Flag(
                "lowered",
                "Понизили отметку",
                f"{pct(row.lowered)} участников ({lowered_n} из {row.compared}) получили на ВПР отметку ниже "
                f"журнальной; порог {pct(limits.lowered_share)}",
            )
        )
    return flags


def _rule_high_marks_low_score(row: ObjectivityRow, limits: Limits) -> list[Flag]:
    if row.participants < limits.min_participants or row.mean_primary is None or not row.max_score:
        return []
    ratio = row.mean_primary / row.max_score
    if row.high_marks_share >= limits.high_marks_share and ratio < limits.low_primary_ratio:
        return [
            Flag(
                "high_marks_low_score",
                "Много «4» и «5» при низком балле",
                f"доля «4» и «5» {pct(row.high_marks_share)} (порог {pct(limits.high_marks_share)}), "
                f"а средний первичный балл {num(row.mean_primary, 1)} из {row.max_score} — "
                f"{pct(ratio)} максимума (порог {pct(limits.low_primary_ratio)})",
            )
        ]
    return []


def _rule_boundary_peaks(row: ObjectivityRow, limits: Limits) -> list[Flag]:
    if row.participants < limits.histogram_min_participants:
        row.notes.append(
            f"Пики на границах отметок не оцениваются: участников {row.participants}, "
            f"а гистограмма что-то значит от {limits.histogram_min_participants}."
        )
        return []
    if not row.boundaries:
        row.notes.append(
            "Границы отметок по парам «балл — отметка» файла не определяются: пики не оцениваются."
        )
        return []
    counts = row.histogram
    found = []
    for mark, boundary in sorted(row.boundaries.items()):
        here = counts[boundary] if boundary < len(counts) else 0
        around = [counts[s] for s in (boundary - 1, boundary + 1) if 0 <= s < len(counts)]
        nearby = mean(around) if around else 0.0
        if here >= limits.peak_min_count and here >= limits.peak_factor * nearby:
            found.append(
                f"на границе «{mark}» ({boundary} б.) {here} участников, рядом в среднем {num(nearby, 1)}"
            )
    if not found:
        return []
    return [
        Flag(
            "boundary_peaks",
            "Пики на границах отметок",
            "; ".join(found) + f" (порог: в {num(limits.peak_factor, 1)} раза больше соседей "
            f"и не меньше {limits.peak_min_count})",
        )
    ]


def _rule_easy_worse_hard_better(
    row: ObjectivityRow, limits: Limits, school: dict[str, float | None], municipal: dict[str, float | None]
) -> list[Flag]:
    if row.participants < limits.min_participants:
        return []
    sb, sp, mb, mp = school[BASIC], school[HIGHER], municipal[BASIC], municipal[HIGHER]
    if None in (sb, sp, mb, mp):
        return []
    if sb <= mb - limits.task_gap and sp >= mp + limits.task_gap:
        return [
            Flag(
                "easy_worse_hard_better",
                "Базовые задания хуже, сложные лучше",
                f"задания «Б» выполнены на {pct(sb)} против {pct(mb)} по муниципалитету, задания «П» — на "
                f"{pct(sp)} против {pct(mp)}; порог разрыва {pct(limits.task_gap)}",
            )
        ]
    return []


@dataclass(frozen=True)
class Backing:
    """The exam a ВПР row is checked against: ОГЭ for grades up to 9 (the exam at the end of basic school)
    when the school has ОГЭ results in the subject, ЕГЭ otherwise (and always for grades 10 and 11).
    ``school`` and ``municipal`` are means of the same and the previous year: of marks for ОГЭ, of test
    scores for ЕГЭ; None when the school (or the municipality) has no results of that exam."""

    exam: str  # "ОГЭ" | "ЕГЭ"
    school: float | None
    municipal: float | None
    wanted: str = ""  # the exams looked for, for the note when there is none: «ОГЭ и ЕГЭ»

    @property
    def rule(self) -> str:
        return "not_backed_by_oge" if self.exam == "ОГЭ" else "not_backed_by_ege"

    @property
    def missing(self) -> bool:
        return self.school is None or self.municipal is None

    @property
    def confirms(self) -> bool:
        return not self.missing and self.school > self.municipal

    def text(self) -> str:
        if self.exam == "ОГЭ":
            return f"средняя отметка ОГЭ школы {num(self.school)} не выше муниципальной {num(self.municipal)}"
        return f"средний балл ЕГЭ школы {num(self.school, 1)} не выше муниципального {num(self.municipal, 1)}"

    def none_text(self) -> str:
        return f"результатов {self.wanted or self.exam} школы по предмету нет: сравнить не с чем."


def _gap_over(row: ObjectivityRow, limits: Limits, reference: float | None, threshold: float) -> float | None:
    """How far the school's mean mark is above ``reference``, when by ``threshold`` or more and enough
    pupils took part; None otherwise."""
    if row.participants < limits.min_participants or row.mean_mark is None or reference is None:
        return None
    gap = row.mean_mark - reference
    return gap if gap >= threshold else None


def _not_backed(row: ObjectivityRow, backing: Backing, above: str) -> bool:
    """Whether ОГЭ/ЕГЭ fail to back a mean mark above its reference (``above`` says how much); when the
    school has none to compare with, a note on the row says so instead."""
    if backing.missing:
        row.notes.append(f"{above}, но {backing.none_text()}")
        return False
    return not backing.confirms


def _rule_not_backed(row: ObjectivityRow, limits: Limits, backing: Backing) -> list[Flag]:
    gap = _gap_over(row, limits, row.municipal_mean_mark, limits.mark_gap)
    if gap is None or not _not_backed(row, backing, f"Средняя отметка выше муниципальной на {num(gap)}"):
        return []
    return [
        Flag(
            backing.rule,
            f"Средняя отметка не подтверждается {backing.exam}",
            f"средняя отметка {num(row.mean_mark)} против {num(row.municipal_mean_mark)} по муниципалитету "
            f"(+{num(gap)}, порог {num(limits.mark_gap)}), а {backing.text()}",
        )
    ]


SELECTIVE_KINDS = (School.Kind.LYCEUM, School.Kind.GYMNASIUM)


def _rule_above_region(
    row: ObjectivityRow, limits: Limits, region: tuple[float, str] | None, backing: Backing
) -> list[Flag]:
    """Above the region's mean mark by the region's own gap, not backed by ОГЭ/ЕГЭ, and not a лицей or
    гимназия (which choose their pupils, so a high mean is expected there)."""
    gap = _gap_over(row, limits, region[0] if region else None, limits.region_mark_gap)
    if gap is None:
        return []
    region_mean, region_name = region
    above = f"Средняя отметка {num(row.mean_mark)} выше региональной {num(region_mean)} на {num(gap)}"
    if row.school.kind in SELECTIVE_KINDS:
        row.notes.append(
            f"{above}, но школа — {row.school.get_kind_display()}: "
            "она отбирает учащихся, признак не ставится."
        )
        return []
    if not _not_backed(row, backing, above):
        return []
    return [
        Flag(
            "above_region_not_backed",
            f"Выше региона, не подтверждается {backing.exam}",
            f"средняя отметка {num(row.mean_mark)} против {num(region_mean)} по региону ({region_name}; "
            f"+{num(gap)}, порог {num(limits.region_mark_gap)}), а {backing.text()}; "
            f"школа — {row.school.get_kind_display()}",
        )
    ]
