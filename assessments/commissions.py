"""Checking commissions: works go to members evenly, and never to a member from the work's own school.

Why the feasibility test is a per-school count: a group of members from two or more schools can check
every work (each member is barred from one school only), so by Gale's theorem on transportation problems
an even distribution exists exactly when, for every school, the works of that school plus the load of
that school's members fit into the total number of works.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from schools.models import User

from .models import Commission, MockExam, MockWork
from .scales import scale_book


@dataclass(frozen=True)
class WorkSlot:
    code: str
    school_id: int


@dataclass(frozen=True)
class Checker:
    id: int
    school_id: int | None


class DistributionError(Exception):
    """The works cannot be shared out under the rules; the message says why, in Russian."""


def _school_label(school_names: Mapping[int, str], school_id: int) -> str:
    return f"«{school_names[school_id]}»" if school_id in school_names else f"№{school_id}"


def _loads(
    *,
    n: int,
    checkers: Sequence[Checker],
    works_by_school: Mapping[int, int],
    school_names: Mapping[int, str],
) -> dict[int, int]:
    """How many works each checker gets: q or q+1, with the extra ones where the school rule allows them."""
    m = len(checkers)
    q, r = divmod(n, m)
    by_school: dict[int | None, list[Checker]] = defaultdict(list)
    for checker in checkers:
        by_school[checker.school_id].append(checker)
    room: dict[int | None, int] = {None: len(by_school.get(None, []))}
    for school_id, group in by_school.items():
        if school_id is None:
            continue
        own = works_by_school.get(school_id, 0)
        slack = n - own - len(group) * q
        if slack < 0:
            label = _school_label(school_names, school_id)
            raise DistributionError(
                f"Распределить работы нельзя: из {n} работ {own} — из школы {label}, а членам комиссии "
                f"из этой школы ({len(group)} чел.) нужно выдать не меньше {len(group) * q} работ "
                f"других школ, которых всего {n - own}. Включите в комиссию членов из других школ."
            )
        room[school_id] = min(len(group), slack)
    if sum(room.values()) < r:
        tight = min(
            (s for s in by_school if s is not None),
            key=lambda s: room[s] - len(by_school[s]),
        )
        others = m - len(by_school[tight])
        raise DistributionError(
            f"Распределить работы поровну нельзя: работ школы {_school_label(school_names, tight)} — "
            f"{works_by_school.get(tight, 0)} из {n}, а проверять их могут только члены комиссии из других "
            f"школ ({others} чел.). Включите в комиссию членов из других школ."
        )
    loads: dict[int, int] = {}
    for checker in checkers:
        extra = 1 if r > 0 and room[checker.school_id] > 0 else 0
        room[checker.school_id] -= extra
        r -= extra
        loads[checker.id] = q + extra
    return loads


def _max_flow(capacity: dict[str, dict[str, int]], source: str, sink: str) -> dict[str, dict[str, int]]:
    """Edmonds–Karp on a small graph (schools × members); returns the flow on every given edge."""
    residual: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for u, edges in capacity.items():
        for v, cap in edges.items():
            residual[u][v] += cap
            residual[v][u] += 0
    while True:
        parent: dict[str, str] = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            u = queue.popleft()
            for v, cap in residual[u].items():
                if cap > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if sink not in parent:
            break
        path, v = [], sink
        while v != source:
            path.append((parent[v], v))
            v = parent[v]
        push = min(residual[u][v] for u, v in path)
        for u, v in path:
            residual[u][v] -= push
            residual[v][u] += push
    return {
        u: defaultdict(int, {v: cap - residual[u][v] for v, cap in edges.items()})
        for u, edges in capacity.items()
    }


def distribute_works(
    *, works: Sequence[WorkSlot], checkers: Sequence[Checker], school_names: Mapping[int, str] | None = None
) -> dict[int, list[str]]:
    """Checker id → the codes of the works they check.

    Loads differ by at most one; no checker gets a work of their own school; the same input always gives
    the same answer. Raises DistributionError with the reason when that is impossible.
    """
    names = school_names or {}
    if not checkers:
        raise DistributionError("В комиссии нет ни одного члена: сначала включите в неё проверяющих.")
    if len({c.id for c in checkers}) != len(checkers):
        raise DistributionError("Член комиссии указан дважды.")
    if not works:
        return {checker.id: [] for checker in checkers}
    works_by_school: dict[int, list[str]] = defaultdict(list)
    for work in sorted(works, key=lambda w: w.code):
        works_by_school[work.school_id].append(work.code)
    counts = {school_id: len(codes) for school_id, codes in works_by_school.items()}
    loads = _loads(n=len(works), checkers=checkers, works_by_school=counts, school_names=names)

    capacity: dict[str, dict[str, int]] = defaultdict(dict)
    for school_id, count in counts.items():
        capacity["source"][f"s{school_id}"] = count
        for checker in checkers:
            if checker.school_id != school_id:
                capacity[f"s{school_id}"][f"c{checker.id}"] = count
    for checker in checkers:
        capacity[f"c{checker.id}"]["sink"] = loads[checker.id]
    flow = _max_flow(capacity, "source", "sink")
    if sum(flow["source"].values()) != len(works):
        # Unreachable when _loads accepted the input (Gale's condition); kept as a guard, never a silent gap.
        raise DistributionError("Распределить работы не удалось: проверьте состав комиссии.")

    assignment: dict[int, list[str]] = {checker.id: [] for checker in checkers}
    for school_id, codes in works_by_school.items():
        queue = deque(codes)
        school_flow = flow[f"s{school_id}"]
        for checker in checkers:
            for _ in range(school_flow[f"c{checker.id}"]):
                assignment[checker.id].append(queue.popleft())
    return {checker_id: sorted(codes) for checker_id, codes in assignment.items()}


# --- the commission of a schedule and its works ------------------------------------------------------


def commission_for_exam(exam: MockExam) -> Commission | None:
    return Commission.objects.filter(schedule=exam.schedule_id, subject=exam.subject_id).first()


def commission_distribute(*, exam: MockExam) -> dict[int, int]:
    """Assign every work of the exam to a member of its subject's commission; member id → count."""
    commission = commission_for_exam(exam)
    if commission is None:
        raise DistributionError(f"Для предмета «{exam.subject}» комиссия ещё не сформирована.")
    members = list(commission.members.order_by("last_name", "first_name", "pk"))
    works = list(exam.works.select_related("pupil__school"))
    scored = sum(1 for work in works if work.primary_score is not None)
    if scored:
        raise DistributionError(
            f"Баллы уже внесены в {scored} работ: перераспределение сломало бы проверку. "
            "Распределяйте работы до начала проверки."
        )
    assignment = distribute_works(
        works=[WorkSlot(code=w.code, school_id=w.pupil.school_id) for w in works],
        checkers=[Checker(id=u.pk, school_id=u.school_id) for u in members],
        school_names={w.pupil.school_id: w.pupil.school.short_name for w in works},
    )
    checker_by_code = {code: member_id for member_id, codes in assignment.items() for code in codes}
    with transaction.atomic():
        for work in works:
            work.checker_id = checker_by_code[work.code]
        MockWork.objects.bulk_update(works, ["checker"])
    return {member_id: len(codes) for member_id, codes in assignment.items()}


