"""Municipal re-check of ВПР works: which works, who checks them, and what the re-check found.

- Selection: every work of the schools with signs of non-objective results in this ВПР (own flags of the
  objectivity analysis, or the school on the year's official list), or a random share of every school's
  works. The sample is drawn from each school's works in a fixed order with a generator seeded by the
  stored seed and the school, so the same seed draws the same works again.
- Distribution: the commission's rule of the mock exams (assessments.commissions.distribute_works): no
  member gets a work of their own school, loads differ by at most one, or a Russian reason why not.
- Results: a member enters the task scores of a work known to them by its code only; the mark follows from
  the ВПР's scale. Per school: the share of works whose mark the re-check lowered, raised, and left as it
  was — «доля объективно оцененных работ по итогам перепроверки».
"""

from __future__ import annotations

import random
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from common.codes import random_text, unique_code
from schools.models import Municipality, School, User

from .commissions import Checker, DistributionError, WorkSlot, distribute_works
from .models import OfficialFlag, VprRecheck, VprRecheckWork, VprResult, VprTest
from .vpr_scales import Mins, scale_mark, stored_scale

NOT_DONE = {"x", "х", "-", "—"}  # «X» (Latin or Cyrillic) or a dash: the task was not attempted


class RecheckError(Exception):
    """The re-check cannot do what was asked; the message says why, in Russian."""


# DistributionError (from the commissions) is raised here too: the views catch both.


# --- selection ------------------------------------------------------------------------------------------


