"""Objectivity of ВПР results: ВПР marks against journal marks, and the named signals of biased grading.

For each school, subject and grade: the shares of participants whose ВПР mark is below («понизили»),
equal to («подтвердили») and above («повысили») their journal mark, the school's and the municipality's
mean marks, per-task success by level, and flags. Each flag is a named rule that shows its numbers; the
thresholds are data (ObjectivityThresholds), edited on a page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import sha1

from django.db.models import Count, Sum

from common.cache import cache_get, cache_set, cache_touch
from schools.models import Municipality, School

from .aggregates import group_of, score_counts
from .mark_statistics import region_means
from .models import (
    EgeResult,
    ObjectivityThresholds,
    OgeResult,
    Subject,
    VprAggregate,
    VprTest,
)
from .objectivity_rules import (
    BASIC,
    HIGHER,
    MARKS,
    Backing,
    Flag,
    Limits,
    ObjectivityRow,
    TaskRate,
    _rule_above_region,
    _rule_boundary_peaks,
    _rule_easy_worse_hard_better,
    _rule_high_marks_low_score,
    _rule_not_backed,
    _rule_shares,
    boundaries_of_counts,
    level_rates,
    mark_boundaries,
    mark_shares,
    num,
    pct,
    shares_of_counts,
    task_rates,
)
from .objectivity_states import data_states, states_of

__all__ = [  # the rules' names stay importable from here, as before the rules had a module of their own
    "BASIC",
    "HIGHER",
    "MARKS",
    "Flag",
    "Limits",
    "MunicipalSummary",
    "ObjectivityRow",
    "TaskRate",
    "boundaries_of_counts",
    "level_rates",
    "mark_boundaries",
    "mark_shares",
    "num",
    "objectivity_analysis",
    "objectivity_flags",
    "objectivity_list",
    "objectivity_rows",
    "pct",
    "risk_group",
    "shares_of_counts",
    "states_of",  # its home is objectivity_states; the region page reads it from here too
    "task_rates",
    "thresholds_for",
]

CACHE_SECONDS = 24 * 60 * 60


def thresholds_for(municipality: Municipality) -> ObjectivityThresholds:
    """The municipality's thresholds; the defaults (unsaved) until someone edits them."""
    found = ObjectivityThresholds.objects.filter(municipality=municipality).first()
    return found or ObjectivityThresholds(municipality=municipality)


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


def _means(
    rows: Iterable[tuple[int, int, int, int]],
) -> tuple[dict[tuple[int, int], float], dict[int, float]]:
    """(school, subject, sum, n) → (school, subject) → mean, and subject → municipal mean."""
    by_school: dict[tuple[int, int], float] = {}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for school_id, subject_id, points, n in rows:
        by_school[(school_id, subject_id)] = points / n
        totals[subject_id][0] += points
        totals[subject_id][1] += n
    return by_school, {key: points / n for key, (points, n) in totals.items()}


