"""What a commission member has to check, counted for their home page (mock-exam works of assessments,
medal re-checks of medals)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from assessments.commissions import works_for_checker
from medals.access import rechecks_for_member
from medals.models import Recheck
from schools.models import User


@dataclass(frozen=True)
class WorkCounts:
    label: str
    url_name: str
    total: int
    to_do: int
    done: int


def member_work_counts(user: User) -> list[WorkCounts]:
    """Mock-exam works to score and medal re-checks to mark, each with how many are left."""
    works = works_for_checker(user).aggregate(
        total=Count("pk"), to_do=Count("pk", filter=Q(primary_score__isnull=True))
    )
    rechecks = rechecks_for_member(user).aggregate(
        total=Count("pk"), to_do=Count("pk", filter=Q(status=Recheck.Status.ASSIGNED))
    )
    return [
        WorkCounts(
            "Пробные экзамены: работы на проверку",
            "assessments:my_works",
            works["total"],
            works["to_do"],
            works["total"] - works["to_do"],
        ),
        WorkCounts(
            "Претенденты на медаль: работы на перепроверку",
            "medals:member_rechecks",
            rechecks["total"],
            rechecks["to_do"],
            rechecks["total"] - rechecks["to_do"],
        ),
    ]
