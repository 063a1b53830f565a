"""Demo of the municipal re-check of ВПР works, over every demo year of ВПР: generated, idempotent.

Each year two ВПР are re-checked: the first one for the schools with signs of non-objective results (or,
without any, a 15% sample), the second a 15% sample of every school with the year as its seed. The demo
commission members re-score the works from their task scores: in a flagged school some points turn out to
have been over-awarded (the mark drops in about a third of the works), elsewhere a rare point is lost or
found. The newest year is left partly unscored, as a re-check in progress.
"""

from __future__ import annotations

import random

from django.db import transaction

from schools.models import Municipality, User

from .models import VprRecheck, VprTest
from .vpr_recheck import (
    DistributionError,
    RecheckError,
    eligible_members,
    flagged_school_ids,
    recheck_distribute,
    recheck_select,
    recheck_tasks,
    recheck_work_score,
)

SHARE_PERCENT = 15
UNSCORED_IN_NEWEST_YEAR = 0.25


def _rescored(scores: list, tasks: list[dict], rng: random.Random, *, strict: bool) -> list[str]:
    """The re-checker's task scores: the school's, with over-awarded points taken back (often in a flagged
    school, rarely elsewhere) and now and then a point the school missed."""
    new = [s if s is None else int(s) for s in scores] if len(scores) == len(tasks) else [0] * len(tasks)
    if rng.random() < (0.35 if strict else 0.08):
        for _ in range(rng.choice((1, 2, 3))):
            awarded = [i for i, s in enumerate(new) if s]
            if awarded:
                new[rng.choice(awarded)] -= 1
    elif rng.random() < 0.04:
        room = [i for i, s in enumerate(new) if s is not None and s < tasks[i]["max"]]
        if room:
            new[rng.choice(room)] += 1
    return ["X" if s is None else str(s) for s in new]


def _recheck(test: VprTest, *, flagged_first: bool, members: list[User], coordinator: User | None) -> None:
    flagged = flagged_school_ids(test) if flagged_first else {}
    mode = VprRecheck.Mode.FLAGGED if flagged else VprRecheck.Mode.SAMPLE
    try:
        with transaction.atomic():
            recheck = recheck_select(
                test=test,
                mode=mode,
                user=coordinator,
                members=members,
                percent=None if flagged else SHARE_PERCENT,
                seed=None if flagged else test.year,
            )
            recheck_distribute(recheck=recheck)
    except (RecheckError, DistributionError):
        return  # a demo municipality whose commission cannot take these works simply has no re-check
    newest = not VprTest.objects.filter(municipality=test.municipality, year__gt=test.year).exists()
    rng = random.Random(f"vpr-recheck-demo:{test.year}:{test.subject.name}:{test.grade}")
    tasks = recheck_tasks(test)
    strict = set(flagged) or set(flagged_school_ids(test))
    for work in recheck.works.select_related("result", "checker", "recheck__test").order_by("code"):
        if newest and rng.random() < UNSCORED_IN_NEWEST_YEAR:
            continue
        scores = (work.result.task_scores if work.result else None) or []
        values = _rescored(scores, tasks, rng, strict=work.school_id in strict)
        try:
            recheck_work_score(work=work, user=work.checker, values=values)
        except RecheckError:
            return  # no scale for this ВПР: the re-check stays chosen and shared out, not scored


def load_recheck_demo(*, municipality: Municipality) -> None:
    """Idempotent: a ВПР that has its re-check already is left as it is."""
    members = list(eligible_members(municipality))
    if len({member.school_id for member in members}) < 2:
        return
    coordinator = User.objects.filter(municipality=municipality, role=User.Role.COORDINATOR).first()
    years = sorted(set(VprTest.objects.filter(municipality=municipality).values_list("year", flat=True)))
    for year in years:
        tests = list(
            VprTest.objects.filter(municipality=municipality, year=year, results__isnull=False)
            .distinct()
            .select_related("subject", "municipality")
            .order_by("subject__order", "grade", "pk")[:2]
        )
        for index, test in enumerate(tests):
            if not VprRecheck.objects.filter(test=test).exists():
                _recheck(test, flagged_first=index == 0, members=members, coordinator=coordinator)
