"""Exam scores of pupils from every source this app keeps (ЕГЭ, mock exams), for other apps to read."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from .models import EgeResult, MockWork, Subject
from .scales import scale_book


@dataclass(frozen=True)
class ExamScore:
    kind: str  # "ege" | "mock"
    subject: Subject
    score_100: int | None
    primary_score: int | None
    date: datetime.date
    round: str  # "первый пробный", "второй пробный"…; "" for ЕГЭ


def pupil_exam_scores(*, pupil_ids: list[int]) -> dict[int, list[ExamScore]]:
    """Every ЕГЭ result and mock-exam work of the pupils, by date, in three queries whatever the count.

    A mock work not checked yet is there with both scores None: the pupil sat the exam. A mock score is
    converted with the scale of the exam year (the school year's end); no scale → score_100 None.
    """
    scores: dict[int, list[ExamScore]] = defaultdict(list)
    if not pupil_ids:
        return {}
    for result in EgeResult.objects.filter(pupil_id__any_of=pupil_ids).select_related("subject"):
        scores[result.pupil_id].append(
            ExamScore(
                kind="ege",
                subject=result.subject,
                score_100=result.score_100,
                primary_score=result.primary_score,
                date=result.exam_date,
                round="",
            )
        )
    works = list(
        MockWork.objects.filter(pupil_id__any_of=pupil_ids).select_related(
            "exam__subject", "exam__schedule__municipality"
        )
    )
    book = scale_book(
        subject_ids={work.exam.subject_id for work in works},
        municipality_ids={work.exam.schedule.municipality_id for work in works},
    )
    for work in works:
        exam = work.exam
        zone = zoneinfo.ZoneInfo(exam.schedule.municipality.timezone)
        scores[work.pupil_id].append(
            ExamScore(
                kind="mock",
                subject=exam.subject,
                score_100=book.convert(
                    subject_id=exam.subject_id,
                    year=exam.schedule.period_end.year,
                    primary=work.primary_score,
                    municipality_id=exam.schedule.municipality_id,
                ),
                primary_score=work.primary_score,
                date=exam.starts_at.astimezone(zone).date(),
                round=exam.get_round_display(),
            )
        )
    return {pupil_id: sorted(items, key=lambda s: (s.date, s.kind)) for pupil_id, items in scores.items()}
