"""Objectivity of ВПР results: ВПР marks against journal marks, and the named signals of biased grading.

For each school, subject and grade: the shares of participants whose ВПР mark is below («понизили»),
equal to («подтвердили») and above («повысили») their journal mark, the school's and the municipality's
mean marks, per-task success by level, and flags. Each flag is a named rule that shows its numbers; the
thresholds are data (ObjectivityThresholds), edited on a page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from hashlib import sha1
from statistics import mean

from django.db.models import Count, F, IntegerField, Max, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from config.cache import cache_get, cache_set
from schools.models import Municipality, School

from .mark_statistics import region_means
from .models import (
    EgeResult,
    ObjectivityThresholds,
    ResultUpload,
    Subject,
    VprMarkStatistics,
    VprResult,
    VprTest,
)

MARKS = (2, 3, 4, 5)
CACHE_SECONDS = 24 * 60 * 60
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


SELECTIVE_KINDS = (School.Kind.LYCEUM, School.Kind.GYMNASIUM)


def _rule_above_region(
    row: ObjectivityRow,
    limits: Limits,
    region: tuple[float, str] | None,
    ege_school: float | None,
    ege_municipal: float | None,
) -> list[Flag]:
    """Above the region's mean mark by the mark gap, not backed by ЕГЭ, and not a лицей or гимназия (which
    choose their pupils, so a high mean is expected there)."""
    if row.participants < limits.min_participants or row.mean_mark is None or region is None:
        return []
    region_mean, region_name = region
    gap = row.mean_mark - region_mean
    if gap < limits.mark_gap:
        return []
    above = f"Средняя отметка {num(row.mean_mark)} выше региональной {num(region_mean)} на {num(gap)}"
    if row.school.kind in SELECTIVE_KINDS:
        row.notes.append(
            f"{above}, но школа — {row.school.get_kind_display()}: "
            "она отбирает учащихся, признак не ставится."
        )
        return []
    if ege_school is None or ege_municipal is None:
        row.notes.append(f"{above}, но результатов ЕГЭ школы по предмету нет: сравнить не с чем.")
        return []
    if ege_school > ege_municipal:
        return []
    return [
        Flag(
            "above_region_not_backed",
            "Выше региона, не подтверждается ЕГЭ",
            f"средняя отметка {num(row.mean_mark)} против {num(region_mean)} по региону ({region_name}; "
            f"+{num(gap)}, порог {num(limits.mark_gap)}), а средний балл ЕГЭ школы {num(ege_school, 1)} "
            f"не выше муниципального {num(ege_municipal, 1)}; школа — {row.school.get_kind_display()}",
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
    by_school: dict[tuple[int, int], float] = {}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for school_id, subject_id, points, n in (
        EgeResult.objects.filter(pupil__school__municipality=municipality, year__in=[year - 1, year])
        .order_by()
        .values_list("pupil__school_id", "subject_id")
        .annotate(points=Sum("score_100"), n=Count("id"))
    ):
        by_school[(school_id, subject_id)] = points / n
        totals[subject_id][0] += points
        totals[subject_id][1] += n
    return by_school, {key: points / n for key, (points, n) in totals.items()}


def _test_groups(tests: list[VprTest]) -> list[dict]:
    """One dict per (test, school), counted by the database: marks, shares, sums of scores and of tasks."""
    n_tasks = max((len(test.tasks) for test in tests), default=0)
    return list(
        VprResult.objects.filter(test__in=tests)
        .order_by()
        .values("test_id", "school_id")
        .annotate(
            participants=Count("id"),
            compared=Count("id", filter=Q(journal_mark__isnull=False)),
            lowered=Count("id", filter=Q(mark__lt=F("journal_mark"))),
            raised=Count("id", filter=Q(mark__gt=F("journal_mark"))),
            marks=Sum("mark"),
            primary=Sum("primary_score"),
            **{f"vpr{m}": Count("id", filter=Q(mark=m)) for m in MARKS},
            **{f"journal{m}": Count("id", filter=Q(journal_mark=m)) for m in MARKS},
            **{f"task{i}": Sum(Cast(KT(f"task_scores__{i}"), IntegerField())) for i in range(n_tasks)},
        )
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

    Municipal figures always come from every school of the municipality, whoever asks. The database
    counts; Python reads one line per (test, school) and the histogram of the schools asked for.
    """
    limits = Limits.of(thresholds_for(municipality))
    tests = VprTest.objects.filter(municipality=municipality, year=year).select_related("subject")
    if subject is not None:
        tests = tests.filter(subject=subject)
    if grade is not None:
        tests = tests.filter(grade=grade)
    tests = list(tests)
    school_map = {s.pk: s for s in (schools if schools is not None else municipality.schools.all())}
    groups: dict[int, list[dict]] = defaultdict(list)
    for group in _test_groups(tests):
        groups[group["test_id"]].append(group)
    score_marks: dict[int, Counter] = defaultdict(Counter)
    for test_id, score, mark, n in (
        VprResult.objects.filter(test__in=tests)
        .order_by()
        .values_list("test_id", "primary_score", "mark")
        .annotate(n=Count("id"))
    ):
        score_marks[test_id][(score, mark)] = n
    histograms: dict[tuple[int, int], Counter] = defaultdict(Counter)
    shown = VprResult.objects.filter(test__in=tests)
    if schools is not None:
        shown = shown.filter(school_id__in=list(school_map))
    for test_id, school_id, score, n in (
        shown.order_by().values_list("test_id", "school_id", "primary_score").annotate(n=Count("id"))
    ):
        histograms[(test_id, school_id)][score] = n
    ege_school, ege_municipal = _ege_means(municipality, year)
    regions = region_means(municipality, year)

    rows: list[ObjectivityRow] = []
    summaries: list[MunicipalSummary] = []
    for test in tests:
        everyone = groups[test.pk]
        if not everyone:
            continue
        participants = sum(g["participants"] for g in everyone)
        compared = sum(g["compared"] for g in everyone)
        lowered, raised = sum(g["lowered"] for g in everyone), sum(g["raised"] for g in everyone)
        shares = shares_of_counts(compared=compared, lowered=lowered, raised=raised)
        municipal_mean = sum(g["marks"] for g in everyone) / participants
        boundaries = boundaries_of_counts(score_marks[test.pk])
        summaries.append(MunicipalSummary(test, participants, *shares, municipal_mean, boundaries))
        earned = [_earned(g, len(test.tasks)) for g in everyone]
        municipal_earned = [sum(points) for points in zip(*earned, strict=True)]
        municipal_levels = level_rates(test.tasks, municipal_earned, participants)
        municipal_tasks = task_rates(test.tasks, municipal_earned, participants)
        for group in everyone:
            school_id = group["school_id"]
            if school_id not in school_map:
                continue
            rows.append(
                _school_row(
                    test=test,
                    school=school_map[school_id],
                    group=group,
                    histogram=histograms[(test.pk, school_id)],
                    municipal_mean=municipal_mean,
                    boundaries=boundaries or {},
                    municipal_levels=municipal_levels,
                    municipal_tasks=municipal_tasks,
                    ege=(ege_school.get((school_id, test.subject_id)), ege_municipal.get(test.subject_id)),
                    limits=limits,
                    region=regions.get((test.subject_id, test.grade)),
                )
            )
    rows.sort(key=lambda r: (r.subject.order, r.subject.name, r.grade, r.school.short_name))
    return rows, summaries


