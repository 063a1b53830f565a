"""Reading roadmap documents (.docx, .xlsx, .txt) into a ParsedRoadmap.

``parse_roadmap(data, filename)`` is the whole public entry point; every failure is a
``RoadmapImportError`` with a Russian message naming the file. Saving lives in ``roadmaps.importer.save``.
"""

from __future__ import annotations

from .errors import MAX_BYTES, RoadmapImportError, check_size
from .parsed import Approval, ParsedAppendix, ParsedMeasure, ParsedRoadmap, ParsedSection
from .parser import parse_document
from .readers import SUPPORTED_SUFFIXES, check_suffix, read_document

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Approval",
    "ParsedAppendix",
    "ParsedMeasure",
    "ParsedRoadmap",
    "ParsedSection",
    "RoadmapImportError",
    "check_size",
    "check_suffix",
    "parse_roadmap",
]


def parse_roadmap(data: bytes, filename: str, max_bytes: int = MAX_BYTES) -> ParsedRoadmap:
    """Read a roadmap document. Raises RoadmapImportError and nothing else."""
    check_suffix(filename)
    check_size(len(data), filename, max_bytes)
    try:
        document = read_document(data, filename)
    except RoadmapImportError:
        raise
    except Exception as exc:  # a library failing on a malformed file must not escape as a crash
        raise RoadmapImportError(
            f"Файл «{filename}» не удалось прочитать: он повреждён или имеет неверный формат."
        ) from exc
    try:
        return parse_document(document)
    except RoadmapImportError:
        raise
    except Exception as exc:  # an unforeseen layout: report it as a file problem, keep the cause chained
        raise RoadmapImportError(
            f"Файл «{filename}» не удалось разобрать: структура документа не похожа на дорожную карту."
        ) from exc
