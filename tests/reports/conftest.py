"""A medal-candidates plan shaped like seed 000, with its March meeting, for the reports tests."""

from __future__ import annotations

import datetime

import pytest

from reports.meetings import meeting_create, meeting_scope
from roadmaps.models import DeadlineKind, Progress, ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from tests.factories import MeasureFactory, RoadmapFactory

# (number, title, deadline_end, per_school) in the order of seed 000; 10 and 11 come twice, there is no 9.
SEED_000_ROWS = [
    ("1.", "Предварительная оценка количества претендентов на медаль", datetime.date(2023, 11, 30), True),
    (
        "2.",
        "Анализ содержания локальных актов общеобразовательных организаций",
        datetime.date(2024, 1, 15),
        True,
    ),
    (
        "3.",
        "Составление и утверждение плана работы с кандидатами на получение медалей",
        datetime.date(2024, 2, 20),
        True,
    ),
    (
        "4.",
        "Рабочее совещание «Требования к уровню подготовки претендентов на медаль»",
        datetime.date(2024, 2, 29),
        False,
    ),
    ("5.", "Обеспечение участия обучающихся 10-11 классов в ВПР", None, True),
    ("6.", "Анализ качества подготовки выпускников-претендентов на медаль", datetime.date(2024, 4, 30), True),
    (
        "7.",
        "Организация анализа качества проведения контрольных и самостоятельных работ",
        datetime.date(2024, 2, 15),
        True,
    ),
    ("7.1", "Проверка соответствия оценок в журналах оценкам в тетрадях", datetime.date(2024, 2, 20), True),
    ("7.2", "Выборочная перепроверка контрольных и самостоятельных работ", datetime.date(2024, 3, 1), True),
    ("8.", "Анализ переводов лиц, претендующих на получение медали", datetime.date(2024, 2, 15), True),
    (
        "10",
        "Посещение уроков учителей-предметников, работающих в выпускных классах",
        datetime.date(2024, 5, 31),
        True,
    ),
    (
        "10",
        "Анализ результатов пробных экзаменов для выпускников 11 классов",
        datetime.date(2024, 3, 31),
        True,
    ),
    (
        "11",
        "Анализ результатов мониторинга уровня знаний учащихся 10 классов",
        datetime.date(2024, 4, 30),
        True,
    ),
    (
        "10.",
        "Рассмотрение результатов мероприятий с 1-11 пунктов данного плана на совещании "
        "в Управление образовании",
        datetime.date(2024, 3, 15),
        True,
    ),
    ("11.", "Обеспечение объективности результатов ГИА-2024 участников-претендентов на медаль", None, True),
]


@pytest.fixture(autouse=True)
def _celery_inline(celery_inline):
    """Run tasks inline whatever REDIS_URL says: only the real-worker test talks to a broker."""


@pytest.fixture
def medal_plan(municipality, school_a, school_b):
    roadmap = RoadmapFactory(
        municipality=municipality,
        title="План мероприятий (дорожная карта) по обеспечению объективности оценивания претендентов",
        order_number="312",
        order_date=datetime.date(2023, 11, 27),
    )
    for order, (number, title, deadline, per_school) in enumerate(SEED_000_ROWS, start=1):
        measure = MeasureFactory(
            roadmap=roadmap,
            number=number,
            order=order,
            title=title,
            deadline_text=deadline.strftime("До %d.%m.%Y") if deadline else "По расписанию",
            deadline_kind=DeadlineKind.DATE if deadline else DeadlineKind.EVENT,
            deadline_end=deadline,
            responsible_text="Зав.ИМЦ\nруководители ОО." if per_school else "Зав.ИМЦ",
            per_school=per_school,
        )
        progress_sync_for_measure(measure=measure)
    return roadmap


def measure_numbered(roadmap, number: str, nth: int = 0):
    return list(roadmap.measures.filter(number=number).order_by("order"))[nth]


def set_status(measure, school, status: str) -> Progress:
    progress = Progress.objects.get(measure=measure, school=school)
    progress.status = status
    progress.save(update_fields=["status"])
    return progress


@pytest.fixture
def march_meeting(medal_plan, department_head, methodist_a, head_a, head_b, school_a):
    set_status(measure_numbered(medal_plan, "1."), school_a, ProgressStatus.DONE)
    scope = meeting_scope(roadmap=medal_plan)
    return meeting_create(
        roadmap=medal_plan,
        created_by=department_head,
        date=datetime.date(2024, 3, 15),
        number="3",
        place="с. Коркмаскала",
        chair=department_head,
        secretary=methodist_a,
        attendees=[head_a, head_b],
        meeting_measure=scope.measure,
        first=scope.first,
        last=scope.last,
    )