def _earned(group: dict, n_tasks: int) -> list[int]:
    return [group[f"task{i}"] or 0 for i in range(n_tasks)]


def _school_row(
    *,
    test: VprTest,
    school: School,
    group: dict,
    histogram: Mapping[int, int],
    municipal_mean: float,
    boundaries: dict[int, int],
    municipal_levels: dict[str, float | None],
    municipal_tasks: list[float],
    ege: tuple[float | None, float | None],
    limits: Limits,
    region: tuple[float, str] | None = None,
) -> ObjectivityRow:
    participants, compared = group["participants"], group["compared"]
    lowered, confirmed, raised = shares_of_counts(
        compared=compared, lowered=group["lowered"], raised=group["raised"]
    )
    earned = _earned(group, len(test.tasks))
    rates = task_rates(test.tasks, earned, participants)
    row = ObjectivityRow(
        school=school,
        subject=test.subject,
        grade=test.grade,
        test_id=test.pk,
        participants=participants,
        compared=compared,
        lowered=lowered,
        confirmed=confirmed,
        raised=raised,
        mean_mark=group["marks"] / participants,
        municipal_mean_mark=municipal_mean,
        mean_primary=group["primary"] / participants,
        max_score=test.max_score,
        high_marks_share=(group["vpr4"] + group["vpr5"]) / participants,
        vpr_marks={m: group[f"vpr{m}"] for m in MARKS},
        journal_marks={m: group[f"journal{m}"] for m in MARKS},
        histogram=[histogram.get(score, 0) for score in range(test.max_score + 1)],
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
        *_rule_easy_worse_hard_better(
            row, limits, level_rates(test.tasks, earned, participants), municipal_levels
        ),
        *_rule_not_backed_by_ege(row, limits, *ege),
        *_rule_above_region(row, limits, region, *ege),
    ]
    return row