def sample_size(total: int, percent: int) -> int:
    """How many of a school's ``total`` works a ``percent`` share takes: rounded up, so a small school
    with works gives at least one (10% of 7 works is 1, of 11 works 2); never more than there are."""
    if not 0 < percent <= 100:
        raise RecheckError("Доля работ — целое число процентов от 1 до 100.")
    return min(total, (total * percent + 99) // 100)


def sample_results(
    works_by_school: Mapping[int, Sequence[int]], *, percent: int, seed: int
) -> dict[int, list[int]]:
    """School id → the chosen work ids: ``sample_size`` of each school's works, drawn reproducibly.

    Each school draws with its own generator (seed and school id), so adding or removing one school's
    works does not change what the others draw. The works are taken in the order given (the caller gives a
    fixed one), and the chosen ones come back in that order.
    """
    chosen: dict[int, list[int]] = {}
    for school_id, ids in works_by_school.items():
        k = sample_size(len(ids), percent)
        rng = random.Random(f"vpr-recheck:{seed}:{school_id}")
        picked = set(rng.sample(range(len(ids)), k))
        chosen[school_id] = [work_id for i, work_id in enumerate(ids) if i in picked]
    return chosen


def flagged_school_ids(test: VprTest) -> dict[int, list[str]]:
    """School id → why its works of this ВПР are re-checked: the flags of the objectivity analysis for this
    subject and grade, and the year's official list (an entry naming other subjects does not count)."""
    from .objectivity import objectivity_analysis

    reasons: dict[int, list[str]] = defaultdict(list)
    rows, _ = objectivity_analysis(
        municipality=test.municipality, year=test.year, subject=test.subject, grade=test.grade
    )
    for row in rows:
        if row.test_id == test.pk:
            reasons[row.school.pk].extend(flag.name for flag in row.flags)
    subject = test.subject.name.lower()
    for flag in OfficialFlag.objects.filter(municipality=test.municipality_id, year=test.year):
        entries = [str(entry).lower() for entry in flag.subjects or []]
        if not entries or any(_names_this_test(entry, subject, test.grade) for entry in entries):
            reasons[flag.school_id].append("в официальном списке")
    return {school_id: names for school_id, names in reasons.items() if names}


def _names_this_test(entry: str, subject: str, grade: int) -> bool:
    """An entry of the official list («Математика, 5 класс», «математика») names this ВПР: its subject, and
    its grade when the entry gives one."""
    grades = re.findall(r"\d+", entry)
    return subject in entry and (not grades or str(grade) in grades)


def _ordered_results(test: VprTest) -> dict[int, list[int]]:
    """School id → result ids in a fixed order (class, participant code), the order the sample draws from."""
    by_school: dict[int, list[int]] = defaultdict(list)
    for pk, school_id in (
        VprResult.objects.filter(test=test)
        .order_by("school_id", "class_name", "participant_code", "pk")
        .values_list("pk", "school_id")
    ):
        by_school[school_id].append(pk)
    return dict(by_school)


def _new_code(year: int, taken: set[str]) -> str:
    return unique_code(taken, lambda: f"В{year % 100:02d}-" + random_text(5))


def recheck_select(
    *,
    test: VprTest,
    mode: str,
    user: User | None,
    members: Sequence[User] = (),
    percent: int | None = None,
    seed: int | None = None,
) -> VprRecheck:
    """Choose the works of a ВПР to re-check (replacing an earlier choice that nobody has scored yet)."""
    existing = VprRecheck.objects.filter(test=test).first()
    if existing is not None:
        scored = existing.works.filter(primary_score__isnull=False).count()
        if scored:
            raise RecheckError(f"Баллы перепроверки уже внесены в {scored} работ: выбор работ менять нельзя.")
    by_school = _ordered_results(test)
    if mode == VprRecheck.Mode.FLAGGED:
        flagged = flagged_school_ids(test)
        chosen = {school_id: ids for school_id, ids in by_school.items() if school_id in flagged}
        if not chosen:
            raise RecheckError(
                f"В ВПР «{test}» нет школ с признаками необъективности: выберите случайную выборку."
            )
        percent = None
        seed = 0
    elif mode == VprRecheck.Mode.SAMPLE:
        if percent is None:
            raise RecheckError("Укажите долю работ каждой школы, от 1 до 100 %.")
        seed = secrets.randbelow(1_000_000) if seed is None else seed
        chosen = sample_results(by_school, percent=percent, seed=seed)
    else:
        raise RecheckError("Выберите, какие работы перепроверять.")
    if not any(chosen.values()):
        raise RecheckError(f"У ВПР «{test}» нет загруженных работ.")
    results = VprResult.objects.in_bulk([pk for ids in chosen.values() for pk in ids])
    with transaction.atomic():
        recheck, _ = VprRecheck.objects.update_or_create(
            test=test,
            defaults={
                "municipality": test.municipality,
                "mode": mode,
                "share_percent": percent,
                "seed": seed,
                "created_by": user,
                "distributed_at": None,
            },
        )
        recheck.works.all().delete()
        taken = set(VprRecheckWork.objects.values_list("code", flat=True))
        VprRecheckWork.objects.bulk_create(
            VprRecheckWork(
                recheck=recheck,
                result=results[pk],
                school_id=results[pk].school_id,
                code=_new_code(test.year, taken),
                original_primary=results[pk].primary_score,
                original_mark=results[pk].mark,
            )
            for ids in chosen.values()
            for pk in ids
        )
        recheck.schools.set([school_id for school_id, ids in chosen.items() if ids])
        if members:
            recheck.members.set(members)
    return recheck


def eligible_members(municipality: Municipality) -> QuerySet[User]:
    return User.objects.filter(
        municipality=municipality, role=User.Role.COMMISSION_MEMBER, is_active=True
    ).order_by("last_name", "first_name", "pk")


# --- distribution ---------------------------------------------------------------------------------------


def recheck_distribute(*, recheck: VprRecheck) -> dict[int, int]:
    """Share the works out among the re-check's members; member id → how many works they got."""
    works = list(recheck.works.select_related("school"))
    scored = sum(1 for work in works if work.primary_score is not None)
    if scored:
        raise DistributionError(
            f"Баллы уже внесены в {scored} работ: перераспределение сломало бы перепроверку."
        )
    members = list(recheck.members.order_by("last_name", "first_name", "pk"))
    if not members:
        raise DistributionError("В комиссии перепроверки нет ни одного члена: сначала выберите проверяющих.")
    assignment = distribute_works(
        works=[WorkSlot(code=w.code, school_id=w.school_id) for w in works],
        checkers=[Checker(id=u.pk, school_id=u.school_id) for u in members],
        school_names={w.school_id: w.school.short_name for w in works},
    )
    checker_by_code = {code: member_id for member_id, codes in assignment.items() for code in codes}
    with transaction.atomic():
        for work in works:
            work.checker_id = checker_by_code[work.code]
        VprRecheckWork.objects.bulk_update(works, ["checker"])
        recheck.distributed_at = timezone.now()
        recheck.save(update_fields=["distributed_at"])
    return {member_id: len(codes) for member_id, codes in assignment.items()}


def recheck_works_for_checker(user: User) -> QuerySet[VprRecheckWork]:
    """The works a member re-checks: assigned to them, and never of their own school, whatever happened."""
    works = VprRecheckWork.objects.filter(checker=user).select_related("recheck__test__subject")
    if user.school_id:
        works = works.exclude(school=user.school_id)
    return works.order_by("recheck__test__year", "code")


# --- scores ---------------------------------------------------------------------------------------------


def recheck_tasks(test: VprTest) -> list[dict]:
    """The tasks a re-check scores; a ВПР loaded without its tasks is scored by its primary score alone."""
    if test.tasks:
        return [
            {"number": str(t.get("number", i + 1)), "max": int(t.get("max", 0))}
            for i, t in enumerate(test.tasks)
        ]
    return [{"number": "первичный балл", "max": test.max_score}]


def parse_task_scores(test: VprTest, values: Sequence[str]) -> list[int | None]:
    """The scores as typed, one per task: a whole number from 0 to the task's maximum, or «X» when the task
    was not attempted. Every wrong value is named (task, value, why) in one RecheckError."""
    tasks = recheck_tasks(test)
    if len(values) != len(tasks):
        raise RecheckError(f"Нужно {len(tasks)} баллов — по одному на задание, получено {len(values)}.")
    scores: list[int | None] = []
    problems: list[str] = []
    for task, raw in zip(tasks, values, strict=True):
        text = str(raw or "").strip()
        label = f"Задание {task['number']}" if test.tasks else "Первичный балл"
        if not text:
            problems.append(f"{label}: укажите балл (или «X», если задание не выполнялось).")
            continue
        if text.lower() in NOT_DONE:
            scores.append(None)
            continue
        try:
            value = int(text)
        except ValueError:
            problems.append(f"{label}: «{text}» — не целое число.")
            continue
        if value < 0:
            problems.append(f"{label}: балл не может быть меньше 0.")
        elif value > task["max"]:
            problems.append(f"{label}: балл {value} больше максимального ({task['max']}).")
        else:
            scores.append(value)
    if problems:
        raise RecheckError(" ".join(problems))
    return scores


def recheck_scale(test: VprTest) -> Mins | None:
    """The ВПР's scale: the one the coordinator entered, or else read from the loaded works' own
    (primary score, mark) pairs, as the objectivity analysis reads its boundaries."""
    mins = stored_scale(
        municipality=test.municipality, subject=test.subject, grade=test.grade, year=test.year
    )
    if mins:
        return mins
    from .objectivity import boundaries_of_counts

    counts = {
        (score, mark): n
        for score, mark, n in VprResult.objects.filter(test=test)
        .order_by()
        .values_list("primary_score", "mark")
        .annotate(n=Count("id"))
    }
    found = boundaries_of_counts(counts) or {}
    if all(mark in found for mark in (3, 4, 5)):
        return (found[3], found[4], found[5])
    return None


def recheck_work_score(*, work: VprRecheckWork, user: User, values: Sequence[str]) -> VprRecheckWork:
    """Save a re-check's task scores, its primary score and the mark; nothing is saved on any error."""
    test = work.recheck.test
    scores = parse_task_scores(test, values)
    mins = recheck_scale(test)
    if mins is None:
        raise RecheckError(f"Для ВПР «{test}» нет шкалы отметок: обратитесь к координатору.")
    primary = sum(score for score in scores if score is not None)
    work.task_scores = scores
    work.primary_score = primary
    work.mark = scale_mark(primary, mins)
    work.scored_by = user
    work.scored_at = timezone.now()
    work.save(update_fields=["task_scores", "primary_score", "mark", "scored_by", "scored_at"])
    return work


# --- results --------------------------------------------------------------------------------------------


@dataclass
class SchoolRecheck:
    school_id: int
    selected: int = 0
    rechecked: int = 0
    lowered: int = 0
    raised: int = 0

    @property
    def unchanged(self) -> int:
        return self.rechecked - self.lowered - self.raised

    def share(self, count: int) -> float | None:
        return count / self.rechecked if self.rechecked else None

    @property
    def lowered_share(self) -> float | None:
        return self.share(self.lowered)

    @property
    def raised_share(self) -> float | None:
        return self.share(self.raised)

    @property
    def objective_share(self) -> float | None:
        """«Доля объективно оцененных работ по итогам перепроверки»: the mark stood."""
        return self.share(self.unchanged)

    def as_dict(self) -> dict:
        return {
            "works_selected": self.selected,
            "works_rechecked": self.rechecked,
            "lowered": self.lowered,
            "raised": self.raised,
            "unchanged": self.unchanged,
            "lowered_share": self.lowered_share,
            "raised_share": self.raised_share,
            "objective_share": self.objective_share,
        }


WORK_COUNTED = ("school_id", "original_mark", "mark")


def _count(works: Iterable[tuple[int, int, int | None]]) -> dict[int, SchoolRecheck]:
    """(school, original mark, re-check mark or None) of each work → the counts per school."""
    rows: dict[int, SchoolRecheck] = {}
    for school_id, original, mark in works:
        row = rows.setdefault(school_id, SchoolRecheck(school_id))
        row.selected += 1
        if mark is not None:
            row.rechecked += 1
            row.lowered += mark < original
            row.raised += mark > original
    return rows


def recheck_results(recheck: VprRecheck) -> tuple[list[SchoolRecheck], SchoolRecheck]:
    """Per school (in the order of its name) and the total of one re-check."""
    rows = _count(recheck.works.order_by("school__short_name", "code").values_list(*WORK_COUNTED))
    return list(rows.values()), _total(rows.values())


def _total(rows) -> SchoolRecheck:
    total = SchoolRecheck(0)
    for row in rows:
        total.selected += row.selected
        total.rechecked += row.rechecked
        total.lowered += row.lowered
        total.raised += row.raised
    return total


def recheck_totals(*, municipality_ids: Sequence[int], year: int) -> dict[int, SchoolRecheck]:
    """Municipality → the total of its re-checks of the year's ВПР, in one query (the region's figures)."""
    works: dict[int, list[tuple]] = defaultdict(list)
    for municipality_id, *work in (
        VprRecheckWork.objects.filter(recheck__municipality__in=municipality_ids, recheck__test__year=year)
        .order_by()
        .values_list("recheck__municipality_id", *WORK_COUNTED)
    ):
        works[municipality_id].append(work)
    return {pk: _total(_count(works[pk]).values()) for pk in municipality_ids}


def recheck_summary(*, municipality: Municipality, year: int) -> dict:
    """The re-checks of a year's ВПР in the municipality, as the indicators need them.

    {"works_selected", "works_rechecked", "lowered", "raised", "unchanged", "lowered_share", "raised_share",
     "objective_after_recheck_share", "schools_lowered": [school pk, …],
     "per_school": {school pk: {"school", "code", "works_selected", "works_rechecked", "lowered", "raised",
     "unchanged", "lowered_share", "raised_share", "objective_share"}}}
    A share is of the works re-checked (scored), None when none were.
    """
    works = VprRecheckWork.objects.filter(recheck__municipality=municipality, recheck__test__year=year)
    rows = _count(works.order_by().values_list(*WORK_COUNTED))
    total = _total(rows.values())
    names = dict(School.objects.filter(pk__in=rows).values_list("pk", "short_name"))
    codes = dict(School.objects.filter(pk__in=rows).values_list("pk", "code"))
    return {
        "works_selected": total.selected,
        "works_rechecked": total.rechecked,
        "lowered": total.lowered,
        "raised": total.raised,
        "unchanged": total.unchanged,
        "lowered_share": total.lowered_share,
        "raised_share": total.raised_share,
        "objective_after_recheck_share": total.objective_share,
        "schools_lowered": sorted(pk for pk, row in rows.items() if row.lowered),
        "per_school": {
            pk: {"school": names.get(pk, ""), "code": codes.get(pk, ""), **row.as_dict()}
            for pk, row in sorted(rows.items(), key=lambda item: names.get(item[0], ""))
        },
    }


@dataclass(frozen=True)
class RecheckFlag:
    school: School
    test: VprTest
    rechecked: int
    lowered: int

    @property
    def text(self) -> str:
        share = f"{self.lowered / self.rechecked * 100:.1f}".replace(".", ",")
        return (
            f"{self.test.subject}, {self.test.grade} класс: перепроверка понизила отметку "
            f"в {self.lowered} из {self.rechecked} работ ({share}%)"
        )


def recheck_flags(*, municipality: Municipality, year: int, schools) -> list[RecheckFlag]:
    """Schools (of those given) where the municipal re-check lowered the school's mark of some work."""
    school_map = {school.pk: school for school in schools}
    flags = []
    for recheck in VprRecheck.objects.filter(municipality=municipality, test__year=year).select_related(
        "test__subject"
    ):
        rows, _ = recheck_results(recheck)
        for row in rows:
            if row.lowered and row.school_id in school_map:
                flags.append(RecheckFlag(school_map[row.school_id], recheck.test, row.rechecked, row.lowered))
    return sorted(flags, key=lambda f: (f.school.short_name, f.test.subject.order, f.test.grade))


def school_recheck(*, test: VprTest, school: School) -> SchoolRecheck | None:
    """What the re-check of this ВПР found for one school; None when none of its works was chosen."""
    works = VprRecheckWork.objects.filter(recheck__test=test, school=school).order_by()
    rows = _count(works.values_list(*WORK_COUNTED))
    return rows.get(school.pk)