def works_for_checker(user: User) -> QuerySet[MockWork]:
    """The works a member checks: assigned to them, and never of their own school, whatever happened."""
    works = MockWork.objects.filter(checker=user).select_related("exam__subject", "exam__schedule")
    if user.school_id:
        works = works.exclude(pupil__school=user.school_id)
    return works.order_by("exam__starts_at", "code")


class ScoreError(Exception):
    pass


def work_max_score(work: MockWork) -> int | None:
    schedule = work.exam.schedule
    scale = scale_book(
        subject_ids=[work.exam.subject_id], municipality_ids=[schedule.municipality_id]
    ).scale_for(
        subject_id=work.exam.subject_id,
        year=schedule.period_end.year,
        municipality_id=schedule.municipality_id,
    )
    return len(scale) - 1 if scale else None


def works_max_scores(works: Sequence[MockWork]) -> dict[int, int | None]:
    """Work pk → its maximum primary score, with the scales of all the works' subjects read in one query."""
    book = scale_book(
        subject_ids={work.exam.subject_id for work in works},
        municipality_ids={work.exam.schedule.municipality_id for work in works},
    )
    maxima: dict[int, int | None] = {}
    for work in works:
        schedule = work.exam.schedule
        scale = book.scale_for(
            subject_id=work.exam.subject_id,
            year=schedule.period_end.year,
            municipality_id=schedule.municipality_id,
        )
        maxima[work.pk] = len(scale) - 1 if scale else None
    return maxima


def work_score_enter(*, work: MockWork, user: User, primary_score: int) -> MockWork:
    maximum = work_max_score(work)
    if maximum is None:
        raise ScoreError(
            f"Для предмета «{work.exam.subject}» нет шкалы перевода баллов: обратитесь к координатору."
        )
    if not 0 <= primary_score <= maximum:
        raise ScoreError(f"Работа {work.code}: первичный балл должен быть от 0 до {maximum}.")
    work.primary_score = primary_score
    work.scored_by = user
    work.scored_at = timezone.now()
    work.save(update_fields=["primary_score", "scored_by", "scored_at"])
    return work