def objectivity_rows(*, municipality: Municipality, year: int) -> list[ObjectivityRow]:
    """Every school, subject and grade of the year's ВПР in the municipality, with flags: plain data."""
    rows, _ = objectivity_analysis(municipality=municipality, year=year)
    return rows


LIST_FIELDS = (
    "test_id",
    "participants",
    "compared",
    "lowered",
    "confirmed",
    "raised",
    "mean_mark",
    "municipal_mean_mark",
    "mean_primary",
    "max_score",
    "high_marks_share",
)


def objectivity_list(
    *, municipality: Municipality, year: int, schools: Iterable[School]
) -> tuple[list[ObjectivityRow], list[MunicipalSummary]]:
    """The rows of the schools asked for, as a list shows them: without the mark counts, histogram, task
    rates and notes, which only a school's own page shows.

    The analysis of the whole municipality is kept in the cache as plain numbers until results change: the
    key names the latest loaded results file, the year's ВПР participants (how many, the newest) and the
    thresholds, so a new upload or an edited threshold makes a new key.
    """
    upload = (
        ResultUpload.objects.filter(municipality=municipality, status=ResultUpload.Status.IMPORTED)
        .order_by("-imported_at", "-pk")
        .values_list("pk", "imported_at")
        .first()
    )
    results = VprResult.objects.filter(test__municipality=municipality, test__year=year).aggregate(
        n=Count("id"), last=Max("id")
    )
    statistics = VprMarkStatistics.objects.filter(municipality=municipality, year=year).aggregate(
        n=Count("id"), last=Max("id")
    )
    selective = sorted(
        municipality.schools.filter(kind__in=SELECTIVE_KINDS).values_list("pk", flat=True)
    )  # the region rule spares a лицей or гимназия: a school's new kind makes a new key
    state = repr(
        (
            upload,
            results["n"],
            results["last"],
            Limits.of(thresholds_for(municipality)),
            statistics["n"],
            statistics["last"],
            selective,
        )
    ).encode()
    key = f"objectivity:{municipality.pk}:{year}:{sha1(state).hexdigest()}"
    found = cache_get(key)
    if found is None:
        rows, summaries = objectivity_analysis(municipality=municipality, year=year)
        found = (
            [
                (
                    row.school.pk,
                    tuple(getattr(row, name) for name in LIST_FIELDS),
                    [(f.rule, f.name, f.text) for f in row.flags],
                )
                for row in rows
            ],
            [
                (s.test.pk, s.participants, s.lowered, s.confirmed, s.raised, s.mean_mark, s.boundaries)
                for s in summaries
            ],
        )
        cache_set(key, found, CACHE_SECONDS)
    tests = {
        t.pk: t
        for t in VprTest.objects.filter(municipality=municipality, year=year).select_related("subject")
    }
    school_map = {school.pk: school for school in schools}
    shown = []
    for school_id, values, flags in found[0]:
        if school_id in school_map:
            fields = dict(zip(LIST_FIELDS, values, strict=True))
            test = tests[fields["test_id"]]
            row = ObjectivityRow(
                school=school_map[school_id], subject=test.subject, grade=test.grade, **fields
            )
            row.flags = [Flag(*flag) for flag in flags]
            shown.append(row)
    return shown, [MunicipalSummary(tests[pk], *rest) for pk, *rest in found[1]]


def risk_group(rows: Iterable[ObjectivityRow]) -> list[tuple[School, list[str]]]:
    """Schools with at least one flag, each with its reasons («Русский язык, 5 класс: Повысили отметку»)."""
    reasons: dict[int, tuple[School, list[str]]] = {}
    for row in rows:
        for flag in row.flags:
            entry = reasons.setdefault(row.school.pk, (row.school, []))
            entry[1].append(f"{row.subject}, {row.grade} класс: {flag.name}")
    return sorted(reasons.values(), key=lambda item: item[0].short_name)
