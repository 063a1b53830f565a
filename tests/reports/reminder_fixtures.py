"""A roadmap whose deadlines sit on every boundary of the digest buckets around one local date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from roadmaps.models import Measure, Roadmap
from roadmaps.progress import progress_sync_for_measure
from tests.factories import MeasureFactory, RoadmapFactory

MONDAY = datetime.date(2024, 3, 11)

# title → days from MONDAY
DEADLINES = {
    "Анализ переводов претендентов": -1,
    "Выборочная перепроверка работ": 0,
    "Анализ пробных экзаменов": 1,
    "Посещение уроков учителей": 3,
    "Мониторинг ВПР": 4,
    "Анализ результатов мониторинга": 7,
    "Контроль проведения ГИА": 8,
}


@dataclass
class DeadlinePlan:
    roadmap: Roadmap
    measures: dict[str, Measure]
    department_measure: Measure


def deadline_plan(*, municipality, responsible) -> DeadlinePlan:
    roadmap = RoadmapFactory(municipality=municipality)
    measures = {}
    for order, (title, days) in enumerate(DEADLINES.items(), start=1):
        measure = MeasureFactory(
            roadmap=roadmap,
            number=str(order),
            order=order,
            title=title,
            deadline_end=MONDAY + datetime.timedelta(days=days),
        )
        progress_sync_for_measure(measure=measure)
        measures[title] = measure
    department_measure = MeasureFactory(
        roadmap=roadmap,
        number="20",
        order=20,
        title="Рабочее совещание с заместителями директоров",
        deadline_end=MONDAY + datetime.timedelta(days=1),
        per_school=False,
    )
    department_measure.responsible_users.set([responsible])
    progress_sync_for_measure(measure=department_measure)
    return DeadlinePlan(roadmap=roadmap, measures=measures, department_measure=department_measure)
