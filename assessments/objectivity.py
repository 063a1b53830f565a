"""Objectivity of ВПР results: ВПР marks against journal marks, and the named signals of biased grading.

For each school, subject and grade: the shares of participants whose ВПР mark is below («понизили»),
equal to («подтвердили») and above («повысили») their journal mark, the school's and the municipality's
mean marks, per-task success by level, and flags. Each flag is a named rule that shows its numbers; the
thresholds are data (ObjectivityThresholds), edited on a page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

from schools.models import Municipality, School

from .models import EgeResult, ObjectivityThresholds, Subject, VprResult, VprTest

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


def thresholds_for(municipality: Municipality) -> ObjectivityThresholds:
    """The municipality's thresholds; the defaults (unsaved) until someone edits them."""
    found = ObjectivityThresholds.objects.filter(municipality=municipality).first()
    return found or ObjectivityThresholds(municipality=municipality)


def pct(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


# --- the pieces every row needs ---------------------------------------------------------------------


def mark_shares(pairs: Iterable[tuple[int, int | None]]) -> tuple[int, float, float, float]:
    """(compared, lowered, confirmed, raised) from (ВПР mark, journal mark) pairs.

    Pairs without a journal mark are not compared; the shares are of the compared ones.
    """
    compared = lowered = raised = confirmed = 0
    for vpr, journal in pairs:
        if journal is None:
            continue
        compared += 1
        if vpr < journal:
            lowered += 1
        elif vpr > journal:
            raised += 1
        else:
            confirmed += 1
    if not compared:
        return 0, 0.0, 0.0, 0.0
    return compared, lowered / compared, confirmed / compared, raised / compared


def mark_boundaries(pairs: Iterable[tuple[int, int]]) -> dict[int, int] | None:
    """Mark → the lowest primary score that earns it, read from the (score, mark) pairs of the file.

    The modal mark of each score is used, so a few odd pairs do not move a boundary; None when the modal
    marks do not rise with the score (the file's own pairs contradict each other).
    """
    by_score: dict[int, Counter] = defaultdict(Counter)
    for score, mark in pairs:
        by_score[score][mark] += 1
    modal = {score: counts.most_common(1)[0][0] for score, counts in by_score.items()}
    previous = 0
    boundaries: dict[int, int] = {}
    for score in sorted(modal):
        mark = modal[score]
        if mark < previous:
            return None
        if mark > previous and mark in (3, 4, 5):
            boundaries[mark] = score
        previous = max(previous, mark)
    return boundaries


def level_rates(tasks: list[dict], scores: list[list[int | None]]) -> dict[str, float | None]:
    """Points earned over points possible, separately for «Б» and «П» tasks."""
    rates: dict[str, float | None] = {}
    for level in (BASIC, HIGHER):
        indexes = [i for i, task in enumerate(tasks) if task["level"] == level]
        possible = sum(tasks[i]["max"] for i in indexes) * len(scores)
        earned = sum((row[i] or 0) for row in scores for i in indexes if i < len(row))
        rates[level] = earned / possible if possible else None
    return rates


def task_rates(tasks: list[dict], scores: list[list[int | None]]) -> list[float]:
    rates = []
    for i, task in enumerate(tasks):
        possible = task["max"] * len(scores)
        earned = sum((row[i] or 0) for row in scores if i < len(row))
        rates.append(earned / possible if possible else 0.0)
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


def _rule_not_backed_by_ege(
    row: ObjectivityRow, limits: Limits, ege_school: float | None, ege_municipal: float | None
) -> list[Flag]:
    if row.participants < limits.min_participants or row.mean_mark is None or row.municipal_mean_mark is None:
        return []
    gap = row.mean_mark - row.municipal_mean_mark
    if gap < limits.mark_gap:
        return []
    if ege_school is None or ege_municipal is None:
        row.notes.append(
            f"Средняя отметка выше муниципальной на {num(gap)}, но результатов ЕГЭ школы по предмету нет: "
            "сравнить не с чем."
        )
        return []
    if ege_school > ege_municipal:
        return []
    return [
        Flag(
            "not_backed_by_ege",
            "Средняя отметка не подтверждается ЕГЭ",
            f"средняя отметка {num(row.mean_mark)} против {num(row.municipal_mean_mark)} по муниципалитету "
            f"(+{num(gap)}, порог {num(limits.mark_gap)}), а средний балл ЕГЭ школы {num(ege_school, 1)} "
            f"не выше муниципального {num(ege_municipal, 1)}",
        )
    ]


# --- rows ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalSummary:
    test: VprTest
    participants: int
    lowered: float
    confirmed: float
    raised: float
    mean_mark: float | None
    boundaries: dict[int, int] | None


def _ege_means(
    municipality: Municipality, year: int
) -> tuple[dict[tuple[int, int], float], dict[int, float]]:
    """ЕГЭ of the same and the previous year: (school, subject) → mean, and subject → municipal mean."""
    by_school: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_subject: dict[int, list[int]] = defaultdict(list)
    for school_id, subject_id, score in EgeResult.objects.filter(
        pupil__school__municipality=municipality, year__in=[year - 1, year]
    ).values_list("pupil__school_id", "subject_id", "score_100"):
        by_school[(school_id, subject_id)].append(score)
        by_subject[subject_id].append(score)
    return (
        {key: mean(values) for key, values in by_school.items()},
        {key: mean(values) for key, values in by_subject.items()},
    )


def objectivity_analysis(
    *,
    municipality: Municipality,
    year: int,
    schools: Iterable[School] | None = None,
    subject: Subject | None = None,
    grade: int | None = None,
) -> tuple[list[ObjectivityRow], list[MunicipalSummary]]:
    """Rows for the schools asked for (all of the municipality by default) and the municipal summaries.

    Municipal figures always come from every school of the municipality, whoever asks.
    """
    limits = Limits.of(thresholds_for(municipality))
    tests = VprTest.objects.filter(municipality=municipality, year=year).select_related("subject")
    if subject is not None:
        tests = tests.filter(subject=subject)
    if grade is not None:
        tests = tests.filter(grade=grade)
    tests = list(tests)
    school_map = {s.pk: s for s in (schools if schools is not None else municipality.schools.all())}
    results: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in VprResult.objects.filter(test__in=tests).values_list(
        "test_id", "school_id", "mark", "journal_mark", "primary_score", "task_scores"
    ):
        results[row[0]][row[1]].append(row[2:])
    ege_school, ege_municipal = _ege_means(municipality, year)

    rows: list[ObjectivityRow] = []
    summaries: list[MunicipalSummary] = []
    for test in tests:
        everyone = [r for school_rows in results[test.pk].values() for r in school_rows]
        if not everyone:
            continue
        _, lowered, confirmed, raised = mark_shares((r[0], r[1]) for r in everyone)
        municipal_mean = mean(r[0] for r in everyone)
        boundaries = mark_boundaries((r[2], r[0]) for r in everyone)
        summaries.append(
            MunicipalSummary(test, len(everyone), lowered, confirmed, raised, municipal_mean, boundaries)
        )
        municipal_levels = level_rates(test.tasks, [r[3] for r in everyone])
        municipal_tasks = task_rates(test.tasks, [r[3] for r in everyone])
        for school_id, school_rows in results[test.pk].items():
            if school_id not in school_map:
                continue
            rows.append(
                _school_row(
                    test=test,
                    school=school_map[school_id],
                    school_rows=school_rows,
                    municipal_mean=municipal_mean,
                    boundaries=boundaries or {},
                    municipal_levels=municipal_levels,
                    municipal_tasks=municipal_tasks,
                    ege=(ege_school.get((school_id, test.subject_id)), ege_municipal.get(test.subject_id)),
                    limits=limits,
                )
            )
    rows.sort(key=lambda r: (r.subject.order, r.subject.name, r.grade, r.school.short_name))
    return rows, summaries


def _school_row(
    *,
    test: VprTest,
    school: School,
    school_rows: list[tuple],
    municipal_mean: float,
    boundaries: dict[int, int],
    municipal_levels: dict[str, float | None],
    municipal_tasks: list[float],
    ege: tuple[float | None, float | None],
    limits: Limits,
) -> ObjectivityRow:
    marks = [r[0] for r in school_rows]
    compared, lowered, confirmed, raised = mark_shares((r[0], r[1]) for r in school_rows)
    histogram = [0] * (test.max_score + 1)
    for r in school_rows:
        if r[2] <= test.max_score:
            histogram[r[2]] += 1
    scores = [r[3] for r in school_rows]
    rates = task_rates(test.tasks, scores)
    row = ObjectivityRow(
        school=school,
        subject=test.subject,
        grade=test.grade,
        test_id=test.pk,
        participants=len(school_rows),
        compared=compared,
        lowered=lowered,
        confirmed=confirmed,
        raised=raised,
        mean_mark=mean(marks),
        municipal_mean_mark=municipal_mean,
        mean_primary=mean(r[2] for r in school_rows),
        max_score=test.max_score,
        high_marks_share=sum(1 for m in marks if m >= 4) / len(marks),
        vpr_marks={m: marks.count(m) for m in MARKS},
        journal_marks={m: sum(1 for r in school_rows if r[1] == m) for m in MARKS},
        histogram=histogram,
        boundaries=boundaries,
        task_rates=[
            TaskRate(
                number=task["number"],
                level=task["level"],
                max=task["max"],
                rate=rate,
                municipal_rate=municipal_tasks[i],
                mastered=rate >= (limits.basic_mastery if task["level"] == BASIC else limits.higher_mastery),
            )
            for i, (task, rate) in enumerate(zip(test.tasks, rates, strict=True))
        ],
    )
    if compared < row.participants:
        row.notes.append(f"Отметка по журналу есть у {compared} из {row.participants} участников.")
    if compared < limits.min_participants:
        row.notes.append(
            f"Участников с отметкой по журналу {compared}: доли не оцениваются "
            f"(нужно от {limits.min_participants})."
        )
    row.flags = [
        *_rule_shares(row, limits),
        *_rule_high_marks_low_score(row, limits),
        *_rule_boundary_peaks(row, limits),
        *_rule_easy_worse_hard_better(row, limits, level_rates(test.tasks, scores), municipal_levels),
        *_rule_not_backed_by_ege(row, limits, *ege),
    ]
    return row


def objectivity_rows(*, municipality: Municipality, year: int) -> list[ObjectivityRow]:
    """Every school, subject and grade of the year's ВПР in the municipality, with flags: plain data."""
    rows, _ = objectivity_analysis(municipality=municipality, year=year)
    return rows


def risk_group(rows: Iterable[ObjectivityRow]) -> list[tuple[School, list[str]]]:
    """Schools with at least one flag, each with its reasons («Русский язык, 5 класс: Повысили отметку»)."""
    reasons: dict[int, tuple[School, list[str]]] = {}
    for row in rows:
        for flag in row.flags:
            entry = reasons.setdefault(row.school.pk, (row.school, []))
            entry[1].append(f"{row.subject}, {row.grade} класс: {flag.name}")
    return sorted(reasons.values(), key=lambda item: item[0].short_name)
