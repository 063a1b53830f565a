"""The models of assessments, a module per area; imported here so that Django and the app see one `models`."""

from .aggregates import VprAggregate
from .mock_exams import Commission, MockExam, MockExamSchedule, MockWork, ScoreScale
from .objectivity import ObjectivityThresholds, OfficialFlag, VprMarkStatistics
from .observers import (
    Observer,
    ObserverAct,
    ObserverAssignment,
    ObserverConflict,
    Procedure,
    SchoolProcedureDay,
)
from .oge import OgeResult
from .results import EgeResult, ResultUpload, VprGradingScale, VprResult, VprTest
from .subjects import Subject
from .vpr_dates import VprDatesUpload
from .vpr_recheck import VprRecheck, VprRecheckWork

__all__ = [
    "Commission",
    "EgeResult",
    "MockExam",
    "MockExamSchedule",
    "MockWork",
    "ObjectivityThresholds",
    "Observer",
    "ObserverAct",
    "ObserverAssignment",
    "ObserverConflict",
    "OfficialFlag",
    "OgeResult",
    "Procedure",
    "ResultUpload",
    "SchoolProcedureDay",
    "ScoreScale",
    "Subject",
    "VprAggregate",
    "VprDatesUpload",
    "VprGradingScale",
    "VprMarkStatistics",
    "VprRecheck",
    "VprRecheckWork",
    "VprResult",
    "VprTest",
]