@dataclass(frozen=True)
class ExamMeans:
    """ЕГЭ (test scores) and ОГЭ (marks) of the same and the previous year, per school and subject."""

    ege_school: dict[tuple[int, int], float]
    ege_municipal: dict[int, float]
    oge_school: dict[tuple[int, int], float]
    oge_municipal: dict[int, float]

    @classmethod
    def of(cls, municipality: Municipality, year: int) -> ExamMeans:
        years = [year - 1, year]
        ege = _means(
            EgeResult.objects.filter(pupil__school__municipality=municipality, year__in=years)
            .order_by()
            .values_list("pupil__school_id", "subject_id")
            .annotate(points=Sum("score_100"), n=Count("id"))
        )
        oge = _means(
            OgeResult.objects.filter(school__municipality=municipality, year__in=years)
            .order_by()
            .values_list("school_id", "subject_id")
            .annotate(points=Sum("mark"), n=Count("id"))
        )
        return cls(*ege, *oge)

    def backing(self, *, school_id: int, subject_id: int, grade: int) -> Backing:
        """ОГЭ backs grades up to 9 where the school has it in the subject; ЕГЭ the rest (and 10–11)."""
        key = (school_id, subject_id)
        if grade <= 9 and key in self.oge_school:
            return Backing("ОГЭ", self.oge_school[key], self.oge_municipal.get(subject_id))
        return Backing(
            "ЕГЭ",
            self.ege_school.get(key),
            self.ege_municipal.get(subject_id),
            wanted="ОГЭ и ЕГЭ" if grade <= 9 else "ЕГЭ",
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

    Municipal figures always come from every school of the municipality, whoever asks. The counts are read
    from the per school × ВПР lines kept when results are saved (``assessments.aggregates``): one line per
    (test, school), its histogram included.
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
    score_marks: dict[int, Counter] = defaultdict(Counter)
    histograms: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for line in VprAggregate.objects.filter(test__in=tests).order_by("test_id", "school_id"):
        groups[line.test_id].append(group_of(line))
        counts = score_counts(line)
        score_marks[line.test_id].update(counts)
        if line.school_id in school_map:
            for (score, _mark), n in counts.items():
                histograms[(line.test_id, line.school_id)][score] += n
    exams = ExamMeans.of(municipality, year)
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
                    backing=exams.backing(school_id=school_id, subject_id=test.subject_id, grade=test.grade),
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
    backing: Backing,
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
        *_rule_not_backed(row, limits, backing),
        *_rule_above_region(row, limits, region, backing),
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


def analysis_key(municipality_id: int, year: int, state: tuple) -> str:
    """The cache key of a municipality's analysis of the year, named by what it reads (``state``)."""
    return f"objectivity:v2:{municipality_id}:{year}:{sha1(repr(state).encode()).hexdigest()}"


def flagged_key(key: str) -> str:
    """Beside an analysis (``analysis_key``): the ids of its schools with a sign, all the region's page
    reads of it. Kept under the analysis's own key, so it changes with it."""
    return f"{key}:flagged"


def flagged_in(analysis: tuple[list, list, dict[int, str]]) -> frozenset[int]:
    return frozenset(school_id for school_id, _values, flags in analysis[0] if flags)


def cached_analysis(
    municipality: Municipality, year: int, state: tuple | None = None, *, renew: bool = False
) -> tuple[list, list, dict[int, str]]:
    """The analysis of the whole municipality as plain numbers, kept in the cache until what it reads
    changes: the key names that (``data_states``; ``state`` when the caller read it with other years)
    and the thresholds, so a new upload, a recount or an edited threshold makes a new key.
    (rows, summaries, test → «Математика, 5 класс»). ``renew``: a found one lives CACHE_SECONDS more."""
    if state is None:
        state = data_states(municipality, [year])[year]
    key = analysis_key(municipality.pk, year, state)
    found = cache_get(key)
    if found is not None and renew:
        cache_touch(key, CACHE_SECONDS)
        if not cache_touch(flagged_key(key), CACHE_SECONDS):
            cache_set(flagged_key(key), flagged_in(found), CACHE_SECONDS)
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
            {s.test.pk: f"{s.test.subject}, {s.test.grade} класс" for s in summaries},
        )
        cache_set(key, found, CACHE_SECONDS)
        cache_set(flagged_key(key), flagged_in(found), CACHE_SECONDS)
    return found


def objectivity_list(
    *, municipality: Municipality, year: int, schools: Iterable[School]
) -> tuple[list[ObjectivityRow], list[MunicipalSummary]]:
    """The rows of the schools asked for, as a list shows them: without the mark counts, histogram, task
    rates and notes, which only a school's own page shows. Read from the cached analysis."""
    found = cached_analysis(municipality, year)
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


def objectivity_flags(
    *, municipality: Municipality, year: int, state: tuple | None = None
) -> dict[int, list[str]]:
    """School id → its flags of the year as the years side by side name them («Математика, 5 класс:
    Повысили отметку»), from the cached analysis without reading tests or schools (``state``: what
    ``data_states`` read for the year, when the caller read several years at once)."""
    rows, _, labels = cached_analysis(municipality, year, state)
    flagged: dict[int, list[str]] = {}
    for school_id, values, flags in rows:
        for _rule, name, _text in flags:
            flagged.setdefault(school_id, []).append(f"{labels[values[0]]}: {name}")
    return flagged


def risk_group(rows: Iterable[ObjectivityRow]) -> list[tuple[School, list[str]]]:
    """Schools with at least one flag, each with its reasons («Русский язык, 5 класс: Повысили отметку»)."""
    reasons: dict[int, tuple[School, list[str]]] = {}
    for row in rows:
        for flag in row.flags:
            entry = reasons.setdefault(row.school.pk, (row.school, []))
            entry[1].append(f"{row.subject}, {row.grade} класс: {flag.name}")
    return sorted(reasons.values(), key=lambda item: item[0].short_name)
